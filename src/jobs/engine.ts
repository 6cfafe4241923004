import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { embeddedStore } from './embedded.ts';
import { PgBossJobs } from './pg-boss.ts';
import type { JobHandler, JobQueue } from './queue.ts';
import { embeddedJobStats, type JobStats } from './stats.ts';
import { JobRunner, type WorkerOptions } from './worker.ts';

// Which job engine a process uses (decision 45): BROEN_JOBS=embedded (the job table in the
// app's database; the default on SQLite and on PostgreSQL) or pg-boss (PostgreSQL only).
// Every process of one installation must use the same engine: a job queued on one is not seen
// by a worker on the other.

export type JobEngineName = 'embedded' | 'pg-boss';

/**
 * The configured engine, or a Norwegian message saying what to fix.
 * @example jobEngineName({ BROEN_JOBS: 'pg-boss' }, 'postgres://…') // 'pg-boss'
 */
export function jobEngineName(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): JobEngineName {
  const raw = env.BROEN_JOBS?.trim() || 'embedded';
  if (raw !== 'embedded' && raw !== 'pg-boss') {
    throw new Error(`BROEN_JOBS må være «embedded» eller «pg-boss» (var «${raw}»).`);
  }
  if (raw === 'pg-boss' && !databaseUrl) {
    throw new Error(
      'BROEN_JOBS=pg-boss krever PostgreSQL: sett DATABASE_URL, eller bruk BROEN_JOBS=embedded.',
    );
  }
  return raw;
}

export interface JobEngine {
  name: JobEngineName;
  /** Enqueues; `onEnqueue` is told of each new job. */
  queue(onEnqueue?: () => void): JobQueue;
  /** A worker for these handlers (not started). Stopping it also closes the engine. */
  worker(handlers: Record<string, JobHandler>, options?: WorkerOptions & { leaseMs?: number }): JobRunner;
  /** Jobs by kind and state and the oldest due one, from this engine's own tables (/metrics). */
  stats(now: Date): Promise<JobStats>;
  /** Releases the engine's own connections (pg-boss); a stopped worker has done so already. */
  close(): Promise<void>;
}

interface EngineApp {
  db: Db;
  clock: () => Date;
  logger: Logger;
  config: { databaseUrl: string | undefined };
}

/**
 * Opens the engine the environment asks for.
 * @example const engine = openJobEngine(app); engine.queue().enqueue('sync.run', { runId });
 */
export function openJobEngine(app: EngineApp, env: NodeJS.ProcessEnv = process.env): JobEngine {
  const name = jobEngineName(env, app.config.databaseUrl);
  const deps = { db: app.db, clock: app.clock, logger: app.logger };
  if (name === 'embedded') {
    return {
      name,
      queue: (onEnqueue) => embeddedStore(deps).queue(onEnqueue),
      worker: (handlers, options = {}) =>
        new JobRunner(embeddedStore(deps, options), app.logger, handlers, options),
      stats: (now) => embeddedJobStats(app.db, now),
      close: async () => {},
    };
  }
  const jobs = new PgBossJobs(
    {
      connectionString: app.config.databaseUrl as string,
      schema: env.BROEN_PGBOSS_SCHEMA?.trim() || 'pgboss',
    },
    app.logger,
  );
  return {
    name,
    queue: (onEnqueue) => jobs.queue(onEnqueue),
    worker: (handlers, options = {}) => new JobRunner(jobs.store(), app.logger, handlers, options),
    stats: (now) => jobs.stats(now),
    close: () => jobs.close(),
  };
}
