import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso } from '../db/database.ts';
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
import type { MaterialLineRow, ProductRow } from './tables.ts';
import {
  amountForQuantity,
  dateString,
  formatMoney,
  formatQuantity,
  idString,
  moneyInput,
  moneyOutput,
  optionalText,
  parseMoney,
  parseQuantity,
  quantityInput,
  quantityOutput,
  timestampOutput,
  unwrapValue,
} from './values.ts';

// Material lines (varelinjer / vareuttak): a product from inventory used on a project, with
// quantity and unit price (the product's sales price unless another is given). Each becomes an
// invoice line with the product's own number.

export const materialLineCreateSchema = z
  .object({
    projectId: idString('Prosjektets id'),
    productId: idString('Varens id'),
    date: dateString('Dato for uttaket'),
    quantity: quantityInput('Antall i varens enhet, f.eks. "18" (tonn) eller "2.5"'),
    unitPrice: moneyInput('Pris per enhet i kroner; utelatt: varens salgspris').optional(),
    description: optionalText(1000, 'Merknad').optional(),
  })
  .meta({
    title: 'MaterialLineCreate',
    description: 'Ny varelinje (vare fra varelageret brukt på et prosjekt)',
  });

export const materialLineUpdateSchema = materialLineCreateSchema
  .partial()
  .meta({ title: 'MaterialLineUpdate', description: 'Endring av varelinje; bare feltene som sendes endres' });

