import { randomUUID } from 'node:crypto';
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { type Db, dialectOf, untypedTables } from '../db/database.ts';
import { DomainError } from './errors.ts';
import type { ValueResult } from './values.ts';

// Plumbing every repository shares: ids, the clock, cursor paging, unique-violation mapping.

/** The injectable clock; tests pass a fixed one. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** A new record id (UUID text, made in the app so both databases agree). */
export const newId = (): string => randomUUID();

/** Paging request: `limit` (1–500, default 50) and the opaque `cursor` from the previous page. */
export interface PageOptions {
  limit?: number;
  cursor?: string | null;
}

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** A boolean in a query string: "true" or "false". */
export const queryBoolean = (description: string) =>
  z.enum(['true', 'false']).optional().describe(description);

/** Turns a query-string boolean into a boolean filter value. */
export const fromQueryBoolean = (value: 'true' | 'false' | undefined): boolean | undefined =>
  value === undefined ? undefined : value === 'true';

/**
 * The page size to use, clamped to 1–500.
 * @example pageLimit({ limit: 10_000 }) // 500
 */
export function pageLimit(options: PageOptions | undefined): number {
  const limit = options?.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.trunc(limit)));
}

/**
 * Opaque cursor: base64url of the sort key of the last item on a page.
 * @example encodeCursor(['2025-03-14', 'a1b2']) // 'WyIyMDI1LTAzLTE0IiwiYTFiMiJd'
 */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back; a tampered or foreign cursor is an 'invalid' DomainError on `cursor`.
 * @example const [number, id] = decodeCursor(cursor, ['number', 'string']);
 */
export function decodeCursor(cursor: string, shape: Array<'string' | 'number'>): Array<string | number> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((v, i) => typeof v === shape[i] && (typeof v !== 'number' || Number.isSafeInteger(v)));
  if (!fits) throw new DomainError('invalid', 'Ugyldig side-peker (cursor). Start listen på nytt.', 'cursor');
  return key as Array<string | number>;
}

/**
 * Keyset condition "row comes after (a, b)" in the given direction, for stable paging. A
 * row-value comparison, which both SQLite (3.15+) and PostgreSQL match against a
 * (…, a, b) index; the OR-expanded form makes PostgreSQL scan.
 * @example .where((eb) => afterKey(eb, ['number', 'id'], [10001, 'x'], 'asc'))
 */
export function afterKey(
  // biome-ignore lint/suspicious/noExplicitAny: shared across tables; columns are checked by the callers' tests
  eb: ExpressionBuilder<any, any>,
  columns: [string, string],
  values: [string | number, string | number],
  direction: 'asc' | 'desc',
): Expression<SqlBool> {
  const op = direction === 'asc' ? sql`>` : sql`<`;
  return sql<SqlBool>`(${eb.ref(columns[0])}, ${eb.ref(columns[1])}) ${op} (${values[0]}, ${values[1]})`;
}

/**
 * Splits `limit + 1` fetched rows into a page and the cursor of its last item.
 * @example return toPage(rows, limit, (r) => [r.number, r.id], mapCustomer);
 */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => Array<string | number>,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/**
 * One page of a query over dated entries (hours, transport), ordered by date then id in the
 * given direction and continued from a cursor of the same shape.
 * @example return pageByDate(query, page, 'asc', toTransportEntry);
 */
export async function pageByDate<R extends { date: string; id: string }, T>(
  // biome-ignore lint/suspicious/noExplicitAny: shared by the dated tables; their tests check the columns
  query: SelectQueryBuilder<any, any, R>,
  page: PageOptions,
  order: 'asc' | 'desc',
  map: (row: R) => T,
): Promise<Page<T>> {
  const limit = pageLimit(page);
  let paged = query;
  if (page.cursor) {
    const [date, lastId] = decodeCursor(page.cursor, ['string', 'string']);
    paged = paged.where((eb) => afterKey(eb, ['date', 'id'], [date, lastId], order));
  }
  const rows = await paged
    .orderBy('date', order)
    .orderBy('id', order)
    .limit(limit + 1)
    .execute();
  return toPage(rows, limit, (r) => [r.date, r.id], map);
}

