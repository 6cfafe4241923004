import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { containsText } from '../db/text-search.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { keyedRegister } from './keyed-register.ts';
import { queryBoolean } from './list-query.ts';
import type { EmployeeRow, NewEmployeeRow } from './tables.ts';
import {
  blankable,
  blankToNull,
  emailInput,
  idString,
  optionalText,
  parseEmail,
  requiredText,
  timestampOutput,
  unwrapValue,
} from './values.ts';

// Employees (arbeidere). `twentyfourContactId` is the 24SO contact (PersonItem.Id) the admin
// links under "Admin. arbeidere"; hours are only exported for linked workers.

export const employeeCreateSchema = z
  .object({
    number: z
      .number()
      .int()
      .min(1)
      .max(999_999_999)
      .optional()
      .describe('Ansattnummer; tildeles automatisk (høyeste + 1) når det utelates'),
    name: requiredText(200, 'Navn'),
    email: blankable(emailInput('E-postadresse')),
    phone: blankable(optionalText(40, 'Telefon')),
    twentyfourContactId: z
      .number()
      .int()
      .min(1)
      .nullable()
      .optional()
      .describe('Kontakt-id i 24SevenOffice (PersonItem.Id), når arbeideren er koblet'),
    active: z.boolean().optional().describe('Aktiv arbeider (standard true)'),
  })
  .meta({ title: 'EmployeeCreate', description: 'Ny arbeider' });

export const employeeUpdateSchema = employeeCreateSchema
  .partial()
  .meta({ title: 'EmployeeUpdate', description: 'Endring av arbeider; bare feltene som sendes endres' });

