import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { type CarryOn, carryOnEach, carryOnJob, FRESH_MS } from '../jobs/carry-on.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { INVOICE_TRANSFER_JOB, type TransferPayload, transferJobKey } from './transfer-job.ts';

// An invoice transfer asked for («Lag faktura (24SevenOffice)»: `transfer_requested_at` set,
// the attachment open or being transferred) is carried on by its job. When that job is gone —
// given up after its workers were lost again and again (decision 81), failed, or deleted —
// without answering the request, the page would say «Overføres» for ever and nobody would finish
// the transfer. The automatic trigger's tick gives such a transfer a new job, or, once it has had
// MAX_RESUMES of them, stops it with a message saying what happened and what to do (decision 86).
// A new job is as safe as the old one's retry: a transfer with an intent searches 24SO for its
// key before it saves anything (transfer.ts), so it never makes a second order.

/** What the page says about a transfer that lost its job too often. */
export const LOST_TRANSFER_MESSAGE =
  'Overføringen stoppet fordi jobben som kjørte den ble borte gang på gang (arbeidsprosessen ' +
  'stoppet eller krasjet midt i overføringen). Trykk «Lag faktura (24SevenOffice)» for å prøve ' +
  'igjen: Broen sjekker først i 24SevenOffice om ordren allerede er laget, så det blir aldri laget ' +
  'to ordrer. Skjer det igjen, se loggen til arbeidsprosessen.';

export interface TransferCarryDeps {
  db: Db;
  clock: () => Date;
  queue: JobQueue;
  logger?: Logger;
}

/**
 * Makes sure a transfer asked for has a job: gives it a new one when its job is gone, or stops
 * it after MAX_RESUMES (src/jobs/carry-on.ts: safe when several processes do it at once). A
 * request under FRESH_MS old gets its job without counting a resume: «Lag faktura» may not have
 * enqueued it yet. Every write is conditional on the request read, so a new «Lag faktura» in
 * between (which starts the count over) is neither counted nor stopped.
 * @example await carryOnTransfer(deps, { workspaceId, attachmentId });
 */
export async function carryOnTransfer(deps: TransferCarryDeps, transfer: TransferPayload): Promise<CarryOn> {
  const { workspaceId, attachmentId } = transfer;
  const log = deps.logger?.child({ workspaceId, attachmentId });
  const asked = (requestedAt: string) =>
    deps.db
      .updateTable('invoice_attachments')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', attachmentId)
      .where('transfer_requested_at', '=', requestedAt)
      .where('status', 'in', ['open', 'transferring'])
      .where('deleted_at', 'is', null);
  return carryOnJob({
    queue: deps.queue,
    kind: INVOICE_TRANSFER_JOB,
    uniqueKey: transferJobKey(attachmentId),
    payload: transfer,
    read: async () => {
      const row = await deps.db
        .selectFrom('invoice_attachments')
        .select(['transfer_requested_at', 'transfer_resumes', 'transfer_step'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', attachmentId)
        .where('status', 'in', ['open', 'transferring'])
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const requestedAt = row?.transfer_requested_at;
      if (!row || !requestedAt) return undefined;
      const age = deps.clock().getTime() - Date.parse(requestedAt);
      return {
        requestedAt,
        step: row.transfer_step,
        resumes: Number(row.transfer_resumes),
        fresh: age < FRESH_MS,
      };
    },
    end: async (found) => {
      const now = deps.clock().toISOString();
      const stopped = await asked(found.requestedAt)
        .set({
          transfer_requested_at: null,
          transfer_waiting_until: null,
          transfer_error: LOST_TRANSFER_MESSAGE,
          updated_at: now,
        })
        .executeTakeFirst();
      if (Number(stopped.numUpdatedRows) === 0) return false;
      log?.error(
        { resumes: found.resumes, step: found.step },
        'invoice transfer lost its job too often; stopped',
      );
      return true;
    },
    count: async (found, jobId) => {
      const counted = await asked(found.requestedAt)
        .set((eb) => ({ transfer_resumes: eb('transfer_resumes', '+', 1) }))
        .executeTakeFirst();
      if (Number(counted.numUpdatedRows) === 0) return false;
      log?.warn(
        { resumes: found.resumes + 1, step: found.step, jobId },
        'invoice transfer was asked for with no job; given a new one',
      );
      return true;
    },
  });
}

/**
 * Runs `carryOnTransfer` for every transfer asked for (the automatic trigger's tick): none is
 * left waiting with nothing behind it for longer than a tick.
 * @example await carryOnTransfers({ db, clock, queue, logger });
 */
export async function carryOnTransfers(deps: TransferCarryDeps): Promise<Record<CarryOn, number>> {
  const asked = await deps.db
    .selectFrom('invoice_attachments')
    .select(['workspace_id', 'id'])
    .where('transfer_requested_at', 'is not', null)
    .where('status', 'in', ['open', 'transferring'])
    .where('deleted_at', 'is', null)
    .execute();
  return carryOnEach(
    asked.map((a) => ({ workspaceId: a.workspace_id, attachmentId: a.id })),
    (transfer) => carryOnTransfer(deps, transfer),
    (error, transfer) =>
      deps.logger?.error(
        { err: error, ...transfer },
        'could not check that an invoice transfer asked for has a job',
      ),
  );
}
