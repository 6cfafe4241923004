import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/database.ts';
import type { ProposedRow } from './propose.ts';
import type { RemoteSnapshot } from './read-remote.ts';
import type {
  MatchKey,
  ReconciliationRow,
  ReconciliationRowRow,
  ReconciliationState,
  ReconEntity,
  RowAction,
} from './tables.ts';

// The reconciliation's storage: the proposal, its rows and the 24SO records read. Writes that
// race (decisions, confirmation, a new proposal) go through the proposal's row with a
// conditional update, so one wins and the others see what happened.

export interface Reconciliation {
  id: string;
  workspaceId: string;
  state: ReconciliationState;
  identityId: string | null;
  snapshotHash: string | null;
  calls: number;
  message: string | null;
  requestedBy: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ReconRow {
  id: string;
  entity: ReconEntity;
  localId: string | null;
  localLabel: string | null;
  localDetail: Record<string, string | null> | null;
  remoteId: string | null;
  proposedRemoteId: string | null;
  candidates: string[];
  matchedBy: MatchKey | null;
  certainty: 'exact' | 'name' | 'none';
  proposedAction: RowAction;
  action: RowAction;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface RemoteEntry {
  entity: ReconEntity;
  remoteId: string;
  label: string;
  detail: Record<string, string | null>;
  hash: string;
}

export function toReconciliation(r: Selectable<ReconciliationRow>): Reconciliation {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    state: r.state,
    identityId: r.identity_id,
    snapshotHash: r.snapshot_hash,
    calls: Number(r.calls),
    message: r.message,
    requestedBy: r.requested_by,
    confirmedBy: r.confirmed_by,
    confirmedAt: r.confirmed_at,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toRow(r: Selectable<ReconciliationRowRow>): ReconRow {
  return {
    id: r.id,
    entity: r.entity,
    localId: r.local_id,
    localLabel: r.local_label,
    localDetail: r.local_detail ? JSON.parse(r.local_detail) : null,
    remoteId: r.remote_id,
    proposedRemoteId: r.proposed_remote_id,
    candidates: JSON.parse(r.candidates),
    matchedBy: r.matched_by,
    certainty: r.certainty,
    proposedAction: r.proposed_action,
    action: r.action,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}

/**
 * Starts a proposal in state `reading`; any open (reading or ready) one is superseded.
 * @example const rec = await createReconciliation(db, clock, { workspaceId, actor: 'Kari' });
 */
export async function createReconciliation(
  db: Db,
  clock: () => Date,
  input: { workspaceId: string; actor: string },
): Promise<Reconciliation> {
  const at = nowIso(clock);
  const row = {
    id: randomUUID(),
    workspace_id: input.workspaceId,
    state: 'reading' as const,
    identity_id: null,
    snapshot_hash: null,
    calls: 0,
    message: null,
    requested_by: input.actor,
    confirmed_by: null,
    confirmed_at: null,
    version: 0,
    created_at: at,
    updated_at: at,
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('reconciliations')
      .set({ state: 'superseded', updated_at: at, version: (eb) => eb('version', '+', 1) })
      .where('workspace_id', '=', input.workspaceId)
      .where('state', 'in', ['reading', 'ready'])
      .execute();
    await tx.insertInto('reconciliations').values(row).execute();
  });
  return toReconciliation(row);
}

/**
 * One proposal of the workspace, or undefined.
 * @example const rec = await getReconciliation(db, workspaceId, id);
 */
export async function getReconciliation(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<Reconciliation | undefined> {
  const row = await db
    .selectFrom('reconciliations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toReconciliation(row) : undefined;
}

/**
 * The workspace's proposals, newest first.
 * @example const recent = await listReconciliations(db, workspaceId, 20);
 */
export async function listReconciliations(
  db: Db,
  workspaceId: string,
  limit: number,
): Promise<Reconciliation[]> {
  const rows = await db
    .selectFrom('reconciliations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toReconciliation);
}

/**
 * The newest proposal that is not superseded, and the newest confirmed one.
 * @example const { latest, confirmed } = await latestReconciliations(db, workspaceId);
 */
export async function latestReconciliations(
  db: Db,
  workspaceId: string,
): Promise<{ latest: Reconciliation | undefined; confirmed: Reconciliation | undefined }> {
  const base = db
    .selectFrom('reconciliations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
  const [latest, confirmed] = await Promise.all([
    base.where('state', '!=', 'superseded').executeTakeFirst(),
    base.where('state', '=', 'confirmed').executeTakeFirst(),
  ]);
  return {
    latest: latest ? toReconciliation(latest) : undefined,
    confirmed: confirmed ? toReconciliation(confirmed) : undefined,
  };
}

const CHUNK = 200;

/**
 * Stores what was read and proposed, and makes the proposal `ready` — unless it was superseded
 * meanwhile (then nothing is stored and false is returned).
 * @example await storeProposal(db, clock, rec.id, { identityId, hash, snapshot, rows });
 */
export async function storeProposal(
  db: Db,
  clock: () => Date,
  id: string,
  input: {
    workspaceId: string;
    identityId: string;
    hash: string;
    snapshot: RemoteSnapshot;
    rows: ProposedRow[];
  },
): Promise<boolean> {
  const at = nowIso(clock);
  return db.transaction().execute(async (tx) => {
    const moved = await tx
      .updateTable('reconciliations')
      .set({
        state: 'ready',
        identity_id: input.identityId,
        snapshot_hash: input.hash,
        calls: input.snapshot.calls,
        updated_at: at,
        version: (eb) => eb('version', '+', 1),
      })
      .where('id', '=', id)
      .where('state', '=', 'reading')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return false;
    const remotes = Object.entries(input.snapshot.records).flatMap(([entity, list]) =>
      list.map((r) => ({
        reconciliation_id: id,
        entity: entity as ReconEntity,
        remote_id: r.id,
        label: r.label,
        detail: JSON.stringify(r.detail),
        hash: r.hash,
      })),
    );
    for (let i = 0; i < remotes.length; i += CHUNK) {
      await tx
        .insertInto('reconciliation_remote')
        .values(remotes.slice(i, i + CHUNK))
        .execute();
    }
    const rows = input.rows.map((r, position) => ({
      id: randomUUID(),
      reconciliation_id: id,
      workspace_id: input.workspaceId,
      entity: r.entity,
      position,
      local_id: r.localId,
      local_label: r.localLabel,
      local_detail: r.localDetail ? JSON.stringify(r.localDetail) : null,
      remote_id: r.remoteId,
      proposed_remote_id: r.remoteId,
      candidates: JSON.stringify(r.candidates),
      matched_by: r.matchedBy,
      certainty: r.certainty,
      proposed_action: r.action,
      action: r.action,
      decided_by: null,
      decided_at: null,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insertInto('reconciliation_rows')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
    return true;
  });
}

/**
 * Marks a reading proposal failed with the Norwegian reason.
 * @example await failReconciliation(db, clock, id, '24SevenOffice svarer ikke akkurat nå.');
 */
export async function failReconciliation(
  db: Db,
  clock: () => Date,
  id: string,
  message: string,
): Promise<void> {
  await db
    .updateTable('reconciliations')
    .set({ state: 'failed', message, updated_at: nowIso(clock) })
    .where('id', '=', id)
    .where('state', '=', 'reading')
    .execute();
}

export interface RowFilter {
  rowId?: string;
  entity?: ReconEntity;
  action?: RowAction;
  /** Matches either side's label. */
  q?: string;
  offset?: number;
  limit?: number;
}

/**
 * A page of a proposal's rows in their order, with the total matching the filter.
 * @example const { rows, total } = await listRows(db, id, { action: 'undecided', limit: 100 });
 */
export async function listRows(
  db: Db,
  id: string,
  filter: RowFilter = {},
): Promise<{ rows: ReconRow[]; total: number }> {
  let q = db.selectFrom('reconciliation_rows').where('reconciliation_id', '=', id);
  if (filter.rowId) q = q.where('id', '=', filter.rowId);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['local_label']), 'like', like), eb('remote_id', '=', filter.q ?? '')]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('entity')
      .orderBy('position')
      .offset(filter.offset ?? 0)
      .limit(filter.limit ?? 200)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toRow), total: Number(count.n) };
}

/** Rows per entity and action, for the summary. */
export async function countRows(
  db: Db,
  id: string,
): Promise<{ entity: ReconEntity; action: RowAction; n: number }[]> {
  const rows = await db
    .selectFrom('reconciliation_rows')
    .select(['entity', 'action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('reconciliation_id', '=', id)
    .groupBy(['entity', 'action'])
    .execute();
  return rows.map((r) => ({ entity: r.entity, action: r.action, n: Number(r.n) }));
}

/**
 * 24SO records read for a proposal, of one kind, by id or by a search in their label.
 * @example const hits = await searchRemote(db, id, 'customer', 'nordvik');
 */
export async function searchRemote(
  db: Db,
  id: string,
  entity: ReconEntity | null,
  query: { ids?: readonly string[]; q?: string; limit?: number },
): Promise<RemoteEntry[]> {
  let q = db.selectFrom('reconciliation_remote').selectAll().where('reconciliation_id', '=', id);
  if (entity) q = q.where('entity', '=', entity);
  if (query.ids) q = q.where('remote_id', 'in', query.ids.length ? [...query.ids] : ['']);
  if (query.q) q = q.where((eb) => eb(eb.fn('lower', ['label']), 'like', `%${query.q?.toLowerCase()}%`));
  const rows = await q
    .orderBy('label')
    .limit(query.limit ?? 50)
    .execute();
  return rows.map((r) => ({
    entity: r.entity,
    remoteId: r.remote_id,
    label: r.label,
    detail: JSON.parse(r.detail),
    hash: r.hash,
  }));
}
