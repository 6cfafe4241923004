import type { Generated } from 'kysely';

// Row types of the sync engine, snake_case as stored; sync/records.ts and sync/runs.ts map them
// to camelCase domain types.

/** Record kinds the engine moves. Hours and invoices plug in through their own adapters. */
export type SyncEntity = 'customer' | 'project' | 'product' | 'hour' | 'invoice';

/**
 * Per-record states. `changed_after_transfer` is for records 24SO no longer lets us change
 * (hours on an invoice); see docs/sync-engine.md for the transitions.
 */
export type RecordState = 'synced' | 'pending' | 'failed' | 'skipped' | 'changed_after_transfer';

/** Who owns the record's 24SO-held fields: we exported it, or it came from 24SO. */
export type RecordOrigin = 'export' | 'import';

export type RunTrigger = 'manual' | 'auto' | 'api' | 'cli';
export type RunState = 'queued' | 'running' | 'waiting' | 'done' | 'failed';

/** What a run did with one record (in a dry run: what it would do). */
export type RunAction = 'create' | 'update' | 'unchanged' | 'import' | 'deactivate' | 'skip' | 'fail';

export interface SyncRecordRow {
  workspace_id: string;
  entity: SyncEntity;
  local_id: string;
  remote_id: string | null;
  state: RecordState;
  origin: Generated<RecordOrigin>;
  reason: string | null;
  reason_code: string | null;
  attempts: Generated<number>;
  next_retry_at: string | null;
  last_synced_at: string | null;
  /** Hash of what was last sent to (or read from) 24SO; unchanged → nothing to send. */
  fingerprint: string | null;
  remote_changed_at: string | null;
  intent_id: string | null;
  intent_op: 'create' | 'update' | 'deactivate' | null;
  intent_at: string | null;
  intent_fingerprint: string | null;
  last_run_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SyncRunRow {
  id: string;
  workspace_id: string;
  trigger: RunTrigger;
  /** Null = every kind the settings let move. */
  entity: SyncEntity | null;
  dry_run: number;
  state: RunState;
  active_key: string | null;
  waiting_until: string | null;
  message: string | null;
  requested_by: string | null;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  imported_count: Generated<number>;
  skipped_count: Generated<number>;
  failed_count: Generated<number>;
  calls: Generated<number>;
  /** Pauses in a row for unanswered 24SO reads with no answer between them (decision 77). */
  unanswered_pauses: Generated<number>;
  /** Times the run was found live with no job to carry it on and given a new one (decision 81). */
  resumes: Generated<number>;
  /** The hours phase's place in its walk over the workspace's hours, JSON (decision 76). */
  hour_walk: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export interface SyncRunRecordRow {
  id: string;
  run_id: string;
  workspace_id: string;
  entity: SyncEntity;
  local_id: string | null;
  remote_id: string | null;
  label: string;
  action: RunAction;
  reason: string | null;
  reason_code: string | null;
  at: string;
}

export interface SyncCursorRow {
  workspace_id: string;
  entity: SyncEntity;
  changed_after: string | null;
  polled_at: string | null;
  updated_at: string;
}

export interface SyncTables {
  sync_records: SyncRecordRow;
  sync_runs: SyncRunRow;
  sync_run_records: SyncRunRecordRow;
  sync_cursors: SyncCursorRow;
}
