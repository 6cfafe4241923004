import type { Db } from '../db/database.ts';
import { DomainError } from './errors.ts';

// A line on an invoice attachment (fakturavedlegg) is frozen: it cannot be changed, deleted or
// (for hours) un-approved until the attachment is deleted. Every write to such a row carries
// `where invoice_attachment_id is null`, so the rule holds also when an attachment is made
// between reading the row and writing it.

export type LockedTable = 'hour_entries' | 'transport_entries' | 'material_lines' | 'free_text_lines';

const WHAT: Record<LockedTable, string> = {
  hour_entries: 'Timen',
  transport_entries: 'Kjøringen',
  material_lines: 'Varelinjen',
  free_text_lines: 'Fritekstlinjen',
};

/**
 * The Norwegian message for a change refused because the row is on an attachment.
 * @example onAttachmentMessage('hour_entries', 'endres') // 'Timen er med på et fakturavedlegg og kan ikke endres. …'
 */
export function onAttachmentMessage(table: LockedTable, verb: string): string {
  return `${WHAT[table]} er med på et fakturavedlegg og kan ikke ${verb}. Slett fakturavedlegget først (bare mulig før det er overført til 24SevenOffice).`;
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
  const row = await db
    .selectFrom(table)
    .select('invoice_attachment_id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row?.invoice_attachment_id) throw new DomainError('rule_violation', onAttachmentMessage(table, verb));
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
