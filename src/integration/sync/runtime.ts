import type { Config } from '../../config/config.ts';
import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { type JobEngine, openJobEngine } from '../../jobs/engine.ts';
import type { JobHandler, JobQueue } from '../../jobs/queue.ts';
import type { JobRunner } from '../../jobs/worker.ts';
import { instrumentJobHandlers } from '../../observability/job-metrics.ts';
import { RECONCILIATION_JOB, reconciliationJobHandler } from '../reconciliation/job.ts';
import type { IntegrationRuntime } from '../runtime.ts';
import type { SyncDeps } from './run-context.ts';
import { AUTO_JOB, autoJobHandler, scheduleAuto, type TickChore, watchAuto } from './scheduler.ts';
import { SYNC_JOB, syncJobHandler } from './service.ts';

// One sync runtime per process, built at start-up beside the integration runtime and put in
// the app's dependencies (`deps.sync`): the queue the API and pages enqueue runs on, and — when
// this process runs a worker — the worker that executes them (a queued run wakes it at once),
// the activation reconciliation's reads of 24SO, and the jobs the layers above hand it. It is
// passed down, never looked up: a copy of the dependencies (a request's transaction) carries
// the same one. The job engine is the configured one (BROEN_JOBS: the embedded job table, or
// pg-boss on PostgreSQL; src/jobs/engine.ts).

interface RuntimeApp {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** The process's one integration runtime: the worker's runs use the same 24SO sessions. */
  integration: IntegrationRuntime;
}

export interface SyncRuntime {
  deps: SyncDeps;
  queue: JobQueue;
  engine: JobEngine;
  worker: JobRunner | undefined;
}

/**
 * Builds the process's sync runtime (queue only, until startSyncWorker is called). `db` must be
 * the app's handle, not a transaction.
 * @example const sync = createSyncRuntime({ db, config, logger, clock, integration }); sync.queue
 */
export function createSyncRuntime(app: RuntimeApp): SyncRuntime {
  const deps: SyncDeps = { db: app.db, clock: app.clock, logger: app.logger, connection: app.integration };
  const engine = openJobEngine(app);
  return { deps, queue: engine.queue(), engine, worker: undefined };
}

/**
 * Starts the job worker in this process (`npm start`, `npx broen worker`): it runs sync jobs,
 * the automatic triggers, reconciliation reads, the `handlers` given (invoice transfers) and
 * the trigger's `chores` (transfers whose job is gone). Returns the worker; stop it before
 * closing the database.
 * @example const worker = startSyncWorker(deps, invoicingJobs(deps)); … await worker.stop();
 */
export function startSyncWorker(
  app: { sync: SyncRuntime; clock: () => Date; logger: Logger },
  options: {
    pollMs?: number;
    leaseMs?: number;
    concurrency?: number;
    /** Jobs of the layers above (invoicing's transfers: `invoicingJobs`). */
    handlers?: Record<string, JobHandler>;
    /** What the automatic trigger's tick does for the layers above (`invoicingJobs`). */
    chores?: TickChore[];
    /** How often the trigger's job is put back if it was given up (AUTO_WATCH_MS). */
    autoWatchMs?: number;
  } = {},
): JobRunner {
  const runtime = app.sync;
  // One worker per process; a stopped one (a test's earlier part) is replaced.
  if (runtime.worker?.isRunning) return runtime.worker;
  const worker = runtime.engine.worker(
    instrumentJobHandlers({
      [SYNC_JOB]: syncJobHandler(runtime.deps),
      [AUTO_JOB]: autoJobHandler(runtime.deps, () => runtime.queue, options.chores),
      [RECONCILIATION_JOB]: reconciliationJobHandler(runtime.deps.connection),
      ...options.handlers,
    }),
    options,
  );
  runtime.worker = worker;
  runtime.queue = worker.queue();
  worker.start();
  scheduleAuto(runtime.queue, app.clock).catch((error: unknown) =>
    app.logger.error({ err: error }, 'could not schedule the automatic sync trigger'),
  );
  watchAuto(
    () => runtime.queue,
    app.clock,
    app.logger,
    () => worker.isRunning,
    options.autoWatchMs,
  );
  return worker;
}
