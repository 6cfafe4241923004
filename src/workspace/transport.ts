import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, nowIso } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { containsText } from '../db/text-search.ts';
import { DomainError, type DomainFieldError, isDomainError } from './errors.ts';
import { FieldProblems } from './field-errors.ts';
import {
  invoiceStateOf,
  invoiceStateShape,
  refuseIfHeld,
  refuseIfUnchanged,
  softDeleteUnlocked,
} from './invoice-lock.ts';
import { byDateThenId, pageByDate } from './list-paging.ts';
import { sortOrderSchema } from './list-query.ts';
import { liveRow, liveRowsByIds } from './live-rows.ts';
import type { NewTransportEntryRow, TransportEntryRow } from './tables.ts';
import { checkChosenReferences } from './usable-references.ts';
import {
  amountForQuantity,
  dateString,
  formatMoney,
  formatQuantity,
  idString,
  moneyInput,
  moneyOutput,
  multilineText,
  parseMoney,
  parseQuantity,
  quantityInput,
  quantityOutput,
  timestampOutput,
  unwrapValue,
} from './values.ts';

// Transport entries (kjøring) on a project: driven km, toll passages (bomring) and other
// expenses. Each becomes an invoice line of quantity × unit price.

export const TRANSPORT_KINDS = ['km', 'toll', 'other'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/** Norwegian labels for the UI and invoice lines. */
export const TRANSPORT_KIND_LABELS: Record<TransportKind, string> = {
  km: 'Kjøring (km)',
  toll: 'Bomring',
  other: 'Andre utgifter',
};

const kindSchema = z
  .enum(TRANSPORT_KINDS)
  .describe('Art: km (kjøring), toll (bomring) eller other (andre utgifter)');

export const transportEntryCreateSchema = z
  .object({
    projectId: idString('Prosjektets id'),
    employeeId: idString('Arbeiderens id').nullable().optional(),
    date: dateString('Dato'),
    kind: kindSchema,
    quantity: quantityInput('Antall: km, antall passeringer eller antall, f.eks. "42.5"'),
    unitPrice: moneyInput('Pris per enhet i kroner, f.eks. "5.00" per km'),
    description: multilineText(1000, 'Beskrivelse').optional(),
  })
  .meta({ title: 'TransportEntryCreate', description: 'Ny kjøring (km, bomring eller annen utgift)' });

export const transportEntryUpdateSchema = transportEntryCreateSchema
  .partial()
  .meta({ title: 'TransportEntryUpdate', description: 'Endring av kjøring; bare feltene som sendes endres' });

export const transportEntrySchema = z
  .object({
    id: idString('Id'),
    projectId: z.string().describe('Prosjektets id'),
    employeeId: z.string().nullable().describe('Arbeiderens id'),
    date: z.string().describe('Dato, ÅÅÅÅ-MM-DD'),
    kind: kindSchema,
    quantity: quantityOutput('Antall'),
    unitPrice: moneyOutput('Pris per enhet'),
    amount: moneyOutput('Beløp = antall × pris, avrundet til hele øre'),
    description: z.string().describe('Beskrivelse'),
    ...invoiceStateShape('kjøringen'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({
    title: 'TransportEntry',
    description: 'En kjøring: km, bomring eller annen utgift på et prosjekt',
  });

export type TransportEntryCreate = z.input<typeof transportEntryCreateSchema>;
export type TransportEntryUpdate = z.input<typeof transportEntryUpdateSchema>;
export type TransportEntry = z.infer<typeof transportEntrySchema>;

export interface TransportFilter {
  projectId?: string;
  employeeId?: string;
  kind?: TransportKind;
  /** First date included, YYYY-MM-DD. */
  from?: string;
  /** Last date included, YYYY-MM-DD. */
  to?: string;
  /** Date order; default 'asc'. */
  order?: 'asc' | 'desc';
  /** Part of the description, any case. */
  search?: string;
}

/** `?projectId=&employeeId=&kind=&from=&to=&order=&limit=&cursor=` for GET /transport. */
export const transportEntryListQuerySchema = z.object({
  projectId: z.string().max(64).optional().describe('Bare for dette prosjektet'),
  employeeId: z.string().max(64).optional().describe('Bare for denne arbeideren'),
  kind: kindSchema.optional(),
  from: dateString('Fra og med dato').optional(),
  to: dateString('Til og med dato').optional(),
  order: sortOrderSchema,
  search: z.string().max(200).optional().describe('Søk i beskrivelsen'),
});

function toTransportEntry(row: TransportEntryRow): TransportEntry {
  const quantity = Number(row.quantity_hundredths);
  const unitPrice = Number(row.unit_price_ore);
  return {
    id: row.id,
    projectId: row.project_id,
    employeeId: row.employee_id,
    date: row.date,
    kind: row.kind,
    quantity: formatQuantity(quantity),
    unitPrice: formatMoney(unitPrice),
    amount: formatMoney(amountForQuantity(quantity, unitPrice)),
    description: row.description,
    ...invoiceStateOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: TransportEntryUpdate): Partial<NewTransportEntryRow> {
  const cols: Partial<NewTransportEntryRow> = {};
  if (input.projectId !== undefined) cols.project_id = input.projectId;
  if (input.employeeId !== undefined) cols.employee_id = input.employeeId;
  if (input.date !== undefined) cols.date = input.date;
  if (input.kind !== undefined) cols.kind = input.kind;
  if (input.quantity !== undefined)
    cols.quantity_hundredths = unwrapValue(parseQuantity(input.quantity), 'quantity');
  if (input.unitPrice !== undefined)
    cols.unit_price_ore = unwrapValue(parseMoney(input.unitPrice), 'unitPrice');
  if (input.description !== undefined) cols.description = input.description.trim();
  return cols;
}

async function checkReferences(
  db: Db,
  workspaceId: string,
  cols: Partial<NewTransportEntryRow>,
  existing?: TransportEntryRow,
): Promise<void> {
  await checkChosenReferences(db, workspaceId, [
    { register: 'projects', id: cols.project_id, field: 'projectId', current: existing?.project_id },
    { register: 'employees', id: cols.employee_id, field: 'employeeId', current: existing?.employee_id },
  ]);
}

/** Every problem of a transport write at once — fields, amounts, references — or its columns. */
async function prepareTransport<S extends z.ZodType>(
  db: Db,
  workspaceId: string,
  schema: S,
  input: unknown,
  existing?: TransportEntryRow,
): Promise<{ parsed: z.output<S>; cols: Partial<NewTransportEntryRow> }> {
  const problems = new FieldProblems();
  const parsed = problems.parse(schema, input).value;
  let cols: Partial<NewTransportEntryRow> = {};
  await problems.check(() => {
    cols = toColumns(parsed as TransportEntryUpdate);
  });
  await problems.check(() => checkReferences(db, workspaceId, cols, existing));
  problems.throwIfAny();
  return { parsed, cols };
}

/**
 * Records a transport entry on a project.
 * @example await createTransportEntry(db, ws.id, { projectId, date: '2025-03-14', kind: 'km', quantity: '42', unitPrice: '5.00' });
 */
export async function createTransportEntry(
  db: Db,
  workspaceId: string,
  input: TransportEntryCreate,
  clock: Clock = systemClock,
): Promise<TransportEntry> {
  const { parsed, cols } = await prepareTransport(db, workspaceId, transportEntryCreateSchema, input);
  const now = nowIso(clock);
  const row: TransportEntryRow = {
    id: newId(),
    workspace_id: workspaceId,
    project_id: parsed.projectId,
    employee_id: cols.employee_id ?? null,
    date: parsed.date,
    kind: parsed.kind,
    quantity_hundredths: cols.quantity_hundredths as number,
    unit_price_ore: cols.unit_price_ore as number,
    description: cols.description ?? '',
    invoice_attachment_id: null,
    invoiced_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await db.insertInto('transport_entries').values(row).execute();
  return toTransportEntry(row);
}

/**
 * The entry, or undefined when missing, deleted or in another workspace.
 * @example await getTransportEntry(db, ws.id, id)
 */
export async function getTransportEntry(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<TransportEntry | undefined> {
  const row = await liveRow<TransportEntryRow>(db, 'transport_entries', workspaceId, id);
  return row ? toTransportEntry(row) : undefined;
}

/**
 * The entries among `ids` in this workspace, ordered by date.
 * @example await findTransportEntriesByIds(db, ws.id, ids)
 */
export async function findTransportEntriesByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<TransportEntry[]> {
  const rows = await liveRowsByIds<TransportEntryRow>(db, 'transport_entries', workspaceId, ids);
  return rows.sort(byDateThenId).map(toTransportEntry);
}

/**
 * Changes the fields given.
 * @example await updateTransportEntry(db, ws.id, id, { quantity: '44' });
 */
export async function updateTransportEntry(
  db: Db,
  workspaceId: string,
  id: string,
  input: TransportEntryUpdate,
  clock: Clock = systemClock,
): Promise<TransportEntry> {
  const existing = await liveRow<TransportEntryRow>(db, 'transport_entries', workspaceId, id);
  if (!existing) throw new DomainError('not_found', 'Kjøringen finnes ikke.');
  await refuseIfHeld(db, workspaceId, existing, 'transport_entries', 'endres');
  const { cols } = await prepareTransport(db, workspaceId, transportEntryUpdateSchema, input, existing);
  const updatedAt = nowIso(clock);
  const result = await db
    .updateTable('transport_entries')
    .set({ ...cols, updated_at: updatedAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('invoice_attachment_id', 'is', null)
    .executeTakeFirst();
  await refuseIfUnchanged(db, 'transport_entries', workspaceId, id, result.numUpdatedRows);
  return toTransportEntry({ ...existing, ...cols, updated_at: updatedAt } as TransportEntryRow);
}

/**
 * Soft-deletes an entry; false when there was none.
 * @example await softDeleteTransportEntry(db, ws.id, id);
 */
export async function softDeleteTransportEntry(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return softDeleteUnlocked(db, 'transport_entries', workspaceId, id, clock);
}

/**
 * One page of entries ordered by date, then id.
 * @example await listTransportEntries(db, ws.id, { projectId, kind: 'toll' }, { limit: 100 })
 */
export async function listTransportEntries(
  db: Db,
  workspaceId: string,
  filter: TransportFilter = {},
  page: PageOptions = {},
): Promise<Page<TransportEntry>> {
  const order = filter.order ?? 'asc';
  let query = db
    .selectFrom('transport_entries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null);
  if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
  if (filter.employeeId !== undefined) query = query.where('employee_id', '=', filter.employeeId);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.from !== undefined) query = query.where('date', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('date', '<=', filter.to);
  const search = filter.search?.trim();
  if (search) query = query.where((eb) => containsText(db, eb, 'description', search));
  return pageByDate(query, page, order, toTransportEntry);
}

export type TransportEntryFilter = TransportFilter;

/**
 * What a transport form would be told, without writing: every field's problem, or none.
 * @example const errors = await transportEntryInputProblems(db, ws.id, body);
 */
export async function transportEntryInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id
    ? await liveRow<TransportEntryRow>(db, 'transport_entries', workspaceId, id)
    : undefined;
  try {
    await prepareTransport(
      db,
      workspaceId,
      existing ? transportEntryUpdateSchema : transportEntryCreateSchema,
      input,
      existing,
    );
    return [];
  } catch (error) {
    if (!isDomainError(error) || error.code === 'not_found') throw error;
    return error.errors;
  }
}
