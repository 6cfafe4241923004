import type { Db } from '../db/database.ts';

// What `GET /metrics` reports about jobs (broen_jobs, broen_jobs_due_age_seconds), read from
// whichever engine holds them: the embedded job table, or pg-boss's own schema. Each engine
// answers through `JobEngine.stats` (engine.ts), so the metrics code does not know which one
// runs (decision 69). Jobs that ended well are left out: they only grow.

export type JobStatsState = 'queued' | 'running' | 'failed';

export interface JobStats {
  /** Jobs by kind and state: queued (due or not yet), running (or held by a dead worker), failed for good. */
  counts: { kind: string; state: JobStatsState; count: number }[];
  /** Per kind with a due job waiting: when the longest-waiting one became due. */
  oldestDue: { kind: string; dueSince: Date }[];
}

/**
 * The embedded engine's figures: two indexed GROUP BYs on the job table.
 * @example const { counts, oldestDue } = await embeddedJobStats(db, new Date());
 */
export async function embeddedJobStats(db: Db, now: Date): Promise<JobStats> {
  const [counts, due] = await Promise.all([
    db
      .selectFrom('jobs')
      .select(['kind', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', 'in', ['queued', 'running', 'failed'])
      .groupBy(['kind', 'state'])
      .execute(),
    db
      .selectFrom('jobs')
      .select(['kind', (eb) => eb.fn.min<string>('run_at').as('oldest')])
      .where('state', '=', 'queued')
      .where('run_at', '<=', now.toISOString())
      .groupBy('kind')
      .execute(),
  ]);
  return {
    counts: counts.map((r) => ({ kind: r.kind, state: r.state as JobStatsState, count: Number(r.n) })),
    oldestDue: due.map((r) => ({ kind: r.kind, dueSince: new Date(r.oldest) })),
  };
}

type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * pg-boss's figures from its `job` table in `schema`. Its states map onto ours: created and
 * retry (waiting, also after its maintenance expired a dead worker's job) are queued, active is
 * running, failed is failed — only for good here, since the engine fails a job in pg-boss only
 * after its last attempt (pg-boss.ts). A job handed back ("later", a retry with our backoff) is
 * a completed job plus a new created one, so it counts once, as queued. Failed jobs count until
 * pg-boss archives them (after 12 hours by default). Before pg-boss has created its schema
 * there are no jobs.
 * @example const stats = await pgBossJobStats((text, values) => pool.query(text, values), 'pgboss', new Date());
 */
export async function pgBossJobStats(executeSql: ExecuteSql, schema: string, now: Date): Promise<JobStats> {
  const exists = await executeSql('select to_regclass($1) is not null as present', [`${schema}.job`]);
  if (exists.rows[0]?.present !== true) return { counts: [], oldestDue: [] };
  const [counts, due] = await Promise.all([
    executeSql(
      `select name, case state when 'active' then 'running' when 'failed' then 'failed' else 'queued' end as state,
         count(*)::int as n
       from ${schema}.job
       where state in ('created', 'retry', 'active', 'failed')
       group by 1, 2`,
    ),
    executeSql(
      `select name, min(start_after) as oldest
       from ${schema}.job
       where state in ('created', 'retry') and start_after <= $1
       group by name`,
      [now],
    ),
  ]);
  return {
    counts: counts.rows.map((r) => ({
      kind: String(r.name),
      state: r.state as JobStatsState,
      count: Number(r.n),
    })),
    oldestDue: due.rows.map((r) => ({ kind: String(r.name), dueSince: new Date(r.oldest as Date) })),
  };
}
