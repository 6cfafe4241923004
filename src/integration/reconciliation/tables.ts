// Row types of the reconciliation (migration 010), snake_case as stored; store.ts maps them.

/** The kinds of record a reconciliation matches. */
export type ReconEntity = 'customer' | 'project' | 'product' | 'employee';

/**
 * `reading`: the job is reading 24SO; `ready`: the proposal waits for decisions; `confirmed`:
 * applied (links written); `failed`: 24SO could not be read; `superseded`: a newer one started.
 */
export type ReconciliationState = 'reading' | 'ready' | 'confirmed' | 'failed' | 'superseded';

/**
 * What confirming does with a row. Workspace records: `link` (to `remote_id`), `create` (the
 * engine creates it in 24SO), `skip` («ikke synkroniser»), `undecided` (a person must choose).
 * 24SO-only records: `import` (the engine brings it in) or `ignore` (left alone in 24SO).
 */
export type RowAction = 'link' | 'create' | 'skip' | 'undecided' | 'import' | 'ignore';

export interface ReconciliationRow {
  id: string;
  workspace_id: string;
  state: ReconciliationState;
  /** The 24SO client (identity) it was read from; another client needs a new one. */
  identity_id: string | null;
  /** Hash over every 24SO record read (their matching fields): equal ⇒ nothing changed. */
  snapshot_hash: string | null;
  /** 24SO calls the read made. */
  calls: number;
  /** Norwegian: why it failed, or what the confirmation found changed. */
  message: string | null;
  requested_by: string;
  confirmed_by: string | null;
  confirmed_at: string | null;
  /** Bumped on every decision and on confirmation; a stale confirmation is refused. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** Why a proposal was made: the key that matched, or an existing link. */
export type MatchKey = 'link' | 'org_number' | 'number' | 'email' | 'name';

export interface ReconciliationRowRow {
  id: string;
  reconciliation_id: string;
  workspace_id: string;
  entity: ReconEntity;
  position: number;
  local_id: string | null;
  local_label: string | null;
  /** JSON text: the workspace side's keys (number, org. number, e-mail). */
  local_detail: string | null;
  remote_id: string | null;
  proposed_remote_id: string | null;
  /** JSON text: the 24SO ids the key pointed at. */
  candidates: string;
  matched_by: MatchKey | null;
  certainty: 'exact' | 'name' | 'none';
  proposed_action: RowAction;
  action: RowAction;
  decided_by: string | null;
  decided_at: string | null;
}

export interface ReconciliationRemoteRow {
  reconciliation_id: string;
  entity: ReconEntity;
  remote_id: string;
  label: string;
  /** JSON text: the 24SO side's keys, shown beside the workspace side. */
  detail: string;
  hash: string;
}

export interface ReconciliationTables {
  reconciliations: ReconciliationRow;
  reconciliation_rows: ReconciliationRowRow;
  reconciliation_remote: ReconciliationRemoteRow;
}
