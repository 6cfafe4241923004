import type { Db } from '../../db/database.ts';
import { type Summary, summarise } from './service.ts';
import {
  getReconciliation,
  listRows,
  type Reconciliation,
  type RemoteEntry,
  type RowFilter,
  searchRemote,
} from './store.ts';
import type { MatchKey, ReconEntity, RowAction } from './tables.ts';

// The proposal as the page and the API show it: the summary, and rows with both sides (the
// workspace record, the chosen 24SO record and every candidate) side by side.

export interface RemoteView {
  id: string;
  label: string;
  detail: Record<string, string | null>;
}

export interface RowView {
  id: string;
  entity: ReconEntity;
  action: RowAction;
  proposedAction: RowAction;
  matchedBy: MatchKey | null;
  certainty: 'exact' | 'name' | 'none';
  local: ({ id: string; label: string } & Record<string, string | null>) | null;
  remote: RemoteView | null;
  candidates: RemoteView[];
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface ReconciliationView {
  reconciliation: Reconciliation;
  summary: Summary;
  rows: RowView[];
  total: number;
}

/**
 * One proposal with a page of its rows, or undefined when the workspace has no such proposal.
 * @example const view = await reconciliationView(db, workspaceId, id, { action: 'undecided' });
 */
export async function reconciliationView(
  db: Db,
  workspaceId: string,
  id: string,
  filter: RowFilter = {},
): Promise<ReconciliationView | undefined> {
  const reconciliation = await getReconciliation(db, workspaceId, id);
  if (!reconciliation) return undefined;
  const [summary, page] = await Promise.all([summarise(db, id), listRows(db, id, filter)]);
  const wanted = new Map<ReconEntity, Set<string>>();
  for (const r of page.rows) {
    const set = wanted.get(r.entity) ?? new Set<string>();
    if (r.remoteId) set.add(r.remoteId);
    for (const c of r.candidates) set.add(c);
    wanted.set(r.entity, set);
  }
  const remotes = new Map<string, RemoteEntry>();
  for (const [entity, ids] of wanted) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 500) {
      for (const e of await searchRemote(db, id, entity, { ids: list.slice(i, i + 500), limit: 500 })) {
        remotes.set(`${entity}:${e.remoteId}`, e);
      }
    }
  }
  const remoteView = (entity: ReconEntity, remoteId: string | null): RemoteView | null => {
    if (!remoteId) return null;
    const e = remotes.get(`${entity}:${remoteId}`);
    return { id: remoteId, label: e?.label ?? remoteId, detail: e?.detail ?? {} };
  };
  const rows = page.rows.map(
    (r): RowView => ({
      id: r.id,
      entity: r.entity,
      action: r.action,
      proposedAction: r.proposedAction,
      matchedBy: r.matchedBy,
      certainty: r.certainty,
      local: r.localId ? { id: r.localId, label: r.localLabel ?? r.localId, ...(r.localDetail ?? {}) } : null,
      remote: remoteView(r.entity, r.remoteId),
      candidates: r.candidates.map((c) => remoteView(r.entity, c)).filter((c): c is RemoteView => c !== null),
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
    }),
  );
  return { reconciliation, summary, rows, total: page.total };
}

/** Remote records of a proposal for the «velg en annen» search. */
export { searchRemote };
