import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { keyedRegister } from './keyed-register.ts';
import { queryBoolean } from './list-query.ts';
import type { NewProductRow, ProductRow } from './tables.ts';
import {
  codeInput,
  formatMoney,
  formatQuantity,
  idString,
  moneyInput,
  moneyOutput,
  parseMoney,
  parseQuantity,
  quantityInput,
  quantityOutput,
  requiredText,
  timestampOutput,
  unwrapValue,
} from './values.ts';

// Products (varelager): goods sold on projects (pukk, grus, drensrør) and the service
// products invoicing uses. The number matches the 24SO product number.

export const productCreateSchema = z
  .object({
    number: codeInput('Varenummer, f.eks. P-1001'),
    name: requiredText(200, 'Navn, f.eks. «Pukk 0-32 mm»'),
    unit: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .optional()
      .describe('Enhet, f.eks. stk, tonn, m, m3 (standard stk)'),
    salesPrice: moneyInput('Salgspris per enhet i kroner').optional(),
    costPrice: moneyInput('Innkjøpspris (kost) per enhet i kroner').optional(),
    stock: quantityInput('Beholdning, kan være negativ', true).optional(),
    active: z.boolean().optional().describe('Aktiv (standard true)'),
  })
  .meta({ title: 'ProductCreate', description: 'Ny vare' });

export const productUpdateSchema = productCreateSchema
  .partial()
  .meta({ title: 'ProductUpdate', description: 'Endring av vare; bare feltene som sendes endres' });

export const productSchema = z
  .object({
    id: idString('Varens id'),
    number: z.string().describe('Varenummer'),
    name: z.string().describe('Navn'),
    unit: z.string().describe('Enhet'),
    salesPrice: moneyOutput('Salgspris per enhet'),
    costPrice: moneyOutput('Innkjøpspris per enhet'),
    stock: quantityOutput('Beholdning'),
    active: z.boolean().describe('Aktiv'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'Product', description: 'En vare i varelageret' });

export type ProductCreate = z.input<typeof productCreateSchema>;
export type ProductUpdate = z.input<typeof productUpdateSchema>;
export type Product = z.infer<typeof productSchema>;

export interface ProductFilter {
  /** Part of the number or name. */
  search?: string;
  active?: boolean;
}

/** `?search=&active=&limit=&cursor=` for GET /products. */
export const productListQuerySchema = z.object({
  search: z.string().max(200).optional().describe('Søk i varenummer og navn'),
  active: queryBoolean('Bare aktive (true) eller inaktive (false)'),
});

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    unit: row.unit,
    salesPrice: formatMoney(Number(row.sales_price_ore)),
    costPrice: formatMoney(Number(row.cost_price_ore)),
    stock: formatQuantity(Number(row.stock_hundredths)),
    active: fromDbBool(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: ProductUpdate): Partial<NewProductRow> {
  const cols: Partial<NewProductRow> = {};
  if (input.number !== undefined) cols.number = input.number.trim();
  if (input.name !== undefined) cols.name = input.name.trim();
  if (input.unit !== undefined) cols.unit = input.unit.trim();
  if (input.salesPrice !== undefined)
    cols.sales_price_ore = unwrapValue(parseMoney(input.salesPrice), 'salesPrice');
  if (input.costPrice !== undefined)
    cols.cost_price_ore = unwrapValue(parseMoney(input.costPrice), 'costPrice');
  if (input.stock !== undefined) cols.stock_hundredths = unwrapValue(parseQuantity(input.stock), 'stock');
  if (input.active !== undefined) cols.active = toDbBool(input.active);
  return cols;
}

function numberConflict(number: string, deleted: boolean): DomainError {
  return new DomainError(
    'conflict',
    deleted
      ? `Varenummer ${number} er brukt av en slettet vare. Opprett en ny vare med nummeret for å hente den tilbake.`
      : `Varenummer ${number} er allerede i bruk.`,
    'number',
  );
}

const productRows = keyedRegister<ProductRow, Product>({
  table: 'products',
  key: 'number',
  toDomain: toProduct,
  notFound: 'Varen finnes ikke.',
  describe: (row) => `Varen ${row.number} ${row.name}`,
  conflict: numberConflict,
});

/** Every problem of a product write at once, or the columns to store. */
function prepareProduct(db: Db, workspaceId: string, input: unknown, existing?: ProductRow) {
  return productRows.prepare<ProductUpdate, ReturnType<typeof toColumns>>(
    db,
    workspaceId,
    existing ? productUpdateSchema : productCreateSchema,
    input,
    toColumns,
    existing,
  );
}

/**
 * What a product form would be told, without writing: every field's problem, or none.
 * @example const errors = await productInputProblems(db, ws.id, body);
 */
export async function productInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await productRows.existing(db, workspaceId, id) : undefined;
  return productRows.problems(() => prepareProduct(db, workspaceId, input, existing));
}

