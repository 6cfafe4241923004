import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { ruleSettings } from './facts.ts';
import { transferCondition } from './filter.ts';
import { planHours } from './plan.ts';
import { eachHourPage } from './plan-pages.ts';

/**
 * Whether an automatic run would send any hour now (database reads only, no call to 24SO): a new
 * eligible hour — also one released because what held it (approval, project, contact id, start
 * date, mapping) changed —, an edit, unapproval or delete of a sent hour, a failed hour due again,
 * or a write whose outcome is still open. Two cheap SQL probes first; the full plan only when one
 * of them finds a candidate, so an idle workspace of 20,000 hours costs two indexed queries.
 * @example if (await hoursDue(db, wsId, new Date())) due.push('hour');
 */
export async function hoursDue(db: Db, workspaceId: string, now: Date): Promise<boolean> {
  const rules = await ruleSettings(db, workspaceId);
  if (!rules.enabled) return false;
  const ready = await db
    .selectFrom('hour_entries')
    .select('hour_entries.id')
    .where('hour_entries.workspace_id', '=', workspaceId)
    .where('hour_entries.deleted_at', 'is', null)
    .where((eb) => transferCondition(eb, workspaceId, rules, { state: 'ready' }))
    .limit(1)
    .executeTakeFirst();
  const nowIso = now.toISOString();
  const touched = ready
    ? undefined
    : await sql<{ id: string }>`
        select h.id from hour_entries h
        join sync_records r on r.workspace_id = h.workspace_id and r.entity = 'hour' and r.local_id = h.id
        where h.workspace_id = ${workspaceId}
          and (
            (r.remote_id is not null and h.updated_at > r.updated_at)
            or r.intent_id is not null
            or (r.state = 'failed' and (r.next_retry_at is null or r.next_retry_at <= ${nowIso}))
          )
        limit 1`.execute(db);
  if (!ready && (touched?.rows.length ?? 0) === 0) return false;
  // A page at a time, stopping at the first hour to send: loading all of a workspace's hours at
  // once (100,000 rows) every 20 s was the worker's biggest peak (decision 83).
  return eachHourPage(
    db,
    workspaceId,
    (rows) => rows.some((r) => r.record?.intentOp) || planHours(rows, rules, nowIso).writes.length > 0,
  );
}

/**
 * After a complete run: sent hours changed here in a way that does not change what 24SO holds
 * (e.g. approved again with the same values) are marked as looked at, so the probe above does
 * not find them again every 20 seconds.
 * @example await markSentHoursSeen(db, wsId, nowIso);
 */
export async function markSentHoursSeen(db: Db, workspaceId: string, at: string): Promise<void> {
  await sql`
    update sync_records set updated_at = ${at}
    where workspace_id = ${workspaceId} and entity = 'hour' and remote_id is not null
      and intent_id is null and state = 'synced'
      and local_id in (
        select h.id from hour_entries h
        where h.workspace_id = ${workspaceId} and h.updated_at > sync_records.updated_at
      )`.execute(db);
}
