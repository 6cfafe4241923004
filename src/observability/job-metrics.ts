import type { JobHandler } from '../jobs/queue.ts';
import { processMetrics } from './metrics.ts';

/**
 * Wraps each handler so every execution is observed in `broen_job_duration_seconds` by kind and
 * outcome (`done`, `later` — handed back or waiting for 24SO —, or `error`).
 * @example new EmbeddedWorker(deps, instrumentJobHandlers({ 'sync.run': handler }));
 */
export function instrumentJobHandlers(handlers: Record<string, JobHandler>): Record<string, JobHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([kind, handler]) => [
      kind,
      (async (job, ctx) => {
        const started = performance.now();
        let outcome = 'error';
        try {
          const result = await handler(job, ctx);
          outcome = result.kind;
          return result;
        } finally {
          processMetrics().jobDuration.observe({ kind, outcome }, (performance.now() - started) / 1000);
        }
      }) satisfies JobHandler,
    ]),
  );
}
