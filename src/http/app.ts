import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { httpMetrics } from '../observability/http-metrics.ts';
import { metricsHandler } from '../observability/metrics-route.ts';
import { checkReadiness } from '../observability/readiness.ts';
import { createApiRoutes } from './api/index.ts';
import type { AppDeps } from './deps.ts';
import { HttpError, problemResponse } from './errors.ts';
import { createUiRoutes } from './ui/index.ts';

/**
 * The whole web application: REST API under /api/v1, the Norwegian web UI under /.
 * Tests call `createApp(deps).request(...)` without a port.
 * @example const res = await createApp(deps).request('/healthz');
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(httpMetrics());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const readiness = await checkReadiness(deps.db, deps.logger);
    return c.json(readiness, readiness.status === 'ready' ? 200 : 503);
  });
  app.get(
    '/metrics',
    metricsHandler({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      // The engine this process enqueues on: jobs are counted where it keeps them.
      jobs: { stats: (now) => deps.sync.engine.stats(now) },
      // Read per scrape: tests install another runtime (or token) on a built app.
      get token() {
        return deps.config.metricsToken;
      },
      get budget() {
        return {
          scope: deps.integration.budgetScope,
          callsPerHour: deps.config.twentyFourBudget.callsPerHour,
        };
      },
    }),
  );
  app.route('/api/v1', createApiRoutes(deps));
  app.route('/', createUiRoutes(deps));
  app.onError((error, c) => {
    if (!(error instanceof HttpError)) deps.logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return problemResponse(c, error);
  });
  return app;
}
