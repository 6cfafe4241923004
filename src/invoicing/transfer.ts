import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { readWithSession, withSession } from '../integration/session-calls.ts';
import type { InvoiceOrder, InvoiceSearchParameters } from '../twentyfour/invoice-service.ts';
import { DomainError } from '../workspace/errors.ts';
import type { Attachment } from './attachment-schemas.ts';
import { getInvoiceAttachment } from './attachments.ts';
import type { OrderPreview } from './preview.ts';
import { loadPreview, type PreviewDeps } from './preview-load.ts';
import { compareReadBack, type ReadBack } from './read-back.ts';
import type { InvoiceAttachmentRow } from './tables.ts';

// «Lag faktura (24SevenOffice)»: the attachment becomes an order in 24SO, exactly once. A
// synchronous workflow of named steps recorded on the attachment row, each re-run skipping
// what is done:
//   intent   – the order to send and its key (in ReferenceNumber) are stored BEFORE SaveInvoices;
//   saved    – 24SO's OrderId is stored;
//   verified – the order was read back with GetInvoices and compared with what was sent;
//   done     – the attachment's hours are marked invoiced (fakturert) and it is «Overført».
// A run that finds an intent from an earlier run (a lost answer, a crash, a timeout) first
// searches 24SO for an order carrying the key and only saves when there is none. A lease on the
// row keeps two processes (or a double click) from running the same transfer at once, and every
// step is written only while the run still holds the transfer (`transfer_holder`, decision 79):
// a run whose worker stalled past its lease, and was taken over, writes nothing more.

/** The attachment's lease when the caller gives none (a transfer outside a job). */
const LEASE_MS = 2 * 60 * 1000;
/** Every kind of line an attachment holds; each gets `invoiced_at` when the order exists. */
const INVOICED_TABLES = ['hour_entries', 'transport_entries', 'material_lines', 'free_text_lines'] as const;
/** How far before the recorded intent the search for the key starts (a day: clock skew with 24SO). */
const SEARCH_MARGIN_MS = 24 * 60 * 60 * 1000;

export type TransferOutcome =
  | { state: 'transferred'; orderId: number; readBack: ReadBack }
  | { state: 'blocked'; preview: OrderPreview }
  | { state: 'failed'; message: string }
  | { state: 'uncertain'; message: string }
  /** 24SO's quarantine: nothing more can be done before `until`; the step reached is kept. */
  | { state: 'waiting'; until: Date; message: string }
  | { state: 'busy'; message: string; leaseUntil: Date | null };

export interface TransferDeps extends PreviewDeps {
  /**
   * How long the attachment's lease lasts; the transfer job passes its own job lease, so a
   * crashed worker's transfer is taken over when the job is, not minutes later.
   */
  leaseMs?: number;
  /**
   * Who runs the transfer: the transfer job passes its claim (`<job id>#<epoch>`), so the
   * attachment is held by exactly the claim the job's fence checks; outside a job, a fresh id.
   */
  holder?: string;
  /**
   * Test hook, awaited at the points where a crash or a stall tells most: before the intent is
   * written, before SaveInvoices is sent, and after 24SO answered it but before Broen recorded
   * the OrderId.
   */
  checkpoint?: (point: TransferCheckpoint, attachmentId: string) => Promise<void>;
}

/** Where `TransferDeps.checkpoint` is called. */
export type TransferCheckpoint = 'before-intent' | 'before-save' | 'after-save';

/**
 * Thrown when another run has taken the attachment's transfer over since this one claimed it
 * (its lease ran out while its worker stalled): this run stops where it is and writes nothing
 * more; the run holding it now finishes the transfer.
 */
export class TransferTakenOver extends Error {
  constructor(attachmentId: string, holder: string) {
    super(`the transfer of attachment ${attachmentId} is no longer held by ${holder}; not writing`);
  }
}

interface StoredIntent {
  order: InvoiceOrder;
  totals: OrderPreview['totals'];
  rowCount: number;
}

function readIntent(row: InvoiceAttachmentRow): StoredIntent {
  const parsed = JSON.parse(row.transfer_order_json ?? '{}') as StoredIntent;
  const o = parsed.order;
  if (o.dateOrdered) o.dateOrdered = new Date(o.dateOrdered);
  if (o.deliveryDate) o.deliveryDate = new Date(o.deliveryDate);
  return parsed;
}

/** This run's hold on an attachment's transfer: who it is, on which row. */
interface Hold {
  id: string;
  holder: string;
}

/**
 * Records a step, only while this run still holds the transfer — one conditional UPDATE, so no
 * takeover can slip in between a check and the write.
 */
