import type { Config } from '../../config/config.ts';
import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { EmbeddedWorker, embeddedQueue } from '../../jobs/embedded.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { instrumentJobHandlers } from '../../observability/job-metrics.ts';
import { RECONCILIATION_JOB, reconciliationJobHandler } from '../reconciliation/job.ts';
import { integrationRuntime } from '../runtime.ts';
import type { SyncDeps } from './engine.ts';
import { AUTO_JOB, autoJobHandler, scheduleAuto } from './scheduler.ts';
import { SYNC_JOB, syncJobHandler } from './service.ts';

// One sync runtime per app instance: the queue the API and pages enqueue runs on, and — when
// this process runs a worker — the worker that executes them (a queued run wakes it at once),
// and the activation reconciliation's reads of 24SO.

interface AppLike {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
}

export interface SyncRuntime {
  deps: SyncDeps;
  queue: JobQueue;
  worker: EmbeddedWorker | undefined;
}

const runtimes = new WeakMap<object, SyncRuntime>();

/**
 * The app's sync runtime (queue only, until startSyncWorker is called in this process).
 * @example const { queue } = syncRuntime(deps); await startSync({ db, clock, queue }, request);
 */
export function syncRuntime(app: AppLike): SyncRuntime {
  const existing = runtimes.get(app);
  if (existing) return existing;
  const deps: SyncDeps = {
    db: app.db,
    clock: app.clock,
    logger: app.logger,
    connection: integrationRuntime(app),
  };
  const runtime: SyncRuntime = {
    deps,
    queue: embeddedQueue({ db: app.db, clock: app.clock, logger: app.logger }),
    worker: undefined,
  };
  runtimes.set(app, runtime);
  return runtime;
}

/**
 * Starts the job worker in this process (`npm start`, `npx broen worker`): it runs sync jobs and
 * the automatic triggers. Returns the worker; stop it before closing the database.
 * @example const worker = startSyncWorker(deps); … await worker.stop();
 */
export function startSyncWorker(
  app: AppLike,
  options: { pollMs?: number; leaseMs?: number } = {},
): EmbeddedWorker {
  const runtime = syncRuntime(app);
  if (runtime.worker) return runtime.worker;
  const worker = new EmbeddedWorker(
    { db: app.db, clock: app.clock, logger: app.logger },
    instrumentJobHandlers({
      [SYNC_JOB]: syncJobHandler(runtime.deps),
      [AUTO_JOB]: autoJobHandler(runtime.deps, () => runtime.queue),
      [RECONCILIATION_JOB]: reconciliationJobHandler(runtime.deps.connection),
    }),
    options,
  );
  runtime.worker = worker;
  runtime.queue = worker.queue();
  worker.start();
  scheduleAuto(runtime.queue, app.clock).catch((error: unknown) =>
    app.logger.error({ err: error }, 'could not schedule the automatic sync trigger'),
  );
  return worker;
}
