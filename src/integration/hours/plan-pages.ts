import type { Db } from '../../db/database.ts';
import { type HourRow, loadHourRows } from './facts.ts';
import { type HourPlan, planHours } from './plan.ts';
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
  const ids = (
    await db
      .selectFrom('hour_entries')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .orderBy('date')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
  const plan: HourPlan = { writes: [], unchanged: 0, waiting: new Map(), waitingHours: 0 };
  for (let start = 0; start < ids.length; start += PAGE) {
    const page = ids.slice(start, start + PAGE);
    const rows = await loadHourRows(db, workspaceId, { ids: page, includeDeleted: true });
    // In the order of the listing (date, then id), as the writes went before paging.
    const position = new Map(page.map((id, i) => [id, i]));
    rows.sort((a, b) => (position.get(a.hourId) ?? 0) - (position.get(b.hourId) ?? 0));
    planHours(rows, rules, nowIso, plan, runId);
  }
  return plan;
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
