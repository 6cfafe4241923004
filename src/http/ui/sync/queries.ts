import type { Db } from '../../../db/database.ts';
import { type SyncRun, toRun } from '../../../integration/sync/runs.ts';
import type { RecordState, SyncEntity } from '../../../integration/sync/tables.ts';
import { formatDate } from '../format.ts';

// Read-only look-ups the Synkronisering pages need beside the sync engine's own functions: the
// number and name of the workspace records a page of sync states or run failures names, read
// with one query per kind on the page (never one per row).

export interface RecordLabel {
  number: string;
  name: string;
  /** Deleted in the workspace (the sync state is kept; 24SO's copy is set inactive). */
  deleted: boolean;
}

const TABLES = { customer: 'customers', project: 'projects', product: 'products' } as const;

/**
 * Number and name of the given records of one kind, keyed by id; an hour is named by its date
 * (the «number»), worker and project; kinds without a page here (invoices) give an empty map.
 * @example const labels = await recordLabels(db, wsId, 'customer', ids);
 */
export async function recordLabels(
  db: Db,
  workspaceId: string,
  entity: SyncEntity,
  ids: readonly string[],
): Promise<Map<string, RecordLabel>> {
  const out = new Map<string, RecordLabel>();
  if (ids.length === 0) return out;
  const unique = [...new Set(ids)];
  if (entity === 'hour') {
    for (let i = 0; i < unique.length; i += 500) {
      for (const [id, label] of await hourLabels(db, workspaceId, unique.slice(i, i + 500)))
        out.set(id, label);
    }
    return out;
  }
  if (!(entity in TABLES)) return out;
  const table = TABLES[entity as keyof typeof TABLES];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom(table)
      .select(['id', 'number', 'name', 'deleted_at'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      out.set(r.id, { number: String(r.number), name: r.name, deleted: r.deleted_at !== null });
    }
  }
  return out;
}

/** «04.03.2026 – Ola Nordmann, 1001 Boligfelt Nordvik» for each of these hours. */
async function hourLabels(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, RecordLabel>> {
  const rows = await db
    .selectFrom('hour_entries')
    .innerJoin('employees', 'employees.id', 'hour_entries.employee_id')
    .innerJoin('projects', 'projects.id', 'hour_entries.project_id')
    .select([
      'hour_entries.id as id',
      'hour_entries.date as date',
      'hour_entries.deleted_at as deleted_at',
      'employees.name as employee',
      'projects.number as project_number',
      'projects.name as project_name',
    ])
    .where('hour_entries.workspace_id', '=', workspaceId)
    .where('hour_entries.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        number: formatDate(r.date),
        name: `${r.employee}, ${r.project_number} ${r.project_name}`,
        deleted: r.deleted_at !== null,
      },
    ]),
  );
}

/**
 * Labels for a mixed list of (entity, id) pairs: one query per kind present.
 * @example const labels = await labelsFor(db, wsId, records); labels.get('customer:' + id)
 */
export async function labelsFor(
  db: Db,
  workspaceId: string,
  items: readonly { entity: SyncEntity; localId: string | null }[],
): Promise<Map<string, RecordLabel>> {
  const byEntity = new Map<SyncEntity, string[]>();
  for (const item of items) {
    if (!item.localId) continue;
    const list = byEntity.get(item.entity) ?? [];
    list.push(item.localId);
    byEntity.set(item.entity, list);
  }
  const out = new Map<string, RecordLabel>();
  for (const [entity, ids] of byEntity) {
    for (const [id, label] of await recordLabels(db, workspaceId, entity, ids))
      out.set(`${entity}:${id}`, label);
  }
  return out;
}

/**
 * Records of one kind per sync state, for the page's summary.
 * @example const byState = await countByState(db, wsId, 'customer');
 */
export async function countByState(
  db: Db,
  workspaceId: string,
  entity: SyncEntity,
): Promise<Record<RecordState, number>> {
  const rows = await db
    .selectFrom('sync_records')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity)
    .groupBy('state')
    .execute();
  const out: Record<RecordState, number> = {
    synced: 0,
    pending: 0,
    failed: 0,
    skipped: 0,
    changed_after_transfer: 0,
  };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

/**
 * The workspace's live (queued, running or waiting) runs, to land a second click on them.
 * @example const live = await liveRuns(db, wsId);
 */
export async function liveRuns(db: Db, workspaceId: string): Promise<SyncRun[]> {
  const rows = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('state', 'in', ['queued', 'running', 'waiting'])
    .execute();
  return rows.map(toRun);
}
