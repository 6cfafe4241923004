import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { LiveLists, LookupItem, LookupKind } from './lookup-types.ts';

// Minimal workspace rows for integration tests: hour types and machines as in
// docs/demo-data.md, and approved hours to count. Inserted straight into the tables so these
// tests do not depend on the workspace repositories.

export interface FixtureWorkspace {
  workspaceId: string;
  hourTypeIds: Record<string, string>;
  machineIds: Record<string, string>;
  employeeId: string;
  projectId: string;
}

const NOW = '2026-01-05T08:00:00.000Z';

/**
 * A workspace with hour types ORD/OT50/OT100/MASK/REISE and machines GM-01…DU-01.
 * @example const ws = await insertFixtureWorkspace(db, 'acme');
 */
export async function insertFixtureWorkspace(db: Db, slug: string): Promise<FixtureWorkspace> {
  const workspaceId = randomUUID();
  await db
    .insertInto('workspaces')
    .values({ id: workspaceId, slug, name: `Firma ${slug}`, created_at: NOW })
    .execute();
  return insertFixtureRefs(db, workspaceId);
}

/**
 * Hour types, machines, one employee and one project in an existing workspace.
 * @example const refs = await insertFixtureRefs(db, harness.a.id);
 */
export async function insertFixtureRefs(db: Db, workspaceId: string): Promise<FixtureWorkspace> {
  const hourTypeIds: Record<string, string> = {};
  for (const [code, name] of [
    ['ORD', 'Ordinær'],
    ['OT50', 'Overtid 50 %'],
    ['OT100', 'Overtid 100 %'],
    ['MASK', 'Maskintimer'],
    ['REISE', 'Reise'],
  ] as const) {
    const id = randomUUID();
    hourTypeIds[code] = id;
    await db
      .insertInto('hour_types')
      .values({
        id,
        workspace_id: workspaceId,
        code,
        name,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      })
      .execute();
  }
  const machineIds: Record<string, string> = {};
  for (const [number, name] of [
    ['GM-01', 'Gravemaskin Volvo EC220'],
    ['GM-02', 'Gravemaskin CAT 308'],
    ['HL-01', 'Hjullaster Volvo L60'],
    ['LB-01', 'Lastebil Scania R500'],
    ['DU-01', 'Dumper Volvo A25'],
  ] as const) {
    const id = randomUUID();
    machineIds[number] = id;
    await db
      .insertInto('machines')
      .values({
        id,
        workspace_id: workspaceId,
        number,
        name,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      })
      .execute();
  }
  const employeeId = randomUUID();
  await db
    .insertInto('employees')
    .values({
      id: employeeId,
      workspace_id: workspaceId,
      number: 1,
      name: 'Ola Nordmann',
      email: null,
      phone: null,
      twentyfour_contact_id: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    })
    .execute();
  const projectId = randomUUID();
  await db
    .insertInto('projects')
    .values({
      id: projectId,
      workspace_id: workspaceId,
      number: '1001',
      name: 'Boligfelt',
      customer_id: null,
      project_manager_id: null,
      start_date: null,
      end_date: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    })
    .execute();
  return { workspaceId, hourTypeIds, machineIds, employeeId, projectId };
}

/**
 * Inserts `count` hour entries of one type (and optionally one machine).
 * @example await insertHours(db, ws, { code: 'OT100', count: 3, approved: true });
 */
export async function insertHours(
  db: Db,
  ws: FixtureWorkspace,
  o: { code: string; count: number; approved: boolean; machine?: string; date?: string; minutes?: number },
): Promise<void> {
  for (let i = 0; i < o.count; i++) {
    await db
      .insertInto('hour_entries')
      .values({
        id: randomUUID(),
        workspace_id: ws.workspaceId,
        employee_id: ws.employeeId,
        project_id: ws.projectId,
        hour_type_id: ws.hourTypeIds[o.code] as string,
        machine_id: o.machine ? (ws.machineIds[o.machine] as string) : null,
        date: o.date ?? '2026-01-05',
        start_time: null,
        end_time: null,
        minutes: o.minutes ?? 450,
        approved: o.approved ? 1 : 0,
        approved_by: null,
        approved_at: null,
        created_at: NOW,
        updated_at: NOW,
        deleted_at: null,
      })
      .execute();
  }
}

/**
 * Fixed live lists shaped like the sandbox's "Demo Maskin AS", for tests that need no 24SO.
 * @example const lists = fixedLiveLists(); await saveSettings(db, lists, clock, …);
 */
export function fixedLiveLists(
  overrides: Partial<Record<LookupKind, LookupItem[] | 'down'>> = {},
): LiveLists & {
  calls: LookupKind[];
} {
  const base: Record<LookupKind, LookupItem[]> = {
    'work-types': [
      { id: '1', name: 'Ordinær' },
      { id: '2', name: 'Overtid 50%' },
      { id: '3', name: 'Maskintimer' },
      { id: '4', name: 'Reise' },
    ],
    products: ['TIME', 'KM', 'BOM', 'UTL', 'FRI'].map((no, i) => ({ id: String(i + 1), name: no, no })),
    dimensions: [
      { id: '101:GM-01', name: 'Gravemaskin Volvo EC220', typeId: '101', typeName: 'Maskin', value: 'GM-01' },
      { id: 'department:1', name: 'Anlegg', typeId: 'department', typeName: 'Avdeling', value: '1' },
    ],
    departments: [{ id: '1', name: 'Anlegg' }],
    contacts: [{ id: '501', name: 'Ola Nordmann' }],
  };
  const calls: LookupKind[] = [];
  return {
    calls,
    async list(kind) {
      calls.push(kind);
      const o = overrides[kind];
      if (o === 'down') return { ok: false, state: 'unreachable', message: '24SevenOffice svarer ikke' };
      return { ok: true, items: o ?? base[kind] };
    },
  };
}
