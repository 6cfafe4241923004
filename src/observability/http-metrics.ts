import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { processMetrics } from './metrics.ts';

/**
 * Observes each request's latency under its route pattern (`/api/v1/customers/:id`), never the
 * raw path, so ids do not make new series; requests no route matched count as `unmatched`.
 * @example app.use('*', httpMetrics());
 */
export function httpMetrics(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = routePath(c);
      processMetrics().httpDuration.observe(
        {
          route: route === '*' || route === '/*' ? 'unmatched' : route,
          method: c.req.method,
          status: String(c.res.status),
        },
        (performance.now() - started) / 1000,
      );
    }
  };
}