/**
 * Creates a product.
 * @example await createProduct(db, ws.id, { number: 'P-1001', name: 'Pukk 0-32 mm', unit: 'tonn', salesPrice: '289.00' });
 */
export async function createProduct(
  db: Db,
  workspaceId: string,
  input: ProductCreate,
  clock: Clock = systemClock,
): Promise<Product> {
  const { parsed, cols } = await prepareProduct(db, workspaceId, input);
  const number = cols.number as string;
  const now = nowIso(clock);
  return productRows.insert(db, {
    id: newId(),
    workspace_id: workspaceId,
    number,
    name: (parsed.name ?? '').trim(),
    unit: cols.unit ?? 'stk',
    sales_price_ore: cols.sales_price_ore ?? 0,
    cost_price_ore: cols.cost_price_ore ?? 0,
    stock_hundredths: cols.stock_hundredths ?? 0,
    active: cols.active ?? 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/**
 * The product, or undefined when missing, deleted or in another workspace.
 * @example await getProduct(db, ws.id, id)
 */
export async function getProduct(db: Db, workspaceId: string, id: string): Promise<Product | undefined> {
  return productRows.get(db, workspaceId, id);
}

/**
 * Looks a product up by its number.
 * @example await getProductByNumber(db, ws.id, 'P-1001')
 */
export async function getProductByNumber(
  db: Db,
  workspaceId: string,
  number: string,
): Promise<Product | undefined> {
  return productRows.getByKey(db, workspaceId, number.trim());
}

/**
 * The products among `ids` in this workspace, ordered by number.
 * @example await findProductsByIds(db, ws.id, ids)
 */
export async function findProductsByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<Product[]> {
  return productRows.findByIds(db, workspaceId, ids);
}

/**
 * Changes the fields given.
 * @example await updateProduct(db, ws.id, id, { stock: '120' });
 */
export async function updateProduct(
  db: Db,
  workspaceId: string,
  id: string,
  input: ProductUpdate,
  clock: Clock = systemClock,
): Promise<Product> {
  const existing = await productRows.existing(db, workspaceId, id);
  const { cols } = await prepareProduct(db, workspaceId, input, existing);
  return productRows.update(db, existing, cols, clock);
}

/**
 * Soft-deletes a product; false when there was none.
 * @example await softDeleteProduct(db, ws.id, id);
 */
export async function softDeleteProduct(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return productRows.softDelete(db, workspaceId, id, clock);
}

/**
 * One page of products ordered by number.
 * @example await listProducts(db, ws.id, { search: 'pukk' })
 */
export async function listProducts(
  db: Db,
  workspaceId: string,
  filter: ProductFilter = {},
  page: PageOptions = {},
): Promise<Page<Product>> {
  return productRows.list(
    db,
    workspaceId,
    {
      narrow: (q) => (filter.active === undefined ? q : q.where('active', '=', toDbBool(filter.active))),
      search: { text: filter.search, columns: ['name', 'number'] },
    },
    page,
  );
}
