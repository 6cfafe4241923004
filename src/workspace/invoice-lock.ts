import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { DomainError } from './errors.ts';

// A line on an invoice attachment (fakturavedlegg) is frozen: it cannot be changed, deleted or
// (for hours) un-approved until the attachment is deleted. Every write to such a row carries
// `where invoice_attachment_id is null`, so the rule holds also when an attachment is made
// between reading the row and writing it. The refusal names the attachment and the way out.

export type LockedTable = 'hour_entries' | 'transport_entries' | 'material_lines' | 'free_text_lines';

const WHAT: Record<LockedTable, string> = {
  hour_entries: 'Timen',
  transport_entries: 'Kjøringen',
  material_lines: 'Varelinjen',
  free_text_lines: 'Fritekstlinjen',
};

/**
 * The invoicing state every billable row shows in the API: the attachment holding it and
 * whether that attachment is an order in 24SO (fakturert).
 * @example z.object({ ...fields, ...invoiceStateShape('timen') })
 */
export function invoiceStateShape(what: string) {
  return {
    invoiceAttachmentId: z
      .string()
      .nullable()
      .describe(`Fakturavedlegget ${what} er med på (da kan den ikke endres eller slettes), ellers null`),
    invoiced: z.boolean().describe('Fakturert: fakturavedlegget er overført som ordre til 24SevenOffice'),
  };
}

/**
 * The invoicing state of a row, in the shape invoiceStateShape declares.
 * @example return { ...fields, ...invoiceStateOf(row) };
 */
export function invoiceStateOf(row: { invoice_attachment_id: string | null; invoiced_at: string | null }): {
  invoiceAttachmentId: string | null;
  invoiced: boolean;
} {
  return { invoiceAttachmentId: row.invoice_attachment_id, invoiced: row.invoiced_at !== null };
}

/** The attachment holding a row, as a refusal names it. */
export interface Holder {
  number: number;
  /** The 24SO order it became, once transferred. */
  orderId: number | null;
}

/**
 * The Norwegian message for a change refused because the row is on an attachment.
 * @example onAttachmentMessage('transport_entries', 'endres', { number: 3, orderId: null })
 * // 'Kjøringen er med på fakturavedlegg 3 og kan ikke endres. Slett fakturavedlegget for å endre den …'
 */
export function onAttachmentMessage(table: LockedTable, verb: string, holder?: Holder): string {
  const which = holder ? `fakturavedlegg ${holder.number}` : 'et fakturavedlegg';
  if (holder?.orderId != null)
    return `${WHAT[table]} er fakturert: ${which} er overført som ordre ${holder.orderId} til 24SevenOffice, og den kan ikke ${verb}.`;
  return `${WHAT[table]} er med på ${which} og kan ikke ${verb}. Slett fakturavedlegget for å endre den (bare mulig før det er overført til 24SevenOffice).`;
}

/**
 * The attachment with this id, for a refusal's message.
 * @example const holder = await holderOf(db, ws.id, row.invoice_attachment_id);
 */
export async function holderOf(
  db: Db,
  workspaceId: string,
  attachmentId: string,
): Promise<Holder | undefined> {
  const row = await db
    .selectFrom('invoice_attachments')
    .select(['number', 'order_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  return row
    ? { number: Number(row.number), orderId: row.order_id === null ? null : Number(row.order_id) }
    : undefined;
}

/**
 * Throws a rule_violation naming the attachment when the row read is held by one.
 * @example await refuseIfHeld(db, ws.id, existing, 'transport_entries', 'endres');
 */
export async function refuseIfHeld(
  db: Db,
  workspaceId: string,
  row: { invoice_attachment_id: string | null } | undefined,
  table: LockedTable,
  verb: string,
): Promise<void> {
  if (!row?.invoice_attachment_id) return;
  const holder = await holderOf(db, workspaceId, row.invoice_attachment_id);
  throw new DomainError('rule_violation', onAttachmentMessage(table, verb, holder));
}

/** The row's current holder, read again after a conditional write changed nothing. */
async function currentRow(db: Db, table: LockedTable, workspaceId: string, id: string) {
  return db
    .selectFrom(table)
    .select('invoice_attachment_id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Throws a rule_violation when the row is held by an invoice attachment.
 * @example await assertNotOnAttachment(db, 'hour_entries', ws.id, id, 'endres');
 */
export async function assertNotOnAttachment(
  db: Db,
  table: LockedTable,
  workspaceId: string,
  id: string,
  verb: string,
): Promise<void> {
  await refuseIfHeld(db, workspaceId, await currentRow(db, table, workspaceId, id), table, verb);
}

/**
 * After an update written with `where invoice_attachment_id is null` (the lock in the statement
 * itself): when it changed nothing, throws the rule_violation naming the attachment holding the
 * row, or not_found.
 * @example await refuseIfUnchanged(db, 'transport_entries', ws.id, id, result.numUpdatedRows);
 */
export async function refuseIfUnchanged(
  db: Db,
  table: LockedTable,
  workspaceId: string,
  id: string,
  numUpdatedRows: bigint,
): Promise<void> {
  if (Number(numUpdatedRows) > 0) return;
  await assertNotOnAttachment(db, table, workspaceId, id, 'endres');
  throw new DomainError('not_found', `${WHAT[table]} finnes ikke.`);
}

/**
 * Soft-deletes a live row that no attachment holds; false when there was none, a
 * rule_violation when an attachment holds it (checked in the statement itself).
 * @example if (!(await softDeleteUnlocked(db, 'material_lines', ws.id, id, clock))) …
 */
export async function softDeleteUnlocked(
  db: Db,
  table: LockedTable,
  workspaceId: string,
  id: string,
  clock: () => Date,
): Promise<boolean> {
  const now = clock().toISOString();
  const result = await db
    .updateTable(table)
    .set({ deleted_at: now, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('invoice_attachment_id', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return true;
  await assertNotOnAttachment(db, table, workspaceId, id, 'slettes');
  return false;
}
