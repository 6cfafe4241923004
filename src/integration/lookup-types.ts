import type { ConnectionState } from './tables.ts';

/** The live 24SO lists the integration reads; also the path segment of the lookups API. */
export const LOOKUP_KINDS = ['work-types', 'dimensions', 'departments', 'products', 'contacts'] as const;
export type LookupKind = (typeof LOOKUP_KINDS)[number];

/** One entry of a live list; `id` is always a string (ids keep leading zeros). */
export interface LookupItem {
  id: string;
  name: string;
  [extra: string]: string | number | boolean | null;
}

/** A list, or the connection state that kept us from reading it (24SO down is a value). */
export type LookupResult =
  | { ok: true; items: LookupItem[] }
  | { ok: false; state: Exclude<ConnectionState, 'connected'> | 'forbidden'; message: string };

/** Reads live lists for one workspace; injected into settings checks so tests can swap it. */
export interface LiveLists {
  list(kind: LookupKind): Promise<LookupResult>;
}
