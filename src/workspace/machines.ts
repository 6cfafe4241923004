import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { keyedRegister } from './keyed-register.ts';
import { queryBoolean } from './list-query.ts';
import type { MachineRow, NewMachineRow } from './tables.ts';
import {
  codeInput,
  formatMoney,
  idString,
  moneyInput,
  moneyOutput,
  parseMoney,
  requiredText,
  timestampOutput,
  unwrapValue,
} from './values.ts';

// Machines (maskiner): gravemaskin, hjullaster, lastebil … The number ("GM-01") is what maps
// to a value of the 24SO dimension "Maskin"; machine hours carry it onto order lines.

export const machineCreateSchema = z
  .object({
    number: codeInput('Maskinnummer, f.eks. GM-01'),
    name: requiredText(200, 'Navn, f.eks. «Gravemaskin Volvo EC220»'),
    hourlyPrice: moneyInput('Timepris for maskinen i kroner, f.eks. "1250.00"').optional(),
    active: z.boolean().optional().describe('Aktiv (standard true)'),
  })
  .meta({ title: 'MachineCreate', description: 'Ny maskin' });

export const machineUpdateSchema = machineCreateSchema
  .partial()
  .meta({ title: 'MachineUpdate', description: 'Endring av maskin; bare feltene som sendes endres' });

export const machineSchema = z
  .object({
    id: idString('Maskinens id'),
    number: z.string().describe('Maskinnummer'),
    name: z.string().describe('Navn'),
    hourlyPrice: moneyOutput('Timepris i kroner'),
    active: z.boolean().describe('Aktiv'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'Machine', description: 'En maskin' });

export type MachineCreate = z.input<typeof machineCreateSchema>;
export type MachineUpdate = z.input<typeof machineUpdateSchema>;
export type Machine = z.infer<typeof machineSchema>;

export interface MachineFilter {
  /** Part of the number or name. */
  search?: string;
  active?: boolean;
}

/** `?search=&active=&limit=&cursor=` for GET /machines. */
export const machineListQuerySchema = z.object({
  search: z.string().max(200).optional().describe('Søk i maskinnummer og navn'),
  active: queryBoolean('Bare aktive (true) eller inaktive (false)'),
});

function toMachine(row: MachineRow): Machine {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    hourlyPrice: formatMoney(Number(row.hourly_price_ore)),
    active: fromDbBool(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: MachineUpdate): Partial<NewMachineRow> {
  const cols: Partial<NewMachineRow> = {};
  if (input.number !== undefined) cols.number = input.number.trim();
  if (input.name !== undefined) cols.name = input.name.trim();
  if (input.hourlyPrice !== undefined)
    cols.hourly_price_ore = unwrapValue(parseMoney(input.hourlyPrice), 'hourlyPrice');
  if (input.active !== undefined) cols.active = toDbBool(input.active);
  return cols;
}

function numberConflict(number: string, deleted: boolean): DomainError {
  return new DomainError(
    'conflict',
    deleted
      ? `Maskinnummer ${number} er brukt av en slettet maskin. Opprett en ny maskin med nummeret for å hente den tilbake.`
      : `Maskinnummer ${number} er allerede i bruk.`,
    'number',
  );
}

const machineRows = keyedRegister<MachineRow, Machine>({
  table: 'machines',
  key: 'number',
  toDomain: toMachine,
  notFound: 'Maskinen finnes ikke.',
  describe: (row) => `Maskinen ${row.number} ${row.name}`,
  conflict: numberConflict,
});

/** Every problem of a machine write at once, or the columns to store. */
function prepareMachine(db: Db, workspaceId: string, input: unknown, existing?: MachineRow) {
  return machineRows.prepare<MachineUpdate, ReturnType<typeof toColumns>>(
    db,
    workspaceId,
    existing ? machineUpdateSchema : machineCreateSchema,
    input,
    toColumns,
    existing,
  );
}

/**
 * What a machine form would be told, without writing: every field's problem, or none.
 * @example const errors = await machineInputProblems(db, ws.id, body);
 */
export async function machineInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await machineRows.existing(db, workspaceId, id) : undefined;
  return machineRows.problems(() => prepareMachine(db, workspaceId, input, existing));
}

/**
 * Creates a machine.
 * @example await createMachine(db, ws.id, { number: 'GM-01', name: 'Gravemaskin Volvo EC220', hourlyPrice: '1250.00' });
 */
export async function createMachine(
  db: Db,
  workspaceId: string,
  input: MachineCreate,
  clock: Clock = systemClock,
): Promise<Machine> {
  const { parsed, cols } = await prepareMachine(db, workspaceId, input);
  const number = cols.number as string;
  const now = nowIso(clock);
  return machineRows.insert(db, {
    id: newId(),
    workspace_id: workspaceId,
    number,
    name: (parsed.name ?? '').trim(),
    hourly_price_ore: cols.hourly_price_ore ?? 0,
    active: cols.active ?? 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/**
 * The machine, or undefined when missing, deleted or in another workspace.
 * @example await getMachine(db, ws.id, id)
 */
export async function getMachine(db: Db, workspaceId: string, id: string): Promise<Machine | undefined> {
  return machineRows.get(db, workspaceId, id);
}

/**
 * Looks a machine up by its number.
 * @example await getMachineByNumber(db, ws.id, 'GM-01')
 */
export async function getMachineByNumber(
  db: Db,
  workspaceId: string,
  number: string,
): Promise<Machine | undefined> {
  return machineRows.getByKey(db, workspaceId, number.trim());
}

/**
 * The machines among `ids` in this workspace, ordered by number.
 * @example await findMachinesByIds(db, ws.id, ids)
 */
export async function findMachinesByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<Machine[]> {
  return machineRows.findByIds(db, workspaceId, ids);
}

/**
 * Changes the fields given.
 * @example await updateMachine(db, ws.id, id, { active: false });
 */
export async function updateMachine(
  db: Db,
  workspaceId: string,
  id: string,
  input: MachineUpdate,
  clock: Clock = systemClock,
): Promise<Machine> {
  const existing = await machineRows.existing(db, workspaceId, id);
  const { cols } = await prepareMachine(db, workspaceId, input, existing);
  return machineRows.update(db, existing, cols, clock);
}

/**
 * Soft-deletes a machine; false when there was none.
 * @example await softDeleteMachine(db, ws.id, id);
 */
export async function softDeleteMachine(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return machineRows.softDelete(db, workspaceId, id, clock);
}

/**
 * One page of machines ordered by number.
 * @example await listMachines(db, ws.id, { search: 'grave' })
 */
export async function listMachines(
  db: Db,
  workspaceId: string,
  filter: MachineFilter = {},
  page: PageOptions = {},
): Promise<Page<Machine>> {
  const { active } = filter;
  return machineRows.list(
    db,
    workspaceId,
    {
      narrow: (q) => (active === undefined ? q : q.where('active', '=', toDbBool(active))),
      search: { text: filter.search, columns: ['name', 'number'] },
    },
    page,
  );
}
