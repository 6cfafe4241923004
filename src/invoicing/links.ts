import type { Db } from '../db/database.ts';

// Where invoicing learns whether a customer or project exists in 24SO, and under which id:
// the sync engine's links (`sync_records`). A record without a 24SO id is not linked, so the
// order preview lists «finnes ikke i 24SevenOffice» as a blocker.

export type LinkKind = 'customer' | 'project';

/** Resolves a workspace record to its 24SO id; injectable so tests can link records. */
export type LinkLookup = (
  db: Db,
  workspaceId: string,
  kind: LinkKind,
  localId: string,
) => Promise<number | undefined>;

/**
 * The 24SO id of a workspace customer or project, or undefined when it is not linked.
 * @example const customerId = await twentyfourIdOf(db, ws.id, 'customer', customer.id);
 */
export const twentyfourIdOf: LinkLookup = async (db, workspaceId, kind, localId) => {
  const row = await db
    .selectFrom('sync_records')
    .select('remote_id')
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', kind)
    .where('local_id', '=', localId)
    .where('remote_id', 'is not', null)
    .executeTakeFirst();
  return row?.remote_id ? Number(row.remote_id) : undefined;
};
