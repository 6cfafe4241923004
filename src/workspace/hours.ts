import type { SelectQueryBuilder } from 'kysely';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { FieldProblems } from './field-errors.ts';
import { resolveDuration } from './hour-duration.ts';
import {
  type HourEntry,
  type HourEntryCreate,
  type HourEntryFilter,
  type HourEntryUpdate,
  hourEntryCreateSchema,
  hourEntryFromRow,
  hourEntryUpdateSchema,
} from './hour-schemas.ts';
import { byDateThenId, pageByDate } from './list-paging.ts';
import { liveRow, liveRowsByIds } from './live-rows.ts';
import type { HourEntryRow, NewHourEntryRow } from './tables.ts';
import { checkChosenReferences } from './usable-references.ts';

// Hour entries (timeregistreringer). Duration is stored in whole minutes, given either as
// hours ("7.5"), minutes, or a start and end time on the same day. An approved hour is frozen:
// it must be un-approved (which is recorded) before it can be changed or deleted.

export { resolveDuration } from './hour-duration.ts';
// The CSV import's hour importer reads these here (src/workspace/csv-import/ is another helper's).

export const APPROVED_HOUR_MESSAGE = 'Timen er godkjent. Fjern godkjenningen før du endrer den.';
export const APPROVED_HOUR_DELETE_MESSAGE = 'Timen er godkjent. Fjern godkjenningen før du sletter den.';

/**
 * The refusal of a change to an approved hour; when the hour is already in 24SevenOffice the
 * message says so (and that the change, once the approval is removed, goes to the same hour).
 * @example throw await approvedError(db, wsId, id, 'edit');
 */
export async function approvedError(
  db: Db,
  workspaceId: string,
  id: string,
  action: 'edit' | 'delete',
): Promise<DomainError> {
  const sent = await db
    .selectFrom('sync_records')
    .select('remote_id')
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', 'hour')
    .where('local_id', '=', id)
    .where('remote_id', 'is not', null)
    .executeTakeFirst();
  if (!sent) {
    return new DomainError(
      'rule_violation',
      action === 'edit' ? APPROVED_HOUR_MESSAGE : APPROVED_HOUR_DELETE_MESSAGE,
    );
  }
  const verb = action === 'edit' ? 'endrer' : 'sletter';
  return new DomainError(
    'rule_violation',
    `Timen er godkjent og allerede overført til 24SevenOffice (time-id ${sent.remote_id}). Fjern godkjenningen før du ${verb} den; endringen sendes da til samme time i 24SevenOffice.`,
  );
}

/**
 * Each reference must be a live record of this workspace, and a newly chosen one active
 * (keeping what `existing` already points at is always fine); returns the chosen hour type's
 * `billable` column (what a new hour takes when the form leaves it out).
 */
async function checkReferences(
  db: Db,
  workspaceId: string,
  refs: { employee_id?: string; project_id?: string; hour_type_id?: string; machine_id?: string | null },
  existing?: HourEntryRow,
): Promise<number | null | undefined> {
  const found = await checkChosenReferences(db, workspaceId, [
    { register: 'employees', id: refs.employee_id, field: 'employeeId', current: existing?.employee_id },
    { register: 'projects', id: refs.project_id, field: 'projectId', current: existing?.project_id },
    { register: 'hour_types', id: refs.hour_type_id, field: 'hourTypeId', current: existing?.hour_type_id },
    { register: 'machines', id: refs.machine_id, field: 'machineId', current: existing?.machine_id },
  ]);
  const billable = found.hourTypeId?.billable;
  return typeof billable === 'number' ? billable : billable == null ? null : Number(billable);
}

/**
 * Records hours; `billable` defaults from the hour type. New hours are not approved.
 * @example await createHourEntry(db, ws.id, { employeeId, projectId, hourTypeId, date: '2025-03-14', hours: '7.5' });
 */
