import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

// Keyset paging over any table: a page is `limit + 1` rows after the sort key of the previous
// page's last row, which travels to the client as an opaque cursor. What an unreadable cursor
// means is the caller's to say (the workspace answers with its 'invalid' outcome).

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

const DEFAULT_PAGE_LIMIT = 50;
const MAX_PAGE_LIMIT = 500;

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
function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back into a sort key of the given shape; undefined when it is not one this
 * app made for that shape (tampered, foreign, truncated).
 * @example readCursor(cursor, ['number', 'string']) // [10001, 'a1b2'] or undefined
 */
export function readCursor(
  cursor: string,
  shape: Array<'string' | 'number'>,
): Array<string | number> | undefined {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((v, i) => typeof v === shape[i] && (typeof v !== 'number' || Number.isSafeInteger(v)));
  return fits ? (key as Array<string | number>) : undefined;
}

/**
 * Keyset condition "row comes after (a, b)" in the given direction, for stable paging. A
 * row-value comparison, which both SQLite (3.15+) and PostgreSQL match against a
 * (…, a, b) index; the OR-expanded form makes PostgreSQL scan.
 * @example .where((eb) => afterKey(eb, ['number', 'id'], [10001, 'x'], 'asc'))
 */
export function afterKey(
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
