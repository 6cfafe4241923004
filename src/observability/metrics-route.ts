import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Registry } from 'prom-client';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { type BudgetView, collectDatabaseMetrics, type JobStatsSource } from './database-metrics.ts';
import { processMetrics } from './metrics.ts';

// `GET /metrics`: the labels name workspaces, so it is never public. With BROEN_METRICS_TOKEN
// set it wants `Authorization: Bearer <token>` (401 otherwise); without it, /metrics on the
// app's port does not exist (404) — see docs/operations.md and decision 42.

export interface MetricsDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
  budget: BudgetView;
  /** The process's job engine: the job figures come from its tables (embedded or pg-boss). */
  jobs: JobStatsSource;
  token: string | undefined;
}

/**
 * The Prometheus text of this process plus the database-wide gauges.
 * @example const { contentType, body } = await renderMetrics(deps);
 */
export async function renderMetrics(
  deps: Pick<MetricsDeps, 'db' | 'clock' | 'budget' | 'logger' | 'jobs'>,
): Promise<{ contentType: string; body: string }> {
  const own = processMetrics().registry;
  let registries = [own];
  try {
    registries = [own, await collectDatabaseMetrics(deps.db, deps.clock, deps.budget, deps.jobs)];
  } catch (error) {
    // A database outage must not hide the process's own figures (they show the outage).
    deps.logger.warn({ err: error }, 'metrics: could not read the database-wide figures');
  }
  const merged = Registry.merge(registries);
  return { contentType: own.contentType, body: await merged.metrics() };
}

/**
 * The Hono handler for /metrics, token-checked.
 * @example app.get('/metrics', metricsHandler({ db, clock, logger, budget, token: config.metricsToken }));
 */
export function metricsHandler(deps: MetricsDeps, options: { openWithoutToken?: boolean } = {}) {
  return async (c: Context) => {
    if (deps.token === undefined) {
      if (!options.openWithoutToken) return c.text('Not Found', 404);
    } else if (!tokenMatches(c.req.header('authorization'), deps.token)) {
      return c.text('Unauthorized', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    const { contentType, body } = await renderMetrics(deps);
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