export async function createHourEntry(
  db: Db,
  workspaceId: string,
  input: HourEntryCreate,
  clock: Clock = systemClock,
): Promise<HourEntry> {
  // Every problem at once: the fields, the duration rules and the references.
  const problems = new FieldProblems();
  const parsed = problems.parse(hourEntryCreateSchema, input).value;
  let duration = { minutes: 0, startTime: null as string | null, endTime: null as string | null };
  await problems.check(() => {
    duration = resolveDuration(parsed);
  });
  let hourTypeBillable: number | null | undefined;
  await problems.check(async () => {
    hourTypeBillable = await checkReferences(db, workspaceId, {
      employee_id: parsed.employeeId,
      project_id: parsed.projectId,
      hour_type_id: parsed.hourTypeId,
      machine_id: parsed.machineId,
    });
  });
  problems.throwIfAny();
  const now = nowIso(clock);
  const row: HourEntryRow = {
    id: newId(),
    workspace_id: workspaceId,
    employee_id: parsed.employeeId,
    project_id: parsed.projectId,
    hour_type_id: parsed.hourTypeId,
    machine_id: parsed.machineId ?? null,
    date: parsed.date,
    start_time: duration.startTime,
    end_time: duration.endTime,
    minutes: duration.minutes,
    description: parsed.description?.trim() ?? '',
    billable: billableColumn(parsed.billable, hourTypeBillable),
    approved: 0,
    approved_by: null,
    approved_at: null,
    invoice_attachment_id: null,
    invoiced_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await db.insertInto('hour_entries').values(row).execute();
  return hourEntryFromRow(row);
}

/**
 * The hour entry, or undefined when missing, deleted or in another workspace.
 * @example await getHourEntry(db, ws.id, id)
 */
export async function getHourEntry(db: Db, workspaceId: string, id: string): Promise<HourEntry | undefined> {
  const row = await liveRow<HourEntryRow>(db, 'hour_entries', workspaceId, id);
  return row ? hourEntryFromRow(row) : undefined;
}

/**
 * The entries among `ids` in this workspace, ordered by date then id.
 * @example await findHourEntriesByIds(db, ws.id, ids)
 */
export async function findHourEntriesByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<HourEntry[]> {
  const rows = await liveRowsByIds<HourEntryRow>(db, 'hour_entries', workspaceId, ids);
  return rows.sort(byDateThenId).map(hourEntryFromRow);
}

/**
 * Changes an hour that is not approved. Sending hours/minutes alone clears start/end times;
 * sending a start or end time recomputes the duration from them.
 * @example await updateHourEntry(db, ws.id, id, { hours: '8' });
 */
export async function updateHourEntry(
  db: Db,
  workspaceId: string,
  id: string,
  input: HourEntryUpdate,
  clock: Clock = systemClock,
): Promise<HourEntry> {
  const existing = await liveRow<HourEntryRow>(db, 'hour_entries', workspaceId, id);
  if (!existing) throw new DomainError('not_found', 'Timen finnes ikke.');
  if (fromDbBool(existing.approved)) throw await approvedError(db, workspaceId, id, 'edit');
  const problems = new FieldProblems();
  const parsed = problems.parse(hourEntryUpdateSchema, input).value;
  const cols: Partial<NewHourEntryRow> = {};
  const touchesTimes = parsed.startTime !== undefined || parsed.endTime !== undefined;
  if (touchesTimes || parsed.hours !== undefined || parsed.minutes !== undefined) {
    const startTime = touchesTimes
      ? parsed.startTime === undefined
        ? existing.start_time
        : parsed.startTime
      : null;
    const endTime = touchesTimes ? (parsed.endTime === undefined ? existing.end_time : parsed.endTime) : null;
    // Clearing both times without a new duration keeps the duration the hour already has.
    const keepMinutes = startTime === null && endTime === null && parsed.hours === undefined;
    await problems.check(() => {
      const duration = resolveDuration({
        hours: parsed.hours,
        minutes: parsed.minutes ?? (keepMinutes ? Number(existing.minutes) : undefined),
        startTime,
        endTime,
      });
      cols.minutes = duration.minutes;
      cols.start_time = duration.startTime;
      cols.end_time = duration.endTime;
    });
  }
  if (parsed.employeeId !== undefined) cols.employee_id = parsed.employeeId;
  if (parsed.projectId !== undefined) cols.project_id = parsed.projectId;
  if (parsed.hourTypeId !== undefined) cols.hour_type_id = parsed.hourTypeId;
  if (parsed.machineId !== undefined) cols.machine_id = parsed.machineId;
  if (parsed.date !== undefined) cols.date = parsed.date;
  if (parsed.description !== undefined) cols.description = parsed.description.trim();
  if (parsed.billable !== undefined) cols.billable = toDbBool(parsed.billable);
  await problems.check(() =>
    checkReferences(
      db,
      workspaceId,
      {
        employee_id: cols.employee_id,
        project_id: cols.project_id,
        hour_type_id: cols.hour_type_id,
        machine_id: cols.machine_id,
      },
      existing,
    ),
  );
  problems.throwIfAny();
  const updatedAt = nowIso(clock);
  // The approved = 0 guard closes the gap between reading and writing: an approval that
  // lands in between wins, and this edit is refused instead of silently changing it.
  const result = await db
    .updateTable('hour_entries')
    .set({ ...cols, updated_at: updatedAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('approved', '=', 0)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw await approvedError(db, workspaceId, id, 'edit');
  return hourEntryFromRow({ ...existing, ...cols, updated_at: updatedAt } as HourEntryRow);
}

/**
 * Soft-deletes an hour that is not approved; false when there was none, a rule_violation
 * DomainError when it is approved.
 * @example await softDeleteHourEntry(db, ws.id, id);
 */
export async function softDeleteHourEntry(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  const existing = await liveRow<HourEntryRow>(db, 'hour_entries', workspaceId, id);
  if (!existing) return false;
  if (fromDbBool(existing.approved)) throw await approvedError(db, workspaceId, id, 'delete');
  const now = nowIso(clock);
  const result = await db
    .updateTable('hour_entries')
    .set({ deleted_at: now, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('approved', '=', 0)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw await approvedError(db, workspaceId, id, 'delete');
  return true;
}

/**
 * One page of hours ordered by date, then id (ascending unless `order: 'desc'`).
 * @example await listHourEntries(db, ws.id, { projectId, from: '2025-03-01', approved: false }, { limit: 100 })
 */
export async function listHourEntries(
  db: Db,
  workspaceId: string,
  filter: HourEntryFilter = {},
  page: PageOptions = {},
): Promise<Page<HourEntry>> {
  const order = filter.order ?? 'asc';
  const query = filtered(
    db
      .selectFrom('hour_entries')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null),
    filter,
  );
  return pageByDate(query, page, order, hourEntryFromRow);
}

// biome-ignore lint/suspicious/noExplicitAny: the same filter narrows the list and the totals
function filtered<Q extends SelectQueryBuilder<any, 'hour_entries', any>>(
  query: Q,
  filter: HourEntryFilter,
): Q {
  let q = query;
  if (filter.projectId !== undefined) q = q.where('project_id', '=', filter.projectId) as Q;
  if (filter.employeeId !== undefined) q = q.where('employee_id', '=', filter.employeeId) as Q;
  if (filter.hourTypeId !== undefined) q = q.where('hour_type_id', '=', filter.hourTypeId) as Q;
  if (filter.machineId !== undefined) q = q.where('machine_id', '=', filter.machineId) as Q;
  if (filter.from !== undefined) q = q.where('date', '>=', filter.from) as Q;
  if (filter.to !== undefined) q = q.where('date', '<=', filter.to) as Q;
  if (filter.approved !== undefined) q = q.where('approved', '=', toDbBool(filter.approved)) as Q;
  if (filter.billable !== undefined) q = q.where('billable', '=', toDbBool(filter.billable)) as Q;
  if (filter.where) q = q.where(filter.where) as Q;
  return q;
}

/** Totals of a filtered selection of hours (every page, not only the one shown). */
export interface HourTotals {
  /** Number of hour entries (timeregistreringer). */
  entries: number;
  minutes: number;
  billableMinutes: number;
}

/**
 * Sums the hours the filter selects: entries, minutes and billable minutes.
 * @example const t = await sumHourEntries(db, ws.id, { projectId }); // { entries: 12, minutes: 5400, billableMinutes: 4950 }
 */
export async function sumHourEntries(
  db: Db,
  workspaceId: string,
  filter: HourEntryFilter = {},
): Promise<HourTotals> {
  const row = await filtered(
    db
      .selectFrom('hour_entries')
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .select((eb) => [
        eb.fn.countAll().as('entries'),
        eb.fn.sum<number>('minutes').as('minutes'),
        eb.fn
          .sum<number>(eb.case().when('billable', '=', 1).then(eb.ref('minutes')).else(0).end())
          .as('billable'),
      ]),
    filter,
  ).executeTakeFirst();
  return {
    entries: Number(row?.entries ?? 0),
    minutes: Number(row?.minutes ?? 0),
    billableMinutes: Number(row?.billable ?? 0),
  };
}

/**
 * The stored `billable` flag of a new hour: what the user chose, else the hour type's default
 * (billable when the hour type says nothing).
 * @example billableColumn(undefined, 0) // 0 — the hour type is not billable
 */
export function billableColumn(
  chosen: boolean | undefined,
  hourTypeBillable: number | null | undefined,
): number {
  return chosen === undefined ? Number(hourTypeBillable ?? 1) : toDbBool(chosen);
}

/**
 * What an hour form would be told, without writing: every field's problem (fields, duration,
 * references), or none. The web asks it when the form already found a problem itself.
 * @example const errors = await hourEntryInputProblems(db, ws.id, body, hourId);
 */
export async function hourEntryInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await liveRow<HourEntryRow>(db, 'hour_entries', workspaceId, id) : undefined;
  const problems = new FieldProblems();
  const parsed = problems.parse(existing ? hourEntryUpdateSchema : hourEntryCreateSchema, input).value;
  const duration = parsed as HourEntryCreate;
  if (!existing || duration.hours !== undefined || duration.minutes !== undefined || duration.startTime) {
    await problems.check(() => resolveDuration(duration));
  }
  await problems.check(() =>
    checkReferences(
      db,
      workspaceId,
      {
        employee_id: parsed.employeeId,
        project_id: parsed.projectId,
        hour_type_id: parsed.hourTypeId,
        machine_id: parsed.machineId,
      },
      existing,
    ),
  );
  return problems.errors;
}