async function setRow(db: Db, hold: Hold, values: Partial<InvoiceAttachmentRow>, now: string): Promise<void> {
  const result = await db
    .updateTable('invoice_attachments')
    .set({ ...values, updated_at: now })
    .where('id', '=', hold.id)
    .where('transfer_holder', '=', hold.holder)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new TransferTakenOver(hold.id, hold.holder);
}

/**
 * Takes the attachment's transfer lease for `holder`; false when another run holds it. A run
 * holding it is not waiting for 24SO any more, so the page stops saying so.
 */
async function claimLease(deps: TransferDeps, workspaceId: string, hold: Hold): Promise<boolean> {
  const now = deps.clock();
  const id = hold.id;
  const result = await deps.db
    .updateTable('invoice_attachments')
    .set({
      transfer_lease_until: new Date(now.getTime() + (deps.leaseMs ?? LEASE_MS)).toISOString(),
      transfer_holder: hold.holder,
      transfer_waiting_until: null,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('status', 'in', ['open', 'transferring'])
    .where((eb) =>
      eb.or([eb('transfer_lease_until', 'is', null), eb('transfer_lease_until', '<', now.toISOString())]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Runs (or resumes) the transfer of an attachment to 24SO as an order.
 * @example const outcome = await transferAttachment({ db, connection, links, clock }, ws.id, id);
 */
export async function transferAttachment(
  deps: TransferDeps,
  workspaceId: string,
  id: string,
): Promise<TransferOutcome> {
  const before = await getInvoiceAttachment(deps.db, workspaceId, id);
  if (!before) throw new DomainError('not_found', 'Fakturavedlegget finnes ikke.');
  if (before.row.status === 'transferred') return transferredOutcome(before.row);
  const hold: Hold = { id, holder: deps.holder ?? randomUUID() };
  if (!(await claimLease(deps, workspaceId, hold))) {
    const now = await getInvoiceAttachment(deps.db, workspaceId, id);
    if (now?.row.status === 'transferred') return transferredOutcome(now.row);
    return {
      state: 'busy',
      message: 'Overføringen av dette fakturavedlegget pågår allerede. Vent litt og last siden på nytt.',
      leaseUntil: now?.row.transfer_lease_until ? new Date(now.row.transfer_lease_until) : null,
    };
  }
  try {
    const a = (await getInvoiceAttachment(deps.db, workspaceId, id)) as Attachment;
    return await runSteps(deps, workspaceId, a, hold);
  } finally {
    // Released only by its holder. The holder stays on the row: the job's closing marks are
    // conditional on it too (transfer-job.ts).
    await deps.db
      .updateTable('invoice_attachments')
      .set({ transfer_lease_until: null })
      .where('id', '=', id)
      .where('transfer_holder', '=', hold.holder)
      .execute();
  }
}

function transferredOutcome(row: InvoiceAttachmentRow): TransferOutcome {
  return {
    state: 'transferred',
    orderId: Number(row.order_id),
    readBack: JSON.parse(row.readback_json ?? '{"matches":true,"checked":[],"differences":[]}') as ReadBack,
  };
}

/**
 * GetInvoices, sent again when its answer did not come (readWithSession, decisions 67, 77 and
 * 82): a read changes nothing in 24SO, and a lost answer must not cost the transfer one of its
 * job's attempts. A quarantine, a refused login or a refusal is answered at once.
 */
function readOrders(deps: TransferDeps, workspaceId: string, search: InvoiceSearchParameters) {
  return readWithSession(
    deps.connection,
    workspaceId,
    async (s) =>
      s.findOrders
        ? await s.findOrders(search)
        : { ok: false as const, kind: 'unreachable' as const, detail: 'findOrders missing' },
    // A transfer's job has no person waiting on this read (the client's time limit bounds each try).
    { withinMs: Number.POSITIVE_INFINITY },
  );
}

/** A 24SO answer that says "not before": the quarantine's end, as a waiting outcome. */
function quarantine(problem: { retryAt?: Date; message: string }): TransferOutcome | undefined {
  return problem.retryAt ? { state: 'waiting', until: problem.retryAt, message: problem.message } : undefined;
}

async function runSteps(
  deps: TransferDeps,
  workspaceId: string,
  a: Attachment,
  hold: Hold,
): Promise<TransferOutcome> {
  const { db } = deps;
  const id = a.row.id;
  const stamp = () => deps.clock().toISOString();
  let row = a.row;
  let fresh = false;

  if (row.transfer_step === null) {
    const preview = await loadPreview(deps, workspaceId, a);
    if (preview.blockers.length > 0 || !preview.order) return { state: 'blocked', preview };
    const intent: StoredIntent = {
      order: preview.order,
      totals: preview.totals,
      rowCount: preview.rows.length,
    };
    await deps.checkpoint?.('before-intent', id);
    const now = stamp();
    const values = {
      status: 'transferring' as const,
      transfer_step: 'intent' as const,
      transfer_key: preview.referenceNumber,
      transfer_intent_at: now,
      transfer_order_json: JSON.stringify(intent),
      transfer_error: null,
    };
    await setRow(db, hold, values, now);
    row = { ...row, ...values };
    fresh = true;
  }

  if (row.transfer_step === 'intent') {
    const intent = readIntent(row);
    let orderId: number | undefined;
    if (!fresh) {
      // An earlier run may have saved the order without learning its number: look first.
      const since = new Date(Date.parse(row.transfer_intent_at ?? stamp()) - SEARCH_MARGIN_MS);
      const found = await readOrders(deps, workspaceId, {
        customerIds: [intent.order.customerId as number],
        changedAfter: since,
      });
      if (!found.ok) {
        const waiting = quarantine(found);
        if (waiting) return waiting;
        const message = `Kunne ikke sjekke i 24SevenOffice om ordren allerede er laget (${found.message}). Ingenting er sendt på nytt; prøv igjen.`;
        await setRow(db, hold, { transfer_error: message }, stamp());
        return { state: 'uncertain', message };
      }
      orderId = found.value.find((o) => o.referenceNumber === row.transfer_key)?.orderId;
    }
    if (orderId === undefined) {
      await deps.checkpoint?.('before-save', id);
      const saved = await withSession(deps.connection, workspaceId, (s) =>
        s.saveOrder
          ? s.saveOrder(intent.order)
          : Promise.resolve({
              ok: false as const,
              kind: 'unreachable' as const,
              detail: 'saveOrder missing',
            }),
      );
      if (!saved.ok) {
        const waiting = quarantine(saved);
        if (waiting) return waiting;
        const message = `Fikk ikke svar fra 24SevenOffice (${saved.message}). Det er usikkert om ordren ble laget; Broen sjekker 24SevenOffice før den sender på nytt. Prøv igjen.`;
        await setRow(db, hold, { transfer_error: message }, stamp());
        return { state: 'uncertain', message };
      }
      if (!saved.value.saved) {
        // 24SO refused the order: nothing exists there, so the attachment is open again.
        const message = `24SevenOffice avviste ordren: ${saved.value.message} Rett feilen og prøv igjen.`;
        await setRow(
          db,
          hold,
          {
            status: 'open',
            transfer_step: null,
            transfer_key: null,
            transfer_intent_at: null,
            transfer_order_json: null,
            transfer_error: message,
          },
          stamp(),
        );
        return { state: 'failed', message };
      }
      orderId = saved.value.order.orderId;
      await deps.checkpoint?.('after-save', id);
    }
    const values = { transfer_step: 'saved' as const, order_id: orderId ?? null, transfer_error: null };
    await setRow(db, hold, values, stamp());
    row = { ...row, ...values };
  }

  if (row.transfer_step === 'saved') {
    const intent = readIntent(row);
    const orderId = Number(row.order_id);
    const read = await readOrders(deps, workspaceId, { orderIds: [orderId] });
    if (!read.ok) {
      const waiting = quarantine(read);
      if (waiting) return waiting;
      const message = `Ordre ${orderId} er laget i 24SevenOffice, men kunne ikke leses tilbake (${read.message}). Broen prøver igjen for å sammenligne.`;
      await setRow(db, hold, { transfer_error: message }, stamp());
      return { state: 'uncertain', message };
    }
    const readBack = compareReadBack(
      intent.order,
      intent.totals,
      read.value.find((o) => o.orderId === orderId),
    );
    const values = { transfer_step: 'verified' as const, readback_json: JSON.stringify(readBack) };
    await setRow(db, hold, values, stamp());
    row = { ...row, ...values };
  }

  if (row.transfer_step === 'verified') {
    const now = stamp();
    await db.transaction().execute(async (trx) => {
      for (const table of INVOICED_TABLES) {
        await trx
          .updateTable(table)
          .set({ invoiced_at: now, updated_at: now })
          .where('workspace_id', '=', workspaceId)
          .where('invoice_attachment_id', '=', id)
          .execute();
      }
      await setRow(
        trx,
        hold,
        { status: 'transferred', transfer_step: 'done', transferred_at: now, transfer_error: null },
        now,
      );
    });
    row = { ...row, status: 'transferred', transfer_step: 'done' };
  }
  return transferredOutcome(row);
}
