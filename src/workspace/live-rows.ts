import type { Clock } from '../db/clock.ts';
import { type Db, untypedTables } from '../db/database.ts';

// The workspace's resources are never deleted outright (a row may already exist in 24SO): a
// deleted one keeps its row with `deleted_at` set. These read and mark rows of any such table
// by workspace and id.

/** Tables with workspace_id, id and deleted_at: every soft-deletable resource. */
type SoftDeletableTable =
  | 'customers'
  | 'employees'
  | 'hour_types'
  | 'machines'
  | 'projects'
  | 'hour_entries'
  | 'transport_entries'
  | 'products'
  | 'material_lines'
  | 'free_text_lines';

/**
 * The live (not deleted) row with this id in this workspace, or undefined.
 * @example const row = await liveRow<CustomerRow>(db, 'customers', ws.id, id);
 */
export async function liveRow<R>(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  id: string,
): Promise<R | undefined> {
  return (await untypedTables(db)
    .selectFrom(table)
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()) as R | undefined;
}

/**
 * The row (deleted or not) holding a unique value, e.g. a number, so a clash can be named.
 * @example const clash = await rowWithValue(db, 'machines', ws.id, 'number', 'GM-01');
 */
export async function rowWithValue(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  column: string,
  value: string | number,
): Promise<{ id: string; deleted_at: string | null } | undefined> {
  return (await untypedTables(db)
    .selectFrom(table)
    .select(['id', 'deleted_at'])
    .where('workspace_id', '=', workspaceId)
    .where(column, '=', value)
    .executeTakeFirst()) as { id: string; deleted_at: string | null } | undefined;
}

/**
 * Marks a row deleted (it stays, since it may already exist in 24SO); false when none was live.
 * @example if (!(await softDeleteRow(db, 'machines', ws.id, id, clock))) throw notFound;
 */
export async function softDeleteRow(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  id: string,
  clock: Clock,
): Promise<boolean> {
  const now = clock().toISOString();
  const result = await untypedTables(db)
    .updateTable(table)
    .set({ deleted_at: now, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Live rows among `ids` in this workspace, in no particular order.
 * @example const rows = await liveRowsByIds<MachineRow>(db, 'machines', ws.id, ids);
 */
export async function liveRowsByIds<R>(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  ids: readonly string[],
): Promise<R[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows: R[] = [];
  // Chunks keep the parameter count under SQLite's limit for very long id lists.
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    rows.push(
      ...((await untypedTables(db)
        .selectFrom(table)
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', chunk)
        .where('deleted_at', 'is', null)
        .execute()) as R[]),
    );
  }
  return rows;
}
