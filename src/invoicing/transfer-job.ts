import type { Db } from '../db/database.ts';
import type { JobHandler, JobQueue } from '../jobs/queue.ts';
import { LeaseLost } from '../jobs/worker.ts';
import { DomainError } from '../workspace/errors.ts';
import { getInvoiceAttachment } from './attachments.ts';
import type { InvoiceAttachmentRow } from './tables.ts';
import { type TransferDeps, TransferTakenOver, transferAttachment } from './transfer.ts';

// «Lag faktura (24SevenOffice)» runs as a job: the button (or POST …/transfer) marks the
// attachment as asked for and queues one job per attachment (its unique key makes a double click
// or a second request the same job), and a worker in any process runs the step workflow of
// transfer.ts. A quarantine makes the job wait for its end (the page says until when); a lost
// answer retries with the engine's backoff, each retry searching 24SO for the key before saving.
// The attachment is held by the job's claim (its id and epoch): the job's fence refuses a stale
// claim's 24SO calls, and the attachment refuses its writes (decision 79).

export const INVOICE_TRANSFER_JOB = 'invoicing.transfer';

/** A transfer job's payload. */
export interface TransferPayload {
  workspaceId: string;
  attachmentId: string;
}

/** The unique key of an attachment's transfer job: one live job per attachment, whoever enqueues it. */
export function transferJobKey(attachmentId: string): string {
  return `invoice-transfer:${attachmentId}`;
}

export type TransferRequest =
  | { state: 'transferred'; orderId: number }
  | { state: 'queued'; jobId: string; deduplicated: boolean };

/**
 * Asks for the transfer of an attachment: records the request and queues its job (the same job
 * while one is live). An attachment already transferred answers with its order.
 * @example const r = await requestTransfer({ db, clock, queue }, ws.id, id);
 */
export async function requestTransfer(
  deps: { db: Db; clock: () => Date; queue: JobQueue },
  workspaceId: string,
  attachmentId: string,
): Promise<TransferRequest> {
  const a = await getInvoiceAttachment(deps.db, workspaceId, attachmentId);
  if (!a) throw new DomainError('not_found', 'Fakturavedlegget finnes ikke.');
  if (a.row.status === 'transferred') return { state: 'transferred', orderId: Number(a.row.order_id) };
  await recordTransferRequest(deps, workspaceId, attachmentId);
  const payload: TransferPayload = { workspaceId, attachmentId };
  const job = await deps.queue.enqueue(INVOICE_TRANSFER_JOB, payload, {
    uniqueKey: transferJobKey(attachmentId),
  });
  return { state: 'queued', jobId: job.id, deduplicated: job.deduplicated };
}

/**
 * Records on the attachment that its transfer is asked for — the page says «Overføres» from now
 * on — and starts the count of new jobs it was given after losing one (transfer-carry.ts) over.
 * `requestTransfer` queues the job right after; until then the tick may find it without one.
 * @example await recordTransferRequest({ db, clock }, ws.id, id);
 */
export async function recordTransferRequest(
  deps: { db: Db; clock: () => Date },
  workspaceId: string,
  attachmentId: string,
): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.db
    .updateTable('invoice_attachments')
    .set({
      transfer_requested_at: now,
      transfer_waiting_until: null,
      transfer_error: null,
      transfer_resumes: 0,
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', attachmentId)
    .where('status', 'in', ['open', 'transferring'])
    .where('deleted_at', 'is', null)
    .execute();
}

/**
 * Writes the job's own state on the attachment. With `holder`: only while that claim holds the
 * transfer (`held`), or while no other run holds it live (`free`: this claim, or a released or
 * run-out lease). False when nothing was written.
 */
async function mark(
  deps: TransferDeps,
  id: string,
  values: Partial<InvoiceAttachmentRow>,
  fence?: { holder: string; when: 'held' | 'free' },
): Promise<boolean> {
  const now = deps.clock().toISOString();
  let update = deps.db
    .updateTable('invoice_attachments')
    .set({ ...values, updated_at: now })
    .where('id', '=', id);
  if (fence?.when === 'held') update = update.where('transfer_holder', '=', fence.holder);
  if (fence?.when === 'free') {
    update = update.where((eb) =>
      eb.or([
        eb('transfer_holder', '=', fence.holder),
        eb('transfer_lease_until', 'is', null),
        eb('transfer_lease_until', '<', now),
      ]),
    );
  }
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The request is answered (an order, a refusal, a blocker or a final failure): the page stops waiting. */
const finished = { transfer_requested_at: null, transfer_waiting_until: null };

/**
 * The job handler running the transfer of one attachment.
 * @example new EmbeddedWorker(deps, { [INVOICE_TRANSFER_JOB]: transferJobHandler(transferDeps) });
 */
export function transferJobHandler(deps: TransferDeps): JobHandler {
  return async (job, ctx) => {
    const payload = job.payload as Partial<TransferPayload> | null;
    if (typeof payload?.workspaceId !== 'string' || typeof payload.attachmentId !== 'string') {
      return { kind: 'done' };
    }
    const { workspaceId, attachmentId: id } = payload;
    const last = job.attempt >= job.maxAttempts;
    const holder = `${job.id}#${ctx.epoch}`;
    // Another worker holds the job now (its fence refused a 24SO call, or the attachment refused
    // a write): that worker answers the request, not this one.
    const lost = () => new LeaseLost(job.id, ctx.epoch);
    const held = async (values: Partial<InvoiceAttachmentRow>) => {
      if (!(await mark(deps, id, values, { holder, when: 'held' }))) throw lost();
    };
    let outcome: Awaited<ReturnType<typeof transferAttachment>>;
    try {
      outcome = await transferAttachment({ ...deps, leaseMs: ctx.leaseMs, holder }, workspaceId, id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return { kind: 'done' };
      if (error instanceof LeaseLost) throw error;
      if (error instanceof TransferTakenOver) throw lost();
      if (last) {
        // The error may have come before the claim; only a run holding it live is not overruled.
        const reason = error instanceof Error ? error.message : String(error);
        await mark(
          deps,
          id,
          {
            ...finished,
            transfer_error: `Overføringen stoppet etter ${job.attempt} forsøk (${reason}). Trykk «Lag faktura (24SevenOffice)» for å prøve igjen; det blir aldri laget to ordrer.`,
          },
          { holder, when: 'free' },
        );
      }
      throw error;
    }
    switch (outcome.state) {
      case 'waiting':
        await held({ transfer_waiting_until: outcome.until.toISOString() });
        return { kind: 'later', at: outcome.until, note: 'venter på 24SO' };
      case 'busy':
        // Another run holds the attachment (or a killed one's lease has not run out yet).
        return {
          kind: 'later',
          at: outcome.leaseUntil ?? new Date(deps.clock().getTime() + 5_000),
          note: 'overføringen pågår i en annen prosess',
        };
      case 'uncertain':
        // Nothing is re-sent blindly: the next attempt searches 24SO for the key first.
        if (!last) throw new Error(outcome.message);
        await held(finished);
        return { kind: 'done' };
      case 'blocked':
        await held({
          ...finished,
          transfer_error: `Kan ikke overføres ennå: ${outcome.preview.blockers.map((b) => b.message).join(' ')}`,
        });
        return { kind: 'done' };
      case 'failed':
        await held(finished);
        return { kind: 'done' };
      default:
        // Transferred: the final state, whoever says so (a run may find it done by another).
        await mark(deps, id, finished);
        return { kind: 'done' };
    }
  };
}
