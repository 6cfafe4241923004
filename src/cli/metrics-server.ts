import { Hono } from 'hono';
import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { budgetScopeKey } from '../integration/call-budget.ts';
import type { SyncRuntime } from '../integration/sync/runtime.ts';
import { metricsHandler } from '../observability/metrics-route.ts';
import { listen } from './http-server.ts';

/**
 * With BROEN_METRICS_PORT set, a second listener serving only `GET /metrics` (any process:
 * `broen worker` has no other port). It binds to HOST like the app; BROEN_METRICS_TOKEN, when
 * set, is required here too — without it the port itself is the protection: keep it off the
 * load balancer. Returns undefined when no port is configured.
 * @example const metrics = await startMetricsServer(app); … await metrics?.close();
 */
export async function startMetricsServer(app: {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** The process's sync runtime: the job figures come from its engine. */
  sync: SyncRuntime;
}): Promise<{ url: string; close(): Promise<void> } | undefined> {
  const { config } = app;
  if (config.metricsPort === undefined) return undefined;
  const server = new Hono();
  server.get(
    '/metrics',
    metricsHandler(
      {
        db: app.db,
        clock: app.clock,
        logger: app.logger,
        token: config.metricsToken,
        // The process's job engine (the worker's, when this process runs one).
        jobs: { stats: (now) => app.sync.engine.stats(now) },
        budget: {
          scope: budgetScopeKey(config.twentyFourBudget.scope, config.twentyFourApplicationId),
          callsPerHour: config.twentyFourBudget.callsPerHour,
        },
      },
      { openWithoutToken: true },
    ),
  );
  const listening = await listen(server, config.metricsPort, config.host);
  app.logger.info({ url: `${listening.url}/metrics` }, 'metrics listening');
  return listening;
}
