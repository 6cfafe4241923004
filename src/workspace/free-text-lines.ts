import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, nowIso } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { DomainError, parseInput } from './errors.ts';
import {
  invoiceStateOf,
  invoiceStateShape,
  refuseIfHeld,
  refuseIfUnchanged,
  softDeleteUnlocked,
} from './invoice-lock.ts';
import { pageByDate } from './list-paging.ts';
import { sortOrderSchema } from './list-query.ts';
import { liveRow } from './live-rows.ts';
import type { FreeTextLineRow } from './tables.ts';
import {
  amountForQuantity,
  dateString,
  formatMoney,
  formatQuantity,
  idString,
  moneyOutput,
  parseMoney,
  parseQuantity,
  quantityInput,
  quantityOutput,
  requiredText,
  signedMoneyInput,
  timestampOutput,
  unwrapValue,
} from './values.ts';

// Free-text lines (fritekstlinjer): a line with free text, quantity and price on a project,
// e.g. «Rigg og drift, fastpris» or a discount. Each becomes an invoice line with the free-text
// product number from the invoicing settings. The price may be negative (a discount).

export const freeTextLineCreateSchema = z
  .object({
    projectId: idString('Prosjektets id'),
    date: dateString('Dato'),
    text: requiredText(250, 'Teksten på fakturalinjen, f.eks. «Rigg og drift»'),
    quantity: quantityInput('Antall, f.eks. "1"'),
    unitPrice: signedMoneyInput('Pris per enhet i kroner; negativ for rabatt'),
  })
  .meta({ title: 'FreeTextLineCreate', description: 'Ny fritekstlinje på et prosjekt' });

export const freeTextLineUpdateSchema = freeTextLineCreateSchema.partial().meta({
  title: 'FreeTextLineUpdate',
  description: 'Endring av fritekstlinje; bare feltene som sendes endres',
});

