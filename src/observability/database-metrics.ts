import { Gauge, Registry } from 'prom-client';
import type { Db } from '../db/database.ts';
import type { JobStats } from '../jobs/stats.ts';

// Figures read from the shared database at scrape time: the same from every process that is
// scraped, so dashboards aggregate them with max(), not sum(). Each query is one indexed GROUP
// BY. The job figures come from the job engine in use (the embedded table or pg-boss's schema,
// src/jobs/stats.ts); jobs that are done are left out (they only grow — their rate is in
// broen_job_duration_seconds).

/** Where the job figures come from: the process's job engine (`JobEngine.stats`). */
export interface JobStatsSource {
  stats(now: Date): Promise<JobStats>;
}

export interface BudgetView {
  /** This process's budget scope (always reported, also before its first call this hour). */
  scope: string;
  callsPerHour: number;
}

const HOUR_MS = 60 * 60_000;

/**
 * A registry with the database-wide gauges, filled now.
 * @example const registry = await collectDatabaseMetrics(db, clock, { scope, callsPerHour: 7200 }, engine);
 */
export async function collectDatabaseMetrics(
  db: Db,
  clock: () => Date,
  budget: BudgetView,
  jobs: JobStatsSource,
): Promise<Registry> {
  const registry = new Registry();
  const now = clock();
  const [jobStats, windows, quarantines, records, runs] = await Promise.all([
    jobs.stats(now),
    db
      .selectFrom('twentyfour_call_windows')
      .select(['scope', 'used'])
      .where('window_start', '=', new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString())
      .execute(),
    db
      .selectFrom('twentyfour_quarantines')
      .select(['scope', 'until'])
      .where('until', '>', now.toISOString())
      .execute(),
    db
      .selectFrom('sync_records')
      .innerJoin('workspaces', 'workspaces.id', 'sync_records.workspace_id')
      .select([
        'workspaces.slug as workspace',
        'sync_records.entity',
        'sync_records.state',
        'sync_records.reason_code',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      // The waiting states by name (not `<> 'synced'`), so the index on state can seek to them.
      .where('sync_records.state', 'in', ['pending', 'failed', 'skipped', 'changed_after_transfer'])
      .groupBy(['workspaces.slug', 'sync_records.entity', 'sync_records.state', 'sync_records.reason_code'])
      .execute(),
    db
      .selectFrom('sync_runs')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', 'in', ['queued', 'running', 'waiting'])
      .groupBy('state')
      .execute(),
  ]);

  const jobGauge = new Gauge({
    name: 'broen_jobs',
    help: 'Jobs in the job engine (embedded table or pg-boss) by kind and state (queued, running, failed)',
    labelNames: ['kind', 'state'],
    registers: [registry],
  });
  for (const row of jobStats.counts) jobGauge.set({ kind: row.kind, state: row.state }, row.count);

  const lag = new Gauge({
    name: 'broen_jobs_due_age_seconds',
    help: 'How long the oldest due job of each kind has waited for a worker',
    labelNames: ['kind'],
    registers: [registry],
  });
  for (const row of jobStats.oldestDue) {
    lag.set({ kind: row.kind }, Math.max(0, now.getTime() - row.dueSince.getTime()) / 1000);
  }

  const remaining = new Gauge({
    name: 'broen_twentyfour_budget_remaining',
    help: '24SO calls left in the current clock hour, per budget scope',
    labelNames: ['scope'],
    registers: [registry],
  });
  const used = new Map(windows.map((w) => [w.scope, Number(w.used)]));
  if (!used.has(budget.scope)) used.set(budget.scope, 0);
  for (const [scope, n] of used) remaining.set({ scope }, Math.max(0, budget.callsPerHour - n));

  const quarantined = new Gauge({
    name: 'broen_twentyfour_quarantine_remaining_seconds',
    help: 'Seconds until a 24SO quarantine ends, per budget scope (absent: none)',
    labelNames: ['scope'],
    registers: [registry],
  });
  for (const q of quarantines) {
    quarantined.set({ scope: q.scope }, (new Date(q.until).getTime() - now.getTime()) / 1000);
  }
  new Gauge({
    name: 'broen_twentyfour_quarantines_active',
    help: 'Budget scopes 24SO has in quarantine now',
    registers: [registry],
  }).set(quarantines.length);

  const waiting = new Gauge({
    name: 'broen_sync_records_waiting',
    help: 'Records not in sync with 24SO, by workspace, entity, state and reason code',
    labelNames: ['workspace', 'entity', 'state', 'reason'],
    registers: [registry],
  });
  for (const r of records) {
    waiting.set(
      { workspace: r.workspace, entity: r.entity, state: r.state, reason: r.reason_code ?? 'none' },
      Number(r.n),
    );
  }

  const runGauge = new Gauge({
    name: 'broen_sync_runs_active',
    help: 'Sync runs not yet ended, by state (queued, running, waiting for a quarantine)',
    labelNames: ['state'],
    registers: [registry],
  });
  for (const r of runs) runGauge.set({ state: r.state }, Number(r.n));
  return registry;
}
