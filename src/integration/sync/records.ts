import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/database.ts';
import type { RecordOrigin, RecordState, SyncEntity, SyncRecordRow } from './tables.ts';

// Per-record link and sync state, keyed by (workspace, entity, local id). Every state change
// goes through `canMoveRecord` (the table in docs/sync-engine.md). The intent is written before
// a write to 24SO and cleared when its outcome is known; see docs/sync-engine.md.

export type Clock = () => Date;

export interface SyncIntent {
  id: string;
  op: 'create' | 'update' | 'deactivate';
  at: string;
  fingerprint: string | null;
}

/** A record's link to 24SO and how its last sync went. */
export interface SyncRecord {
  workspaceId: string;
  entity: SyncEntity;
  localId: string;
  remoteId: string | null;
  state: RecordState;
  origin: RecordOrigin;
  /** Plain Norwegian: why it failed or was skipped. */
  reason: string | null;
  reasonCode: string | null;
  attempts: number;
  nextRetryAt: string | null;
  lastSyncedAt: string | null;
  fingerprint: string | null;
  remoteChangedAt: string | null;
  /** An in-flight write whose outcome is not known yet; null when none. */
  intent: SyncIntent | null;
  /** The fingerprint of the input that failed last (kept after the intent is cleared). */
  failedFingerprint: string | null;
  lastRunId: string | null;
  updatedAt: string;
}

/** The `twentyfour` block on a customer, project or product in the API. */
export interface TwentyFourStatus {
  state: RecordState | null;
  id: string | null;
  reason: string | null;
  syncedAt: string | null;
}

export function toRecord(row: Selectable<SyncRecordRow>): SyncRecord {
  return {
    workspaceId: row.workspace_id,
    entity: row.entity,
    localId: row.local_id,
    remoteId: row.remote_id,
    state: row.state,
    origin: row.origin,
    reason: row.reason,
    reasonCode: row.reason_code,
    attempts: Number(row.attempts),
    nextRetryAt: row.next_retry_at,
    lastSyncedAt: row.last_synced_at,
    fingerprint: row.fingerprint,
    remoteChangedAt: row.remote_changed_at,
    intent:
      row.intent_id && row.intent_op && row.intent_at
        ? { id: row.intent_id, op: row.intent_op, at: row.intent_at, fingerprint: row.intent_fingerprint }
        : null,
    failedFingerprint: row.intent_id ? null : row.intent_fingerprint,
    lastRunId: row.last_run_id,
    updatedAt: row.updated_at,
  };
}

/**
 * The API's view of a record's sync state; a record never attempted has all fields null.
 * @example twentyfourStatus(await getRecord(db, wsId, 'customer', id))
 */
export function twentyfourStatus(record: SyncRecord | undefined): TwentyFourStatus {
  if (!record) return { state: null, id: null, reason: null, syncedAt: null };
  return {
    state: record.state,
    id: record.remoteId,
    reason: record.reason,
    syncedAt: record.lastSyncedAt,
  };
}

/**
 * One record's sync state, if it has one.
 * @example const r = await getRecord(db, wsId, 'customer', customerId);
 */
export async function getRecord(
  db: Db,
  workspaceId: string,
  entity: SyncEntity,
  localId: string,
): Promise<SyncRecord | undefined> {
  const row = await db
    .selectFrom('sync_records')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity)
    .where('local_id', '=', localId)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * The sync states of many records at once, keyed by local id (in chunks, for big lists).
 * @example const states = await getRecords(db, wsId, 'customer', customers.map((c) => c.id));
 */
export async function getRecords(
  db: Db,
  workspaceId: string,
  entity: SyncEntity,
  localIds?: readonly string[],
): Promise<Map<string, SyncRecord>> {
  const out = new Map<string, SyncRecord>();
  const base = db
    .selectFrom('sync_records')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity);
  if (!localIds) {
    for (const row of await base.execute()) out.set(row.local_id, toRecord(row));
    return out;
  }
  for (let i = 0; i < localIds.length; i += 500) {
    const chunk = localIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    for (const row of await base.where('local_id', 'in', chunk).execute())
      out.set(row.local_id, toRecord(row));
  }
  return out;
}

