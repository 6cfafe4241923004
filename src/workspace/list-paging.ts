import type { SelectQueryBuilder } from 'kysely';
import { afterKey, type Page, type PageOptions, pageLimit, readCursor, toPage } from '../db/paging.ts';
import { DomainError } from './errors.ts';

// The workspace's lists page with the keyset paging of src/db/paging.ts; here an unreadable
// cursor becomes the domain's 'invalid' outcome on `cursor`, and dated entries (hours,
// transport) get their one order.

/**
 * Reads a cursor back; a tampered or foreign cursor is an 'invalid' DomainError on `cursor`.
 * @example const [number, id] = decodeCursor(cursor, ['number', 'string']);
 */
export function decodeCursor(cursor: string, shape: Array<'string' | 'number'>): Array<string | number> {
  const key = readCursor(cursor, shape);
  if (!key) throw new DomainError('invalid', 'Ugyldig side-peker (cursor). Start listen på nytt.', 'cursor');
  return key;
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