export const freeTextLineSchema = z
  .object({
    id: idString('Id'),
    projectId: z.string().describe('Prosjektets id'),
    date: z.string().describe('Dato, ÅÅÅÅ-MM-DD'),
    text: z.string().describe('Tekst'),
    quantity: quantityOutput('Antall'),
    unitPrice: moneyOutput('Pris per enhet'),
    amount: moneyOutput('Beløp = antall × pris, avrundet til hele øre'),
    ...invoiceStateShape('linjen'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'FreeTextLine', description: 'En fritekstlinje: tekst, antall og pris på et prosjekt' });

export type FreeTextLineCreate = z.input<typeof freeTextLineCreateSchema>;
export type FreeTextLineUpdate = z.input<typeof freeTextLineUpdateSchema>;
export type FreeTextLine = z.infer<typeof freeTextLineSchema>;

export interface FreeTextLineFilter {
  projectId?: string;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
}

/** `?projectId=&from=&to=&order=&limit=&cursor=` for GET /free-text-lines. */
export const freeTextLineListQuerySchema = z.object({
  projectId: z.string().max(64).optional().describe('Bare for dette prosjektet'),
  from: dateString('Fra og med dato').optional(),
  to: dateString('Til og med dato').optional(),
  order: sortOrderSchema,
});

function toFreeTextLine(row: FreeTextLineRow): FreeTextLine {
  const quantity = Number(row.quantity_hundredths);
  const unitPrice = Number(row.unit_price_ore);
  return {
    id: row.id,
    projectId: row.project_id,
    date: row.date,
    text: row.text,
    quantity: formatQuantity(quantity),
    unitPrice: formatMoney(unitPrice),
    amount: formatMoney(amountForQuantity(quantity, unitPrice)),
    ...invoiceStateOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function checkProject(db: Db, workspaceId: string, projectId: string | undefined): Promise<void> {
  if (projectId !== undefined && !(await liveRow(db, 'projects', workspaceId, projectId))) {
    throw new DomainError('invalid', 'Prosjektet finnes ikke.', 'projectId');
  }
}

/**
 * Records a free-text line on a project.
 * @example await createFreeTextLine(db, ws.id, { projectId, date: '2025-03-14', text: 'Rigg og drift', quantity: '1', unitPrice: '4500' });
 */
export async function createFreeTextLine(
  db: Db,
  workspaceId: string,
  input: FreeTextLineCreate,
  clock: Clock = systemClock,
): Promise<FreeTextLine> {
  const parsed = parseInput(freeTextLineCreateSchema, input);
  await checkProject(db, workspaceId, parsed.projectId);
  const now = nowIso(clock);
  const row: FreeTextLineRow = {
    id: newId(),
    workspace_id: workspaceId,
    project_id: parsed.projectId,
    date: parsed.date,
    text: parsed.text,
    quantity_hundredths: unwrapValue(parseQuantity(parsed.quantity), 'quantity'),
    unit_price_ore: unwrapValue(parseMoney(parsed.unitPrice), 'unitPrice'),
    invoice_attachment_id: null,
    invoiced_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await db.insertInto('free_text_lines').values(row).execute();
  return toFreeTextLine(row);
}

/**
 * The line, or undefined when missing, deleted or in another workspace.
 * @example await getFreeTextLine(db, ws.id, id)
 */
export async function getFreeTextLine(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<FreeTextLine | undefined> {
  const row = await liveRow<FreeTextLineRow>(db, 'free_text_lines', workspaceId, id);
  return row ? toFreeTextLine(row) : undefined;
}

/**
 * Changes the fields given; refused while the line is on an invoice attachment.
 * @example await updateFreeTextLine(db, ws.id, id, { unitPrice: '5000' });
 */
export async function updateFreeTextLine(
  db: Db,
  workspaceId: string,
  id: string,
  input: FreeTextLineUpdate,
  clock: Clock = systemClock,
): Promise<FreeTextLine> {
  const parsed = parseInput(freeTextLineUpdateSchema, input);
  const existing = await liveRow<FreeTextLineRow>(db, 'free_text_lines', workspaceId, id);
  if (!existing) throw new DomainError('not_found', 'Fritekstlinjen finnes ikke.');
  await refuseIfHeld(db, workspaceId, existing, 'free_text_lines', 'endres');
  await checkProject(db, workspaceId, parsed.projectId);
  const cols: Partial<FreeTextLineRow> = {};
  if (parsed.projectId !== undefined) cols.project_id = parsed.projectId;
  if (parsed.date !== undefined) cols.date = parsed.date;
  if (parsed.text !== undefined) cols.text = parsed.text;
  if (parsed.quantity !== undefined)
    cols.quantity_hundredths = unwrapValue(parseQuantity(parsed.quantity), 'quantity');
  if (parsed.unitPrice !== undefined)
    cols.unit_price_ore = unwrapValue(parseMoney(parsed.unitPrice), 'unitPrice');
  const updatedAt = nowIso(clock);
  const result = await db
    .updateTable('free_text_lines')
    .set({ ...cols, updated_at: updatedAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('invoice_attachment_id', 'is', null)
    .executeTakeFirst();
  await refuseIfUnchanged(db, 'free_text_lines', workspaceId, id, result.numUpdatedRows);
  return toFreeTextLine({ ...existing, ...cols, updated_at: updatedAt });
}

/**
 * Soft-deletes a line; false when there was none; refused while on an invoice attachment.
 * @example await softDeleteFreeTextLine(db, ws.id, id);
 */
export async function softDeleteFreeTextLine(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return softDeleteUnlocked(db, 'free_text_lines', workspaceId, id, clock);
}

/**
 * One page of lines ordered by date, then id.
 * @example await listFreeTextLines(db, ws.id, { projectId }, { limit: 100 })
 */
export async function listFreeTextLines(
  db: Db,
  workspaceId: string,
  filter: FreeTextLineFilter = {},
  page: PageOptions = {},
): Promise<Page<FreeTextLine>> {
  let query = db
    .selectFrom('free_text_lines')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null);
  if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
  if (filter.from !== undefined) query = query.where('date', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('date', '<=', filter.to);
  return pageByDate(query, page, filter.order ?? 'asc', toFreeTextLine);
}