export const materialLineSchema = z
  .object({
    id: idString('Id'),
    projectId: z.string().describe('Prosjektets id'),
    productId: z.string().describe('Varens id'),
    date: z.string().describe('Dato, ÅÅÅÅ-MM-DD'),
    quantity: quantityOutput('Antall'),
    unitPrice: moneyOutput('Pris per enhet'),
    amount: moneyOutput('Beløp = antall × pris, avrundet til hele øre'),
    description: z.string().describe('Merknad'),
    ...invoiceStateShape('linjen'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'MaterialLine', description: 'En varelinje: en vare fra varelageret brukt på et prosjekt' });

export type MaterialLineCreate = z.input<typeof materialLineCreateSchema>;
export type MaterialLineUpdate = z.input<typeof materialLineUpdateSchema>;
export type MaterialLine = z.infer<typeof materialLineSchema>;

export interface MaterialLineFilter {
  projectId?: string;
  productId?: string;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
}

/** `?projectId=&productId=&from=&to=&order=&limit=&cursor=` for GET /material-lines. */
export const materialLineListQuerySchema = z.object({
  projectId: z.string().max(64).optional().describe('Bare for dette prosjektet'),
  productId: z.string().max(64).optional().describe('Bare for denne varen'),
  from: dateString('Fra og med dato').optional(),
  to: dateString('Til og med dato').optional(),
  order: sortOrderSchema,
});

function toMaterialLine(row: MaterialLineRow): MaterialLine {
  const quantity = Number(row.quantity_hundredths);
  const unitPrice = Number(row.unit_price_ore);
  return {
    id: row.id,
    projectId: row.project_id,
    productId: row.product_id,
    date: row.date,
    quantity: formatQuantity(quantity),
    unitPrice: formatMoney(unitPrice),
    amount: formatMoney(amountForQuantity(quantity, unitPrice)),
    description: row.description,
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

/** The product, which must exist and (for a new choice) be active. */
async function productFor(db: Db, workspaceId: string, productId: string): Promise<ProductRow> {
  const product = await liveRow<ProductRow>(db, 'products', workspaceId, productId);
  if (!product) throw new DomainError('invalid', 'Varen finnes ikke.', 'productId');
  if (!fromDbBool(product.active))
    throw new DomainError(
      'invalid',
      `Varen ${product.number} er deaktivert og kan ikke brukes på nye linjer.`,
      'productId',
    );
  return product;
}

/**
 * Records a material line; the unit price defaults to the product's sales price.
 * @example await createMaterialLine(db, ws.id, { projectId, productId, date: '2025-03-14', quantity: '18' });
 */
export async function createMaterialLine(
  db: Db,
  workspaceId: string,
  input: MaterialLineCreate,
  clock: Clock = systemClock,
): Promise<MaterialLine> {
  const parsed = parseInput(materialLineCreateSchema, input);
  await checkProject(db, workspaceId, parsed.projectId);
  const product = await productFor(db, workspaceId, parsed.productId);
  const now = nowIso(clock);
  const row: MaterialLineRow = {
    id: newId(),
    workspace_id: workspaceId,
    project_id: parsed.projectId,
    product_id: product.id,
    date: parsed.date,
    quantity_hundredths: unwrapValue(parseQuantity(parsed.quantity), 'quantity'),
    unit_price_ore:
      parsed.unitPrice === undefined
        ? Number(product.sales_price_ore)
        : unwrapValue(parseMoney(parsed.unitPrice), 'unitPrice'),
    description: parsed.description?.trim() ?? '',
    invoice_attachment_id: null,
    invoiced_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await db.insertInto('material_lines').values(row).execute();
  return toMaterialLine(row);
}

/**
 * The line, or undefined when missing, deleted or in another workspace.
 * @example await getMaterialLine(db, ws.id, id)
 */
export async function getMaterialLine(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<MaterialLine | undefined> {
  const row = await liveRow<MaterialLineRow>(db, 'material_lines', workspaceId, id);
  return row ? toMaterialLine(row) : undefined;
}

/**
 * Changes the fields given; refused while the line is on an invoice attachment.
 * @example await updateMaterialLine(db, ws.id, id, { quantity: '20' });
 */
export async function updateMaterialLine(
  db: Db,
  workspaceId: string,
  id: string,
  input: MaterialLineUpdate,
  clock: Clock = systemClock,
): Promise<MaterialLine> {
  const parsed = parseInput(materialLineUpdateSchema, input);
  const existing = await liveRow<MaterialLineRow>(db, 'material_lines', workspaceId, id);
  if (!existing) throw new DomainError('not_found', 'Varelinjen finnes ikke.');
  await refuseIfHeld(db, workspaceId, existing, 'material_lines', 'endres');
  await checkProject(db, workspaceId, parsed.projectId);
  const cols: Partial<MaterialLineRow> = {};
  if (parsed.projectId !== undefined) cols.project_id = parsed.projectId;
  if (parsed.productId !== undefined && parsed.productId !== existing.product_id) {
    cols.product_id = (await productFor(db, workspaceId, parsed.productId)).id;
  }
  if (parsed.date !== undefined) cols.date = parsed.date;
  if (parsed.quantity !== undefined)
    cols.quantity_hundredths = unwrapValue(parseQuantity(parsed.quantity), 'quantity');
  if (parsed.unitPrice !== undefined)
    cols.unit_price_ore = unwrapValue(parseMoney(parsed.unitPrice), 'unitPrice');
  if (parsed.description !== undefined) cols.description = parsed.description.trim();
  const updatedAt = nowIso(clock);
  const result = await db
    .updateTable('material_lines')
    .set({ ...cols, updated_at: updatedAt })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('invoice_attachment_id', 'is', null)
    .executeTakeFirst();
  await refuseIfUnchanged(db, 'material_lines', workspaceId, id, result.numUpdatedRows);
  return toMaterialLine({ ...existing, ...cols, updated_at: updatedAt });
}

/**
 * Soft-deletes a line; false when there was none; refused while on an invoice attachment.
 * @example await softDeleteMaterialLine(db, ws.id, id);
 */
export async function softDeleteMaterialLine(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return softDeleteUnlocked(db, 'material_lines', workspaceId, id, clock);
}

/**
 * One page of lines ordered by date, then id.
 * @example await listMaterialLines(db, ws.id, { projectId }, { limit: 100 })
 */
export async function listMaterialLines(
  db: Db,
  workspaceId: string,
  filter: MaterialLineFilter = {},
  page: PageOptions = {},
): Promise<Page<MaterialLine>> {
  let query = db
    .selectFrom('material_lines')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null);
  if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
  if (filter.productId !== undefined) query = query.where('product_id', '=', filter.productId);
  if (filter.from !== undefined) query = query.where('date', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('date', '<=', filter.to);
  return pageByDate(query, page, filter.order ?? 'asc', toMaterialLine);
}