/**
 * Records of one kind, optionally in one state, ordered by local id, for the API and the page.
 * @example const failed = await listRecords(db, wsId, { entity: 'customer', state: 'failed' });
 */
export async function listRecords(
  db: Db,
  workspaceId: string,
  filter: { entity?: SyncEntity; state?: RecordState; afterLocalId?: string; limit?: number },
): Promise<SyncRecord[]> {
  let q = db.selectFrom('sync_records').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.afterLocalId) q = q.where('local_id', '>', filter.afterLocalId);
  const rows = await q
    .orderBy('entity')
    .orderBy('local_id')
    .limit(filter.limit ?? 500)
    .execute();
  return rows.map(toRecord);
}

export interface RecordKey {
  workspaceId: string;
  entity: SyncEntity;
  localId: string;
}

export interface IntentInput extends RecordKey {
  op: SyncIntent['op'];
  fingerprint: string;
  runId: string | null;
}

/**
 * Writes the intents of a batch before it is sent (state pending), in one transaction. Must
 * complete before the write to 24SO starts: a crash after this leaves the intent to resolve.
 * @example await recordIntents(db, clock, items.map((i) => ({ ...key(i), op: 'create', fingerprint, runId })));
 */
export async function recordIntents(
  db: Db,
  clock: Clock,
  inputs: readonly IntentInput[],
): Promise<SyncIntent[]> {
  if (inputs.length === 0) return [];
  const at = nowIso(clock);
  const intents = inputs.map(
    (input): SyncIntent => ({ id: randomUUID(), op: input.op, at, fingerprint: input.fingerprint }),
  );
  // Only the columns an intent sets; the rest keep their defaults (NULL) on a new row.
  const rows = inputs.map((input, i) => ({
    workspace_id: input.workspaceId,
    entity: input.entity,
    local_id: input.localId,
    state: 'pending' as const,
    intent_id: intents[i]?.id ?? null,
    intent_op: input.op,
    intent_at: at,
    intent_fingerprint: input.fingerprint,
    last_run_id: input.runId,
    created_at: at,
    updated_at: at,
  }));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insertInto('sync_records')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'entity', 'local_id']).doUpdateSet((eb) => ({
            state: 'pending',
            intent_id: eb.ref('excluded.intent_id'),
            intent_op: eb.ref('excluded.intent_op'),
            intent_at: eb.ref('excluded.intent_at'),
            intent_fingerprint: eb.ref('excluded.intent_fingerprint'),
            last_run_id: eb.ref('excluded.last_run_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  });
  return intents;
}

/** Rows per multi-row statement (well under SQLite's bound-parameter limit). */
const CHUNK = 200;

export interface SyncedInput extends RecordKey {
  remoteId: string;
  fingerprint: string | null;
  remoteChangedAt?: string | null;
  origin?: RecordOrigin;
  runId: string | null;
}

/**
 * Marks records as in step with 24SO (linked to `remoteId`), clearing any intent and failure.
 * @example await recordSynced(db, clock, [{ ...key, remoteId: '10042', fingerprint, runId }]);
 */
export async function recordSynced(db: Db, clock: Clock, inputs: readonly SyncedInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const at = nowIso(clock);
  const rows = inputs.map((input) => ({
    workspace_id: input.workspaceId,
    entity: input.entity,
    local_id: input.localId,
    remote_id: input.remoteId,
    state: 'synced' as const,
    origin: input.origin ?? 'export',
    last_synced_at: at,
    fingerprint: input.fingerprint,
    remote_changed_at: input.remoteChangedAt ?? null,
    last_run_id: input.runId,
    created_at: at,
    updated_at: at,
  }));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insertInto('sync_records')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'entity', 'local_id']).doUpdateSet((eb) => ({
            remote_id: eb.ref('excluded.remote_id'),
            state: 'synced',
            origin: eb.ref('excluded.origin'),
            reason: null,
            reason_code: null,
            attempts: 0,
            next_retry_at: null,
            last_synced_at: eb.ref('excluded.last_synced_at'),
            fingerprint: eb.ref('excluded.fingerprint'),
            remote_changed_at: eb.fn.coalesce('excluded.remote_changed_at', 'sync_records.remote_changed_at'),
            intent_id: null,
            intent_op: null,
            intent_at: null,
            intent_fingerprint: null,
            last_run_id: eb.ref('excluded.last_run_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  });
}

export interface OutcomeInput extends RecordKey {
  state: 'failed' | 'skipped';
  reason: string;
  reasonCode: string;
  /** The input that failed, so an unchanged record is not re-sent before its retry time. */
  fingerprint: string | null;
  nextRetryAt: string | null;
  runId: string | null;
}

/**
 * Marks records failed or skipped with their Norwegian reason, clearing any intent. Failures
 * count an attempt; a skip does not.
 * @example await recordOutcomes(db, clock, [{ ...key, state: 'failed', reason: 'Ugyldig org.nr.', reasonCode: 'rejected', fingerprint, nextRetryAt, runId }]);
 */
export async function recordOutcomes(db: Db, clock: Clock, inputs: readonly OutcomeInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const at = nowIso(clock);
  await db.transaction().execute(async (tx) => {
    for (const input of inputs) {
      const attempts = input.state === 'failed' ? 1 : 0;
      await tx
        .insertInto('sync_records')
        .values({
          workspace_id: input.workspaceId,
          entity: input.entity,
          local_id: input.localId,
          remote_id: null,
          state: input.state,
          reason: input.reason,
          reason_code: input.reasonCode,
          attempts,
          next_retry_at: input.nextRetryAt,
          last_synced_at: null,
          fingerprint: null,
          remote_changed_at: null,
          intent_id: null,
          intent_op: null,
          intent_at: null,
          intent_fingerprint: input.fingerprint,
          last_run_id: input.runId,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'entity', 'local_id']).doUpdateSet((eb) => ({
            state: input.state,
            reason: input.reason,
            reason_code: input.reasonCode,
            attempts: eb('sync_records.attempts', '+', attempts),
            next_retry_at: input.nextRetryAt,
            intent_id: null,
            intent_op: null,
            intent_at: null,
            intent_fingerprint: input.fingerprint,
            last_run_id: input.runId,
            updated_at: at,
          })),
        )
        .execute();
    }
  });
}

/**
 * Forgets an intent whose write certainly did not happen (24SO refused the request as a whole,
 * or the recovery read found nothing): the record is pending and will be sent again.
 * @example await clearIntents(db, clock, [key]);
 */
export async function clearIntents(db: Db, clock: Clock, keys: readonly RecordKey[]): Promise<void> {
  if (keys.length === 0) return;
  const at = nowIso(clock);
  await db.transaction().execute(async (tx) => {
    for (const key of keys) {
      await tx
        .updateTable('sync_records')
        .set({ intent_id: null, intent_op: null, intent_at: null, intent_fingerprint: null, updated_at: at })
        .where('workspace_id', '=', key.workspaceId)
        .where('entity', '=', key.entity)
        .where('local_id', '=', key.localId)
        .execute();
    }
  });
}

/**
 * «Prøv igjen»: makes failed records due now (optionally of one kind). Returns how many.
 * @example const n = await retryFailedRecords(db, clock, wsId, 'customer');
 */
export async function retryFailedRecords(
  db: Db,
  clock: Clock,
  workspaceId: string,
  entity?: SyncEntity,
): Promise<number> {
  let q = db
    .updateTable('sync_records')
    .set({ state: 'pending', next_retry_at: null, updated_at: nowIso(clock) })
    .where('workspace_id', '=', workspaceId)
    .where('state', '=', 'failed');
  if (entity) q = q.where('entity', '=', entity);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
