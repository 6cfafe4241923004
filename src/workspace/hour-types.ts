import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { keyedRegister } from './keyed-register.ts';
import { queryBoolean } from './list-query.ts';
import type { HourTypeRow, NewHourTypeRow } from './tables.ts';
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

// Hour types (timetyper): Ordinær, Overtid 50 %, Maskintimer … Each maps to a 24SO work type;
// `billable` is the default for new hours of the type, `hourlyPrice` the price on invoices.

export const hourTypeCreateSchema = z
  .object({
    code: codeInput('Kode, f.eks. ORD eller OT50'),
    name: requiredText(100, 'Navn, f.eks. «Overtid 50 %»'),
    billable: z.boolean().optional().describe('Fakturerbar som standard (standard true)'),
    hourlyPrice: moneyInput('Timepris i kroner, f.eks. "950.00"').optional(),
    active: z.boolean().optional().describe('Aktiv (standard true)'),
  })
  .meta({ title: 'HourTypeCreate', description: 'Ny timetype' });

export const hourTypeUpdateSchema = hourTypeCreateSchema
  .partial()
  .meta({ title: 'HourTypeUpdate', description: 'Endring av timetype; bare feltene som sendes endres' });

export const hourTypeSchema = z
  .object({
    id: idString('Timetypens id'),
    code: z.string().describe('Kode'),
    name: z.string().describe('Navn'),
    billable: z.boolean().describe('Fakturerbar som standard'),
    hourlyPrice: moneyOutput('Timepris i kroner'),
    active: z.boolean().describe('Aktiv'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'HourType', description: 'En timetype' });

export type HourTypeCreate = z.input<typeof hourTypeCreateSchema>;
export type HourTypeUpdate = z.input<typeof hourTypeUpdateSchema>;
export type HourType = z.infer<typeof hourTypeSchema>;

export interface HourTypeFilter {
  /** Part of the code or name, any case. */
  search?: string;
  active?: boolean;
  billable?: boolean;
}

/** `?active=&billable=&limit=&cursor=` for GET /hour-types. */
export const hourTypeListQuerySchema = z.object({
  search: z.string().max(200).optional().describe('Søk i kode og navn'),
  active: queryBoolean('Bare aktive (true) eller inaktive (false)'),
  billable: queryBoolean('Bare fakturerbare (true) eller ikke (false)'),
});

function toHourType(row: HourTypeRow): HourType {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    billable: fromDbBool(row.billable),
    hourlyPrice: formatMoney(Number(row.hourly_price_ore)),
    active: fromDbBool(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: HourTypeUpdate): Partial<NewHourTypeRow> {
  const cols: Partial<NewHourTypeRow> = {};
  if (input.code !== undefined) cols.code = input.code.trim().toUpperCase();
  if (input.name !== undefined) cols.name = input.name.trim();
  if (input.billable !== undefined) cols.billable = toDbBool(input.billable);
  if (input.hourlyPrice !== undefined)
    cols.hourly_price_ore = unwrapValue(parseMoney(input.hourlyPrice), 'hourlyPrice');
  if (input.active !== undefined) cols.active = toDbBool(input.active);
  return cols;
}

function codeConflict(code: string, deleted: boolean): DomainError {
  return new DomainError(
    'conflict',
    deleted
      ? `Koden ${code} er brukt av en slettet timetype. Opprett en ny timetype med koden for å hente den tilbake.`
      : `Det finnes allerede en timetype med koden ${code}.`,
    'code',
  );
}

const hourTypeRows = keyedRegister<HourTypeRow, HourType>({
  table: 'hour_types',
  key: 'code',
  toDomain: toHourType,
  notFound: 'Timetypen finnes ikke.',
  describe: (row) => `Timetypen ${row.code} ${row.name}`,
  conflict: codeConflict,
});

/** Every problem of a hour type write at once, or the columns to store. */
function prepareHourType(db: Db, workspaceId: string, input: unknown, existing?: HourTypeRow) {
  return hourTypeRows.prepare<HourTypeUpdate, ReturnType<typeof toColumns>>(
    db,
    workspaceId,
    existing ? hourTypeUpdateSchema : hourTypeCreateSchema,
    input,
    toColumns,
    existing,
  );
}

/**
 * What a hour type form would be told, without writing: every field's problem, or none.
 * @example const errors = await hourTypeInputProblems(db, ws.id, body);
 */
export async function hourTypeInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await hourTypeRows.existing(db, workspaceId, id) : undefined;
  return hourTypeRows.problems(() => prepareHourType(db, workspaceId, input, existing));
}

/**
 * Creates an hour type; codes are stored in upper case and unique per workspace.
 * @example await createHourType(db, ws.id, { code: 'OT50', name: 'Overtid 50 %', hourlyPrice: '1425.00' });
 */
export async function createHourType(
  db: Db,
  workspaceId: string,
  input: HourTypeCreate,
  clock: Clock = systemClock,
): Promise<HourType> {
  const { parsed, cols } = await prepareHourType(db, workspaceId, input);
  const code = cols.code as string;
  const now = nowIso(clock);
  return hourTypeRows.insert(db, {
    id: newId(),
    workspace_id: workspaceId,
    code,
    name: (parsed.name ?? '').trim(),
    billable: cols.billable ?? 1,
    hourly_price_ore: cols.hourly_price_ore ?? 0,
    active: cols.active ?? 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/**
 * The hour type, or undefined when missing, deleted or in another workspace.
 * @example await getHourType(db, ws.id, id)
 */
export async function getHourType(db: Db, workspaceId: string, id: string): Promise<HourType | undefined> {
  return hourTypeRows.get(db, workspaceId, id);
}

/**
 * Looks an hour type up by code (any case).
 * @example await getHourTypeByCode(db, ws.id, 'ord')
 */
export async function getHourTypeByCode(
  db: Db,
  workspaceId: string,
  code: string,
): Promise<HourType | undefined> {
  return hourTypeRows.getByKey(db, workspaceId, code.trim().toUpperCase());
}

/**
 * The hour types among `ids` in this workspace, ordered by code.
 * @example await findHourTypesByIds(db, ws.id, ids)
 */
export async function findHourTypesByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<HourType[]> {
  return hourTypeRows.findByIds(db, workspaceId, ids);
}

/**
 * Changes the fields given. Existing hours keep their own `billable`.
 * @example await updateHourType(db, ws.id, id, { hourlyPrice: '990.00' });
 */
export async function updateHourType(
  db: Db,
  workspaceId: string,
  id: string,
  input: HourTypeUpdate,
  clock: Clock = systemClock,
): Promise<HourType> {
  const existing = await hourTypeRows.existing(db, workspaceId, id);
  const { cols } = await prepareHourType(db, workspaceId, input, existing);
  return hourTypeRows.update(db, existing, cols, clock);
}

/**
 * Soft-deletes an hour type; false when there was none.
 * @example await softDeleteHourType(db, ws.id, id);
 */
export async function softDeleteHourType(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return hourTypeRows.softDelete(db, workspaceId, id, clock);
}

/**
 * One page of hour types ordered by code.
 * @example await listHourTypes(db, ws.id, { active: true })
 */
export async function listHourTypes(
  db: Db,
  workspaceId: string,
  filter: HourTypeFilter = {},
  page: PageOptions = {},
): Promise<Page<HourType>> {
  return hourTypeRows.list(
    db,
    workspaceId,
    {
      narrow: (q) => {
        let narrowed = q;
        if (filter.active !== undefined) narrowed = narrowed.where('active', '=', toDbBool(filter.active));
        if (filter.billable !== undefined)
          narrowed = narrowed.where('billable', '=', toDbBool(filter.billable));
        return narrowed;
      },
      search: { text: filter.search, columns: ['code', 'name'] },
    },
    page,
  );
}
