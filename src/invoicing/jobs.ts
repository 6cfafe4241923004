import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import type { ConnectionDeps } from '../integration/session-calls.ts';
import type { TickChore } from '../integration/sync/scheduler.ts';
import type { JobHandler } from '../jobs/queue.ts';
import { twentyfourIdOf } from './links.ts';
import { carryOnTransfers } from './transfer-carry.ts';
import { INVOICE_TRANSFER_JOB, transferJobHandler } from './transfer-job.ts';

// What invoicing hands the job worker of `npm start` and `broen worker`: the handler that runs
// invoice transfers, and the automatic trigger's chore that gives a transfer whose job is gone a
// new one (decision 86).

/**
 * Invoicing's job handlers and tick chores, in the shape `startSyncWorker` takes them.
 * @example startSyncWorker(deps, invoicingJobs(deps));
 */
export function invoicingJobs(app: {
  db: Db;
  clock: () => Date;
  logger: Logger;
  /** The process's integration runtime (its 24SO sessions and call budget). */
  integration: ConnectionDeps;
}): { handlers: Record<string, JobHandler>; chores: TickChore[] } {
  return {
    handlers: {
      [INVOICE_TRANSFER_JOB]: transferJobHandler({
        db: app.db,
        connection: app.integration,
        links: twentyfourIdOf,
        clock: app.clock,
      }),
    },
    chores: [(queue) => carryOnTransfers({ db: app.db, clock: app.clock, queue, logger: app.logger })],
  };
}
