import type { Db } from '../db/database.ts';
import { fromDbBool } from '../db/database.ts';

// The few workspace facts the integration settings refer to, read straight from the
// project-side tables (an adapter, so settings do not depend on the workspace repositories).

export interface HourTypeRef {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

export interface MachineRef {
  id: string;
  number: string;
  name: string;
  active: boolean;
}

/**
 * Hour types of a workspace (not deleted), ordered by code.
 * @example const types = await listHourTypeRefs(db, workspaceId);
 */
export async function listHourTypeRefs(db: Db, workspaceId: string): Promise<HourTypeRef[]> {
  const rows = await db
    .selectFrom('hour_types')
    .select(['id', 'code', 'name', 'active'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, active: fromDbBool(r.active) }));
}

/**
 * Machines of a workspace (not deleted), ordered by number.
 * @example const machines = await listMachineRefs(db, workspaceId);
 */
export async function listMachineRefs(db: Db, workspaceId: string): Promise<MachineRef[]> {
  const rows = await db
    .selectFrom('machines')
    .select(['id', 'number', 'name', 'active'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, name: r.name, active: fromDbBool(r.active) }));
}
