import { parseDate } from '../format.ts';
import type { FilterSpec, ListQuery, SortSpec } from './resource-spec.ts';

// What the lists of dated entries (Timer, Kjøring, Varelinjer, Fritekstlinjer) share: a date
// range to filter on, newest first unless «Eldste først» is chosen.

/** «Fra dato» and «Til dato» (`?fra=&til=`), both inclusive. */
export const dateRangeFilters: FilterSpec[] = [
  { name: 'fra', label: 'Fra dato', kind: 'date' },
  { name: 'til', label: 'Til dato', kind: 'date' },
];

/** Newest first (the default, `nyest`) or oldest first (`?sortering=eldst`). */
export const dateSorts: SortSpec[] = [
  { key: 'nyest', label: 'Nyeste først' },
  { key: 'eldst', label: 'Eldste først' },
];

/**
 * The date range and order a dated list's query asks for; a date that does not parse is no limit.
 * @example await listFreeTextLines(db, ws, { projectId: q.filter.prosjekt, ...dateRangeAndOrder(q) }, page)
 */
export function dateRangeAndOrder(q: Pick<ListQuery, 'filter' | 'sort'>): {
  from: string | undefined;
  to: string | undefined;
  order: 'asc' | 'desc';
} {
  return {
    from: q.filter.fra ? parseDate(q.filter.fra) : undefined,
    to: q.filter.til ? parseDate(q.filter.til) : undefined,
    order: q.sort === 'eldst' ? 'asc' : 'desc',
  };
}