export const employeeSchema = z
  .object({
    id: idString('Arbeiderens id'),
    number: z.number().int().describe('Ansattnummer'),
    name: z.string().describe('Navn'),
    email: z.string().nullable().describe('E-post'),
    phone: z.string().nullable().describe('Telefon'),
    twentyfourContactId: z.number().int().nullable().describe('Kontakt-id i 24SevenOffice'),
    active: z.boolean().describe('Aktiv'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'Employee', description: 'En arbeider (ansatt) i arbeidsområdet' });

export type EmployeeCreate = z.input<typeof employeeCreateSchema>;
export type EmployeeUpdate = z.input<typeof employeeUpdateSchema>;
export type Employee = z.infer<typeof employeeSchema>;

export interface EmployeeFilter {
  /** Part of the name, e-mail or the number. */
  search?: string;
  active?: boolean;
  /** true: only workers with a 24SO contact id; false: only those without. */
  linked?: boolean;
}

/** `?search=&active=&linked=&limit=&cursor=` for GET /employees. */
export const employeeListQuerySchema = z.object({
  search: z.string().max(200).optional().describe('Søk i navn, e-post og ansattnummer'),
  active: queryBoolean('Bare aktive (true) eller inaktive (false)'),
  linked: queryBoolean('Bare koblet til 24SevenOffice (true) eller ikke koblet (false)'),
});

function toEmployee(row: EmployeeRow): Employee {
  return {
    id: row.id,
    number: Number(row.number),
    name: row.name,
    email: row.email,
    phone: row.phone,
    twentyfourContactId: row.twentyfour_contact_id === null ? null : Number(row.twentyfour_contact_id),
    active: fromDbBool(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: EmployeeUpdate): Partial<NewEmployeeRow> {
  const cols: Partial<NewEmployeeRow> = {};
  if (input.number !== undefined) cols.number = input.number;
  if (input.name !== undefined) cols.name = input.name.trim();
  const email = blankToNull(input.email);
  if (email !== undefined) cols.email = email === null ? null : unwrapValue(parseEmail(email), 'email');
  const phone = blankToNull(input.phone);
  if (phone !== undefined) cols.phone = phone;
  if (input.twentyfourContactId !== undefined) cols.twentyfour_contact_id = input.twentyfourContactId;
  if (input.active !== undefined) cols.active = toDbBool(input.active);
  return cols;
}

function numberConflict(number: number, deleted: boolean): DomainError {
  return new DomainError(
    'conflict',
    deleted
      ? `Ansattnummer ${number} er brukt av en slettet arbeider. Opprett en ny arbeider med nummeret for å hente den tilbake.`
      : `Ansattnummer ${number} er allerede i bruk.`,
    'number',
  );
}

const employeeRows = keyedRegister<EmployeeRow, Employee, number>({
  table: 'employees',
  key: 'number',
  keyKind: 'integer',
  toDomain: toEmployee,
  notFound: 'Arbeideren finnes ikke.',
  describe: (row) => `Arbeideren ${row.number} ${row.name}`,
  conflict: numberConflict,
});

/** Every problem of a worker write at once, or the columns to store. */
function prepareEmployee(db: Db, workspaceId: string, input: unknown, existing?: EmployeeRow) {
  return employeeRows.prepare<EmployeeUpdate, ReturnType<typeof toColumns>>(
    db,
    workspaceId,
    existing ? employeeUpdateSchema : employeeCreateSchema,
    input,
    toColumns,
    existing,
    async (cols, problems) => {
      const contact = cols.twentyfour_contact_id;
      if (contact) await problems.check(() => assertContactFree(db, workspaceId, contact, existing?.id));
    },
  );
}

/**
 * What a worker form would be told, without writing: every field's problem, or none.
 * @example const errors = await employeeInputProblems(db, ws.id, body);
 */
export async function employeeInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await employeeRows.existing(db, workspaceId, id) : undefined;
  return employeeRows.problems(() => prepareEmployee(db, workspaceId, input, existing));
}

/** One 24SO contact belongs to one worker; two would send one person's hours as another's. */
async function assertContactFree(
  db: Db,
  workspaceId: string,
  contactId: number,
  exceptId?: string,
): Promise<void> {
  const holder = await db
    .selectFrom('employees')
    .select(['id', 'name', 'number'])
    .where('workspace_id', '=', workspaceId)
    .where('twentyfour_contact_id', '=', contactId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (holder && holder.id !== exceptId) {
    throw new DomainError(
      'conflict',
      `Kontakt-id ${contactId} i 24SevenOffice er allerede koblet til ${holder.name} (nr. ${holder.number}).`,
      'twentyfourContactId',
    );
  }
}

/**
 * Creates a worker; a missing number gets the next free one.
 * @example await createEmployee(db, ws.id, { name: 'Ola Nordmann', email: 'ola@firma.no' });
 */
export async function createEmployee(
  db: Db,
  workspaceId: string,
  input: EmployeeCreate,
  clock: Clock = systemClock,
): Promise<Employee> {
  const prepared = await prepareEmployee(db, workspaceId, input);
  const parsed = prepared.parsed as EmployeeCreate;
  const cols = prepared.cols;
  const number = parsed.number ?? (await employeeRows.nextNumber(db, workspaceId));
  const now = nowIso(clock);
  return employeeRows.insert(db, {
    id: newId(),
    workspace_id: workspaceId,
    number,
    name: (parsed.name ?? '').trim(),
    email: cols.email ?? null,
    phone: cols.phone ?? null,
    twentyfour_contact_id: cols.twentyfour_contact_id ?? null,
    active: cols.active ?? 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/**
 * The worker, or undefined when missing, deleted or in another workspace.
 * @example const e = await getEmployee(db, ws.id, id);
 */
export async function getEmployee(db: Db, workspaceId: string, id: string): Promise<Employee | undefined> {
  return employeeRows.get(db, workspaceId, id);
}

/**
 * Looks a worker up by ansattnummer.
 * @example await getEmployeeByNumber(db, ws.id, 1)
 */
export async function getEmployeeByNumber(
  db: Db,
  workspaceId: string,
  number: number,
): Promise<Employee | undefined> {
  return employeeRows.getByKey(db, workspaceId, number);
}

/**
 * Workers with this e-mail (case-insensitive), for matching 24SO contacts.
 * @example await findEmployeesByEmail(db, ws.id, 'ola.nordmann@demomaskin.no')
 */
export async function findEmployeesByEmail(db: Db, workspaceId: string, email: string): Promise<Employee[]> {
  const rows = await db
    .selectFrom('employees')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('email', '=', email.trim().toLowerCase())
    .where('deleted_at', 'is', null)
    .orderBy('number')
    .execute();
  return rows.map(toEmployee);
}

/**
 * The workers among `ids` in this workspace, ordered by number.
 * @example await findEmployeesByIds(db, ws.id, [a, b])
 */
export async function findEmployeesByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<Employee[]> {
  return employeeRows.findByIds(db, workspaceId, ids);
}

/**
 * Changes the fields given; throws DomainError not_found / conflict / invalid.
 * @example await updateEmployee(db, ws.id, id, { twentyfourContactId: 501 });
 */
export async function updateEmployee(
  db: Db,
  workspaceId: string,
  id: string,
  input: EmployeeUpdate,
  clock: Clock = systemClock,
): Promise<Employee> {
  const existing = await employeeRows.existing(db, workspaceId, id);
  const { cols } = await prepareEmployee(db, workspaceId, input, existing);
  return employeeRows.update(db, existing, cols, clock);
}

/**
 * Soft-deletes a worker; false when there was none.
 * @example await softDeleteEmployee(db, ws.id, id);
 */
export async function softDeleteEmployee(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return employeeRows.softDelete(db, workspaceId, id, clock);
}

/**
 * One page of workers ordered by number.
 * @example await listEmployees(db, ws.id, { linked: false }, { limit: 50 })
 */
export async function listEmployees(
  db: Db,
  workspaceId: string,
  filter: EmployeeFilter = {},
  page: PageOptions = {},
): Promise<Page<Employee>> {
  const { active, linked } = filter;
  const search = filter.search?.trim();
  return employeeRows.list(
    db,
    workspaceId,
    {
      narrow: (q) => {
        let narrowed = q;
        if (active !== undefined) narrowed = narrowed.where('active', '=', toDbBool(active));
        if (linked !== undefined)
          narrowed = narrowed.where('twentyfour_contact_id', linked ? 'is not' : 'is', null);
        if (!search) return narrowed;
        // A worker is found by name, e-mail or exactly by number ("12" is not worker 120).
        return narrowed.where((eb) =>
          eb.or([
            containsText(db, eb, 'name', search),
            containsText(db, eb, 'email', search),
            ...(/^\d{1,15}$/.test(search) ? [eb('number', '=', Number(search))] : []),
          ]),
        );
      },
    },
    page,
  );
}
