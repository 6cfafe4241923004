import { sql } from 'kysely';
import { type Db, dialectOf } from '../../db/database.ts';
import { afterKey } from '../../db/paging.ts';
import { type HourKey, loadHourRows, ruleSettings } from './facts.ts';
import { transferCondition } from './filter.ts';
import { planHours } from './plan.ts';
import type { HourRuleSettings } from './rules.ts';

// Which hours may need a write, found by SQL alone: the auto-export check asks whether any of
// them plans a write, and a run's hours export sweeps them after its walk (plan-walk.ts) so an
// hour changed behind its place is sent in the same run. Only these rows are planned — not the
// whole workspace (100,000 hours planned every 20 s cost 2.5 s; decision 76).

/** Candidates read (and planned) at a time. */
const CANDIDATE_PAGE = 1_000;

/**
 * The first `limit` hours after `after`, in (date, id) order, that may need a write: a new
 * eligible hour — also one released because what held it (approval, project, contact id, start
 * date, mapping) changed —, a sent hour changed since its record was written (edited, unapproved,
 * deleted), a failed hour due again, and with `openIntents` a write whose outcome is open.
 * `editedSince` adds every hour changed since then that has a record (a change made while its
 * write was on the way leaves the record newer than the hour).
 * @example const keys = await hoursToWrite(db, wsId, rules, nowIso, { after: null, limit: 1000, openIntents: true });
 */
export async function hoursToWrite(
  db: Db,
  workspaceId: string,
  rules: HourRuleSettings,
  nowIso: string,
  options: { after: HourKey | null; limit: number; openIntents: boolean; editedSince?: string },
): Promise<HourKey[]> {
  const { after, limit } = options;
  let ready = db
    .selectFrom('hour_entries')
    .select(['hour_entries.id', 'hour_entries.date'])
    .where('hour_entries.workspace_id', '=', workspaceId)
    .where('hour_entries.deleted_at', 'is', null)
    .where((eb) => transferCondition(eb, workspaceId, rules, { state: 'ready' }));
  if (after) {
    ready = ready.where((eb) =>
      afterKey(eb, ['hour_entries.date', 'hour_entries.id'], [after.date, after.id], 'asc'),
    );
  }
  const readyRows = await ready
    .orderBy('hour_entries.date')
    .orderBy('hour_entries.id')
    .limit(limit)
    .execute();
  // On PostgreSQL the workspace's hour records are read first, behind `offset 0` (a fence the
  // planner does not reorder across): with fresh statistics it otherwise walked all the
  // workspace's hours in date order and looked up each one's record, hoping to reach `limit`
  // early — 190 ms instead of 50 ms for 100,000 hours when none is due (what the auto trigger
  // meets every tick). SQLite flattens the subquery as before (OFFSET needs a LIMIT there).
  const fence = dialectOf(db) === 'postgres' ? sql`offset 0` : sql``;
  const touched = await sql<{ id: string; date: string }>`
    select h.id, h.date from hour_entries h
    join (
      select * from sync_records where workspace_id = ${workspaceId} and entity = 'hour' ${fence}
    ) r on r.local_id = h.id
    where h.workspace_id = ${workspaceId}
      ${after ? sql`and (h.date, h.id) > (${after.date}, ${after.id})` : sql``}
      ${options.openIntents ? sql`` : sql`and r.intent_id is null`}
      and (
        (r.remote_id is not null and h.updated_at > r.updated_at)
        or (r.state = 'failed' and (r.next_retry_at is null or r.next_retry_at <= ${nowIso}))
        ${options.openIntents ? sql`or r.intent_id is not null` : sql``}
        ${options.editedSince ? sql`or h.updated_at >= ${options.editedSince}` : sql``}
      )
    order by h.date, h.id
    limit ${limit}`.execute(db);
  // Both lists are the first `limit` of their kind after the same key, so the first `limit` of
  // their union, in order, are the first `limit` candidates.
  const byId = new Map<string, HourKey>();
  for (const r of [...readyRows, ...touched.rows]) byId.set(r.id, { date: r.date, id: r.id });
  return [...byId.values()].sort(compareKeys).slice(0, limit);
}

/** (date, id) order; dates are ISO days and ids lowercase UUIDs, so code-unit order is the database's. */
export function compareKeys(a: HourKey, b: HourKey): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether an automatic run would send any hour now (database reads only, no call to 24SO): some
 * hour `hoursToWrite` finds plans a write, or has a write whose outcome is open. Only those
 * candidates are read and planned, a page at a time until one writes, so an idle workspace of
 * 100,000 hours costs two indexed queries and a busy one a page of 1,000.
 * @example if (await hoursDue(db, wsId, new Date())) due.push('hour');
 */
export async function hoursDue(db: Db, workspaceId: string, now: Date): Promise<boolean> {
  const rules = await ruleSettings(db, workspaceId);
  if (!rules.enabled) return false;
  const nowIso = now.toISOString();
  let after: HourKey | null = null;
  for (;;) {
    const keys = await hoursToWrite(db, workspaceId, rules, nowIso, {
      after,
      limit: CANDIDATE_PAGE,
      openIntents: true,
    });
    if (keys.length === 0) return false;
    const rows = await loadHourRows(db, workspaceId, { ids: keys.map((k) => k.id), includeDeleted: true });
    if (rows.some((r) => r.record?.intentOp)) return true;
    if (planHours(rows, rules, nowIso).writes.length > 0) return true;
    if (keys.length < CANDIDATE_PAGE) return false;
    after = keys[keys.length - 1] ?? null;
  }
}

/**
 * After a complete run: sent hours changed here up to `at` in a way that does not change what
 * 24SO holds (e.g. approved again with the same values) are marked as looked at, so the probe
 * above does not find them again every 20 seconds. Hours changed after `at` stay found: the run
 * may have read them before the change.
 * @example await markSentHoursSeen(db, wsId, sweepStartedIso);
 */
export async function markSentHoursSeen(db: Db, workspaceId: string, at: string): Promise<void> {
  // EXISTS by the hour's key, not `local_id in (…)`: PostgreSQL ran that correlated subquery as a
  // scan of the workspace's hours for every sent hour (20,000 × 100,000 rows, minutes).
  await sql`
    update sync_records set updated_at = ${at}
    where workspace_id = ${workspaceId} and entity = 'hour' and remote_id is not null
      and intent_id is null and state = 'synced'
      and exists (
        select 1 from hour_entries h
        where h.id = sync_records.local_id and h.workspace_id = ${workspaceId}
          and h.updated_at > sync_records.updated_at and h.updated_at < ${at}
      )`.execute(db);
}
