import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { inTransaction } from '../db/transaction.ts';
import { DomainError } from './errors.ts';
import { type HourEntry, hourEntryFromRow } from './hour-schemas.ts';
import { onAttachmentMessage } from './invoice-lock.ts';
import type { HourApprovalEventRow, HourEntryRow } from './tables.ts';
import { idString, timestampOutput } from './values.ts';

// Approving (godkjenne) and un-approving hours, one or many. Only approved hours are sent to
// 24SO, and an approved hour is frozen; every change of approval is kept as an event, so an
// un-approval is never silent.

export type ApprovalAction = 'approved' | 'unapproved';

/** Per-hour outcome of a batch: `changed` is false when it already had that state. */
export type ApprovalResult =
  | { id: string; ok: true; changed: boolean; hour: HourEntry }
  | { id: string; ok: false; error: { code: 'not_found' | 'rule_violation'; message: string } };

/** Body of POST /hours/approve and /hours/unapprove. */
export const hourApprovalRequestSchema = z
  .object({
    ids: z.array(idString('Timens id')).min(1).max(1000).describe('Timene som skal godkjennes eller åpnes'),
  })
  .meta({ title: 'HourApprovalRequest', description: 'Godkjenn eller fjern godkjenning for flere timer' });

export const approvalResultSchema = z
  .object({
    id: z.string().describe('Timens id'),
    ok: z.boolean().describe('true når timen har ønsket tilstand etterpå'),
    changed: z.boolean().optional().describe('false når timen allerede hadde denne tilstanden'),
    error: z.object({ code: z.string(), message: z.string() }).optional().describe('Hvorfor det ikke gikk'),
  })
  .meta({ title: 'HourApprovalResult', description: 'Resultat for én time' });

export const hourApprovalEventSchema = z
  .object({
    id: idString('Id'),
    hourEntryId: z.string().describe('Timens id'),
    action: z
      .enum(['approved', 'unapproved'])
      .describe('approved (godkjent) eller unapproved (godkjenning fjernet)'),
    actor: z.string().describe('Hvem'),
    at: timestampOutput('Når'),
  })
  .meta({ title: 'HourApprovalEvent', description: 'En endring av godkjenning' });

export type HourApprovalEvent = z.infer<typeof hourApprovalEventSchema>;

const NOT_FOUND_MESSAGE = 'Timen finnes ikke.';

async function setApproval(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  action: ApprovalAction,
  actor: string,
  clock: Clock,
): Promise<ApprovalResult[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const at = clock().toISOString();
  const approve = action === 'approved';
  return inTransaction(db, async (trx) => {
    const rows: HourEntryRow[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      rows.push(
        ...(await trx
          .selectFrom('hour_entries')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', unique.slice(i, i + 500))
          .where('deleted_at', 'is', null)
          .execute()),
      );
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    // An hour on an invoice attachment stays approved until the attachment is deleted.
    const locked = new Set(approve ? [] : rows.filter((r) => r.invoice_attachment_id).map((r) => r.id));
    const candidates = rows
      .filter((r) => fromDbBool(r.approved) !== approve && !locked.has(r.id))
      .map((r) => r.id);
    const toChange: string[] = [];
    for (let i = 0; i < candidates.length; i += 500) {
      const chunk = candidates.slice(i, i + 500);
      let update = trx
        .updateTable('hour_entries')
        .set({
          approved: approve ? 1 : 0,
          approved_by: approve ? actor : null,
          approved_at: approve ? at : null,
          updated_at: at,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', chunk);
      // The guard in the statement itself: an attachment made since the read above wins.
      if (!approve) update = update.where('invoice_attachment_id', 'is', null);
      const done = (await update.returning('id').execute()).map((r) => r.id);
      for (const id of chunk) if (!done.includes(id)) locked.add(id);
      toChange.push(...done);
      if (done.length === 0) continue;
      const events: HourApprovalEventRow[] = done.map((hourId) => ({
        id: newId(),
        workspace_id: workspaceId,
        hour_entry_id: hourId,
        action,
        actor,
        at,
      }));
      await trx.insertInto('hour_approval_events').values(events).execute();
    }
    const changed = new Set(toChange);
    return unique.map((id): ApprovalResult => {
      const row = byId.get(id);
      if (!row) return { id, ok: false, error: { code: 'not_found', message: NOT_FOUND_MESSAGE } };
      if (locked.has(id))
        return {
          id,
          ok: false,
          error: {
            code: 'rule_violation',
            message: onAttachmentMessage('hour_entries', 'åpnes for endring'),
          },
        };
      if (!changed.has(id)) return { id, ok: true, changed: false, hour: hourEntryFromRow(row) };
      const updated: HourEntryRow = {
        ...row,
        approved: approve ? 1 : 0,
        approved_by: approve ? actor : null,
        approved_at: approve ? at : null,
        updated_at: at,
      };
      return { id, ok: true, changed: true, hour: hourEntryFromRow(updated) };
    });
  });
}

/**
 * Approves hours; one result per distinct id, in the order given. Already approved hours
 * keep their original approver and time.
 * @example const results = await approveHours(db, ws.id, [a, b], 'admin@demo.no', clock);
 */
export async function approveHours(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  actor: string,
  clock: Clock = systemClock,
): Promise<ApprovalResult[]> {
  return setApproval(db, workspaceId, ids, 'approved', actor, clock);
}

/**
 * Removes approval so hours can be edited again; recorded as an 'unapproved' event.
 * @example await unapproveHours(db, ws.id, [id], 'admin@demo.no', clock);
 */
export async function unapproveHours(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  actor: string,
  clock: Clock = systemClock,
): Promise<ApprovalResult[]> {
  return setApproval(db, workspaceId, ids, 'unapproved', actor, clock);
}

/**
 * Approves one hour; throws DomainError('not_found') when it does not exist here.
 * @example const hour = await approveHour(db, ws.id, id, 'admin@demo.no');
 */
export async function approveHour(
  db: Db,
  workspaceId: string,
  id: string,
  actor: string,
  clock: Clock = systemClock,
): Promise<HourEntry> {
  const [result] = await approveHours(db, workspaceId, [id], actor, clock);
  if (!result?.ok) throw new DomainError('not_found', NOT_FOUND_MESSAGE);
  return result.hour;
}

/**
 * Un-approves one hour; throws DomainError('not_found') when it does not exist here.
 * @example const hour = await unapproveHour(db, ws.id, id, 'admin@demo.no');
 */
export async function unapproveHour(
  db: Db,
  workspaceId: string,
  id: string,
  actor: string,
  clock: Clock = systemClock,
): Promise<HourEntry> {
  const [result] = await unapproveHours(db, workspaceId, [id], actor, clock);
  if (!result?.ok)
    throw new DomainError(result?.error.code ?? 'not_found', result?.error.message ?? NOT_FOUND_MESSAGE);
  return result.hour;
}

/**
 * The approval history of one hour, oldest first.
 * @example const events = await listApprovalEvents(db, ws.id, hourId);
 */
export async function listApprovalEvents(
  db: Db,
  workspaceId: string,
  hourEntryId: string,
): Promise<HourApprovalEvent[]> {
  const rows = await db
    .selectFrom('hour_approval_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('hour_entry_id', '=', hourEntryId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    hourEntryId: r.hour_entry_id,
    action: r.action,
    actor: r.actor,
    at: r.at,
  }));
}