/** Dated entries in the order their lists show them: by date, then id. */
export function byDateThenId(a: { date: string; id: string }, b: { date: string; id: string }): number {
  return a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1;
}

/**
 * Case-insensitive "contains" on a text column (ILIKE on PostgreSQL, LIKE on SQLite, which
 * folds ASCII only — æ/ø/å must match in the case typed there).
 * @example .where((eb) => containsText(db, eb, 'name', 'nordvik'))
 */
export function containsText(
  db: Db,
  // biome-ignore lint/suspicious/noExplicitAny: shared across tables
  eb: ExpressionBuilder<any, any>,
  column: string,
  search: string,
): Expression<SqlBool> {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const op = dialectOf(db) === 'postgres' ? sql`ilike` : sql`like`;
  return sql<SqlBool>`${eb.ref(column)} ${op} ${pattern} escape '\\'`;
}

/** True when a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/**
 * Unwraps a value-rule result or throws an 'invalid' DomainError on `field`.
 * @example const ore = unwrapValue(parseMoney(input.hourlyPrice), 'hourlyPrice');
 */
export function unwrapValue<T>(result: ValueResult<T>, field: string): T {
  if (!result.ok) throw new DomainError('invalid', result.message, field);
  return result.value;
}

/** Tables with workspace_id, id and deleted_at: every soft-deletable resource. */
export type SoftDeletableTable =
  | 'customers'
  | 'employees'
  | 'hour_types'
  | 'machines'
  | 'projects'
  | 'hour_entries'
  | 'transport_entries'
  | 'products'
  | 'material_lines'
  | 'free_text_lines';

/**
 * The live (not deleted) row with this id in this workspace, or undefined.
 * @example const row = await liveRow<CustomerRow>(db, 'customers', ws.id, id);
 */
export async function liveRow<R>(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  id: string,
): Promise<R | undefined> {
  return (await untypedTables(db)
    .selectFrom(table)
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()) as R | undefined;
}

/**
 * The row (deleted or not) holding a unique value, e.g. a number, so a clash can be named.
 * @example const clash = await rowWithValue(db, 'machines', ws.id, 'number', 'GM-01');
 */
export async function rowWithValue(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  column: string,
  value: string | number,
): Promise<{ id: string; deleted_at: string | null } | undefined> {
  return (await untypedTables(db)
    .selectFrom(table)
    .select(['id', 'deleted_at'])
    .where('workspace_id', '=', workspaceId)
    .where(column, '=', value)
    .executeTakeFirst()) as { id: string; deleted_at: string | null } | undefined;
}

/**
 * Marks a row deleted (it stays, since it may already exist in 24SO); false when none was live.
 * @example if (!(await softDeleteRow(db, 'machines', ws.id, id, clock))) throw notFound;
 */
export async function softDeleteRow(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  id: string,
  clock: Clock,
): Promise<boolean> {
  const now = clock().toISOString();
  const result = await untypedTables(db)
    .updateTable(table)
    .set({ deleted_at: now, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Live rows among `ids` in this workspace, in no particular order.
 * @example const rows = await liveRowsByIds<MachineRow>(db, 'machines', ws.id, ids);
 */
export async function liveRowsByIds<R>(
  db: Db,
  table: SoftDeletableTable,
  workspaceId: string,
  ids: readonly string[],
): Promise<R[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows: R[] = [];
  // Chunks keep the parameter count under SQLite's limit for very long id lists.
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    rows.push(
      ...((await untypedTables(db)
        .selectFrom(table)
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', chunk)
        .where('deleted_at', 'is', null)
        .execute()) as R[]),
    );
  }
  return rows;
}

/** Blank text means "no value": "" and whitespace become null, undefined stays "not given". */
export const blankToNull = (v: string | null | undefined): string | null | undefined =>
  v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one.
 * @example await inTransaction(db, async (trx) => { … });
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute((trx) => fn(trx));
}

/** Sort direction for date-ordered lists (hours, transport). */
export const sortOrderSchema = z
  .enum(['asc', 'desc'])
  .optional()
  .describe('Sortering på dato: asc (eldste først) eller desc');
