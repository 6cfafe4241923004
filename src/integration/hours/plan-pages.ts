import type { Db } from '../../db/database.ts';
import { type HourRow, loadHourRows } from './facts.ts';
import { type HourPlan, type PlannedWrite, planHours } from './plan.ts';
import type { HourRuleSettings } from './rules.ts';

// The export's reading of the workspace's hours, a page at a time: with 100,000 hours in the
// workspace, loading every hour with its facts at once held ~150 MB in a worker for a run that
// sends a fifth of them. Ids are listed first (small), then each page's facts are read and
// planned, and only the planned writes are kept (decision 51). Each hour is planned once, from
// one read, so no hour can be written twice in a run.

/** Hours read and planned at a time. */
const PAGE = 1_000;

/**
 * Plans every hour of the workspace (deleted ones included) without holding them all.
 * @example const plan = await planHoursInPages(db, wsId, rules, new Date().toISOString());
 */
export async function planHoursInPages(
  db: Db,
  workspaceId: string,
  rules: HourRuleSettings,
  nowIso: string,
  /** The run planning (see `planHours`). */
  runId?: string,
): Promise<HourPlan> {
  const plan: HourPlan = { writes: [], unchanged: 0, waiting: new Map(), waitingHours: 0 };
  const shared = new Map<string, string>();
  await eachHourPage(db, workspaceId, (rows) => {
    const from = plan.writes.length;
    planHours(rows, rules, nowIso, plan, runId);
    // A kept write holds its row until it is sent: the row's project, worker and hour type
    // strings come from the database once per row, so 20,000 writes held 20,000 copies of the
    // same few names (decision 83). One copy each is kept.
    for (let i = from; i < plan.writes.length; i++)
      shareStrings((plan.writes[i] as PlannedWrite).row, shared);
    return false;
  });
  return plan;
}

/**
 * Every hour of the workspace (deleted ones included) with its facts, a page at a time in the
 * order date, id; `visit` returns true to stop early. Only one page of rows is held at a time.
 * @example await eachHourPage(db, wsId, (rows) => rows.some(isDue));
 */
export async function eachHourPage(
  db: Db,
  workspaceId: string,
  visit: (rows: HourRow[]) => boolean,
): Promise<boolean> {
  const ids = (
    await db
      .selectFrom('hour_entries')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('date')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  for (let start = 0; start < ids.length; start += PAGE) {
    const page = ids.slice(start, start + PAGE);
    const rows = await loadHourRows(db, workspaceId, { ids: page, includeDeleted: true });
    // In the order of the listing (date, then id), as the writes went before paging.
    const position = new Map(page.map((id, i) => [id, i]));
    rows.sort((a, b) => (position.get(a.hourId) ?? 0) - (position.get(b.hourId) ?? 0));
    if (visit(rows)) return true;
  }
  return false;
}

/** Replaces the row's often-repeated strings by the first equal copy seen (`shared`). */
function shareStrings(row: HourRow, shared: Map<string, string>): void {
  const one = (value: string): string => {
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };
  row.projectId = one(row.projectId);
  row.projectLabel = one(row.projectLabel);
  if (row.projectRemoteId !== null) row.projectRemoteId = one(row.projectRemoteId);
  row.employeeId = one(row.employeeId);
  row.employeeName = one(row.employeeName);
  row.hourTypeCode = one(row.hourTypeCode);
  row.date = one(row.date);
  row.updatedAt = one(row.updatedAt);
  if (row.startTime !== null) row.startTime = one(row.startTime);
  if (row.endTime !== null) row.endTime = one(row.endTime);
}

/**
 * The hours with a write whose outcome is unknown (an open intent), deleted ones included.
 * @example const open = await hoursWithOpenIntents(db, wsId);
 */
export async function hoursWithOpenIntents(db: Db, workspaceId: string): Promise<HourRow[]> {
  const ids = await db
    .selectFrom('sync_records')
    .select('local_id')
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', 'hour')
    .where('intent_op', 'is not', null)
    .execute();
  if (ids.length === 0) return [];
  return loadHourRows(db, workspaceId, { ids: ids.map((r) => r.local_id), includeDeleted: true });
}
