import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/database.ts';
import type { Clock, SyncIntent } from './records.ts';
import type { SyncEntity } from './tables.ts';

// The export's hot path in the per-record store (decision 47): a batch's intents, and their
// settling once 24SO said yes, as one statement per chunk that carries only what differs per
// record. The general upserts in records.ts bind every column of every row (11–12 values a
// record) through Kysely's builder; these bind 4, which is most of the engine's CPU per record.

/** Records per statement: (4 values a record) well under SQLite's bound-parameter limit. */
const CHUNK = 500;

export interface BatchIntent {
  localId: string;
  op: SyncIntent['op'];
  fingerprint: string;
}

/**
 * Writes the intents of one batch of a run (state pending) in one transaction, before the batch
 * is sent. Same effect as records.ts `recordIntents` for records of one workspace and kind.
 * @example await writeBatchIntents(db, clock, { workspaceId, entity: 'customer', runId }, items);
 */
export async function writeBatchIntents(
  db: Db,
  clock: Clock,
  scope: { workspaceId: string; entity: SyncEntity; runId: string },
  items: readonly BatchIntent[],
): Promise<SyncIntent[]> {
  if (items.length === 0) return [];
  const at = nowIso(clock);
  const intents = items.map(
    (i): SyncIntent => ({ id: randomUUID(), op: i.op, at, fingerprint: i.fingerprint }),
  );
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < items.length; i += CHUNK) {
      const rows = items
        .slice(i, i + CHUNK)
        .map((item, j) => sql`(${item.localId}, ${intents[i + j]?.id}, ${item.op}, ${item.fingerprint})`);
      // `where true`: SQLite needs it to tell ON CONFLICT from a join in INSERT … SELECT.
      await sql`
        insert into sync_records (workspace_id, entity, local_id, state, intent_id, intent_op,
          intent_at, intent_fingerprint, last_run_id, created_at, updated_at)
        select ${scope.workspaceId}, ${scope.entity}, v.column1, 'pending', v.column2, v.column3,
          ${at}, v.column4, ${scope.runId}, ${at}, ${at}
        from (values ${sql.join(rows)}) as v where true
        on conflict (workspace_id, entity, local_id) do update set
          state = 'pending', intent_id = excluded.intent_id, intent_op = excluded.intent_op,
          intent_at = excluded.intent_at, intent_fingerprint = excluded.intent_fingerprint,
          last_run_id = excluded.last_run_id, updated_at = excluded.updated_at`.execute(tx);
    }
  });
  return intents;
}

/**
 * Marks records whose intent this run wrote as synced with their 24SO ids; what 24SO holds is
 * the intent's fingerprint. Returns the local ids it could not move (no open intent: the caller
 * writes those through records.ts `recordSynced`).
 * @example const missed = await settleBatchIntents(db, clock, scope, [{ localId, remoteId: '10042' }]);
 */
export async function settleBatchIntents(
  db: Db,
  clock: Clock,
  scope: { workspaceId: string; entity: SyncEntity; runId: string },
  items: readonly { localId: string; remoteId: string }[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const at = nowIso(clock);
  const moved = new Set<string>();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < items.length; i += CHUNK) {
      // The whole key in each row: joined on it, SQLite walks the batch and looks each record up
      // by its primary key (a constant workspace and kind made it scan the batch per record).
      const rows = items
        .slice(i, i + CHUNK)
        .map((item) => sql`(${scope.workspaceId}, ${scope.entity}, ${item.localId}, ${item.remoteId})`);
      const result = await sql<{ local_id: string }>`
        update sync_records set
          remote_id = v.column4, state = 'synced', origin = 'export', reason = null,
          reason_code = null, attempts = 0, next_retry_at = null, last_synced_at = ${at},
          fingerprint = sync_records.intent_fingerprint, intent_id = null, intent_op = null,
          intent_at = null, intent_fingerprint = null, last_run_id = ${scope.runId},
          updated_at = ${at}
        from (values ${sql.join(rows)}) as v
        where sync_records.workspace_id = v.column1 and sync_records.entity = v.column2
          and sync_records.local_id = v.column3 and sync_records.intent_id is not null
        returning sync_records.local_id`.execute(tx);
      for (const r of result.rows) moved.add(r.local_id);
    }
  });
  return items.filter((i) => !moved.has(i.localId)).map((i) => i.localId);
}
