import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fromDbBool, nowIso, toDbBool } from '../../db/database.ts';
import { orderedId } from '../../db/ordered-id.ts';
import type { Clock } from './records.ts';
import type { RunAction, RunState, RunTrigger, SyncEntity, SyncRunRecordRow, SyncRunRow } from './tables.ts';

// The run log: one row per run with its counts and 24SO calls, and what happened to each
// record. Run states move only along RUN_TRANSITIONS; the move is a conditional UPDATE, so two
// processes can never both start or end the same run.

export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  imported: number;
  skipped: number;
  failed: number;
}

export interface SyncRun {
  id: string;
  workspaceId: string;
  trigger: RunTrigger;
  entity: SyncEntity | null;
  dryRun: boolean;
  state: RunState;
  /** While waiting: when 24SO opens again (quarantine end). */
  waitingUntil: string | null;
  /** Plain Norwegian: why the run waits or failed. */
  message: string | null;
  counts: RunCounts;
  calls: number;
  /** Times the run lost its job and was given a new one (decision 81). */
  resumes: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface RunRecord {
  id: string;
  entity: SyncEntity;
  localId: string | null;
  remoteId: string | null;
  label: string;
  action: RunAction;
  reason: string | null;
  reasonCode: string | null;
  at: string;
}

/** The allowed run transitions (from → to). */
export const RUN_TRANSITIONS: Record<RunState, readonly RunState[]> = {
  queued: ['running', 'failed'],
  // running → running: a worker takes over a run whose process died.
  running: ['running', 'waiting', 'done', 'failed'],
  waiting: ['running', 'failed'],
  done: [],
  failed: [],
};

export function toRun(row: Selectable<SyncRunRow>): SyncRun {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    trigger: row.trigger,
    entity: row.entity,
    dryRun: fromDbBool(row.dry_run),
    state: row.state,
    waitingUntil: row.waiting_until,
    message: row.message,
    counts: {
      created: Number(row.created_count),
      updated: Number(row.updated_count),
      unchanged: Number(row.unchanged_count),
      imported: Number(row.imported_count),
      skipped: Number(row.skipped_count),
      failed: Number(row.failed_count),
    },
    calls: Number(row.calls),
    resumes: Number(row.resumes),
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

/** The key that keeps one live run per workspace (dry runs, which write nothing, apart). */
function activeKey(workspaceId: string, dryRun: boolean): string {
  return dryRun ? `${workspaceId}:dry` : workspaceId;
}

export interface NewRunInput {
  workspaceId: string;
  trigger: RunTrigger;
  entity: SyncEntity | null;
  dryRun: boolean;
  requestedBy?: string | null;
}

/**
 * Queues a run, or joins the workspace's live one: a second request while a run is queued,
 * running or waiting gets that run (`joined: true`). A queued run asked for another kind is
 * widened to every kind. Safe across processes (unique `active_key`).
 * @example const { run, joined } = await createOrJoinRun(db, clock, { workspaceId, trigger: 'api', entity: 'customer', dryRun: false });
 */
export async function createOrJoinRun(
  db: Db,
  clock: Clock,
  input: NewRunInput,
): Promise<{ run: SyncRun; joined: boolean }> {
  const key = activeKey(input.workspaceId, input.dryRun);
  for (let attempt = 0; attempt < 5; attempt++) {
    const live = await db
      .selectFrom('sync_runs')
      .selectAll()
      .where('active_key', '=', key)
      .executeTakeFirst();
    if (live) {
      if (live.state === 'queued' && live.entity !== null && live.entity !== input.entity) {
        await db
          .updateTable('sync_runs')
          .set({ entity: null })
          .where('id', '=', live.id)
          .where('state', '=', 'queued')
          .execute();
        const widened = await getRunRow(db, live.id);
        if (widened) return { run: toRun(widened), joined: true };
      }
      return { run: toRun(live), joined: true };
    }
    const at = nowIso(clock);
    const row = {
      id: randomUUID(),
      workspace_id: input.workspaceId,
      trigger: input.trigger,
      entity: input.entity,
      dry_run: toDbBool(input.dryRun),
      state: 'queued' as const,
      active_key: key,
      waiting_until: null,
      message: null,
      requested_by: input.requestedBy ?? null,
      created_at: at,
      started_at: null,
      ended_at: null,
    };
    const inserted = await db
      .insertInto('sync_runs')
      .values(row)
      .onConflict((oc) => oc.column('active_key').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      const created = await getRunRow(db, row.id);
      if (created) return { run: toRun(created), joined: false };
    }
  }
  throw new Error('could not create or join a sync run');
}

async function getRunRow(db: Db, id: string) {
  return db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * One run of a workspace.
 * @example const run = await getRun(db, wsId, runId);
 */
export async function getRun(db: Db, workspaceId: string, id: string): Promise<SyncRun | undefined> {
  const row = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

/** A run by id alone, for the worker (the job names the run). */
export async function getRunById(db: Db, id: string): Promise<SyncRun | undefined> {
  const row = await getRunRow(db, id);
  return row ? toRun(row) : undefined;
}

/**
 * The workspace's runs, newest first; `before` is the createdAt|id of the last one seen.
 * @example const runs = await listRuns(db, wsId, { limit: 20 });
 */
export async function listRuns(
  db: Db,
  workspaceId: string,
  options: { limit?: number; before?: { createdAt: string; id: string } } = {},
): Promise<SyncRun[]> {
  let q = db.selectFrom('sync_runs').selectAll().where('workspace_id', '=', workspaceId);
  const before = options.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50)
    .execute();
  return rows.map(toRun);
}

/**
 * Moves a run to `to` if it is in a state that may move there; false when another process
 * moved it first. Ending a run frees the workspace for the next one.
 * @example await moveRun(db, clock, run.id, 'waiting', { waitingUntil, message });
 */
export async function moveRun(
  db: Db,
  clock: Clock,
  id: string,
  to: RunState,
  patch: { waitingUntil?: string | null; message?: string | null } = {},
): Promise<boolean> {
  const from = (Object.keys(RUN_TRANSITIONS) as RunState[]).filter((s) => RUN_TRANSITIONS[s].includes(to));
  const at = nowIso(clock);
  const ending = to === 'done' || to === 'failed';
  const result = await db
    .updateTable('sync_runs')
    .set({
      state: to,
      ...(ending ? { active_key: null, ended_at: at, waiting_until: null } : {}),
      ...(to === 'running' ? { waiting_until: null } : {}),
      ...(patch.waitingUntil !== undefined ? { waiting_until: patch.waitingUntil } : {}),
      ...(patch.message !== undefined ? { message: patch.message } : {}),
    })
    .where('id', '=', id)
    .where('state', 'in', from)
    .executeTakeFirst();
  if (to === 'running') {
    await db
      .updateTable('sync_runs')
      .set({ started_at: at })
      .where('id', '=', id)
      .where('started_at', 'is', null)
      .execute();
  }
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Adds to a run's counts and 24SO call count (atomic increments).
 * @example await addToRun(db, run.id, { created: 200 }, 1);
 */
export async function addToRun(db: Db, id: string, counts: Partial<RunCounts>, calls = 0): Promise<void> {
  const n = (k: keyof RunCounts) => counts[k] ?? 0;
  if (calls === 0 && Object.values(counts).every((v) => !v)) return;
  await db
    .updateTable('sync_runs')
    .set((eb) => ({
      created_count: eb('created_count', '+', n('created')),
      updated_count: eb('updated_count', '+', n('updated')),
      unchanged_count: eb('unchanged_count', '+', n('unchanged')),
      imported_count: eb('imported_count', '+', n('imported')),
      skipped_count: eb('skipped_count', '+', n('skipped')),
      failed_count: eb('failed_count', '+', n('failed')),
      calls: eb('calls', '+', calls),
    }))
    .where('id', '=', id)
    .execute();
}

export type NewRunRecord = Omit<RunRecord, 'id' | 'at'>;

/**
 * Appends per-record outcomes to a run's log.
 * @example await addRunRecords(db, clock, run, [{ entity: 'customer', localId, remoteId: null, label: 'Nordvik Bygg AS', action: 'fail', reason, reasonCode }]);
 */
export async function addRunRecords(
  db: Db,
  clock: Clock,
  run: { id: string; workspaceId: string },
  records: readonly NewRunRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const at = nowIso(clock);
  const rows = records.map((r) => ({
    id: orderedId(),
    run_id: run.id,
    workspace_id: run.workspaceId,
    entity: r.entity,
    local_id: r.localId,
    remote_id: r.remoteId,
    label: r.label.slice(0, 300),
    action: r.action,
    reason: r.reason,
    reason_code: r.reasonCode,
    at,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('sync_run_records')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

function toRunRecord(row: Selectable<SyncRunRecordRow>): RunRecord {
  return {
    id: row.id,
    entity: row.entity,
    localId: row.local_id,
    remoteId: row.remote_id,
    label: row.label,
    action: row.action,
    reason: row.reason,
    reasonCode: row.reason_code,
    at: row.at,
  };
}

/**
 * What a run did per record, optionally only some actions (e.g. the failures).
 * @example const failures = await listRunRecords(db, run.id, { actions: ['fail'] });
 */
export async function listRunRecords(
  db: Db,
  runId: string,
  options: { actions?: RunAction[]; limit?: number } = {},
): Promise<RunRecord[]> {
  let q = db.selectFrom('sync_run_records').selectAll().where('run_id', '=', runId);
  if (options.actions) q = q.where('action', 'in', options.actions);
  const rows = await q
    .orderBy('at')
    .orderBy('id')
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map(toRunRecord);
}
