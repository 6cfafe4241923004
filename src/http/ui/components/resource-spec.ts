import type { Child } from 'hono/jsx';
import type { ZodType } from 'zod';
import type { SyncEntity } from '../../../integration/sync/tables.ts';
import type { Page as ResultPage } from '../../../workspace/repository-support.ts';
import type { SessionUser, UiDeps } from '../context.ts';
import type { FieldSpec, Option } from './form.tsx';

/** A list filter shown above the table; its value arrives as `?name=`. */
export interface FilterSpec {
  name: string;
  label: string;
  kind: 'search' | 'select' | 'date';
  /** For selects: fixed options, or the key of options loaded for the form. */
  options?: Option[] | string;
}

/** One column of a list table. */
export interface ColumnSpec<T> {
  label: string;
  cell: (item: T) => Child;
  /** Right-aligned, tabular figures (amounts, hours, numbers). */
  numeric?: boolean;
  /** This cell links to the record's edit page. */
  link?: boolean;
}

/** Sort orders a list offers; the key arrives as `?sortering=`. */
export interface SortSpec {
  key: string;
  label: string;
}

/** What the list request asks for. */
export interface ListQuery {
  filter: Record<string, string>;
  cursor: string | undefined;
  sort: string | undefined;
  limit: number;
}

/**
 * Everything the generic list / create / edit / delete pages need to know about one resource.
 * The repository functions are the domain layer's; the UI adds only wording and layout.
 */
export interface ResourceSpec<T extends { id: string }> {
  /** Base path, e.g. "/kunder". */
  path: string;
  /** Page title of the list, e.g. "Kunder". */
  title: string;
  /** Title of the create page and label of its button, e.g. "Ny kunde". */
  newTitle: string;
  /** Title of the edit page, e.g. "Kunde 10001 – Nordvik Bygg AS". */
  itemTitle: (item: T) => string;
  /** Messages after an action, e.g. "Kunden er lagret." */
  texts: { created: string; saved: string; deleted: string; deleteQuestion: string; empty: string };
  fields: FieldSpec[];
  columns: ColumnSpec<T>[];
  filters?: FilterSpec[];
  sorts?: SortSpec[];
  /** Options for select fields and filters, keyed as FieldSpec.options names them. */
  loadOptions?: (deps: UiDeps, session: SessionUser) => Promise<Record<string, Option[]>>;
  /** The list page's data; leave out when the resource renders its own list (hours). */
  list?: (deps: UiDeps, session: SessionUser, query: ListQuery) => Promise<ResultPage<T>>;
  get: (deps: UiDeps, session: SessionUser, id: string) => Promise<T | undefined>;
  create: (deps: UiDeps, session: SessionUser, input: Record<string, unknown>) => Promise<T>;
  update: (deps: UiDeps, session: SessionUser, id: string, input: Record<string, unknown>) => Promise<T>;
  remove: (deps: UiDeps, session: SessionUser, id: string) => Promise<boolean>;
  /** A note shown above the edit form, e.g. why an approved hour cannot be changed. */
  editNotice?: (item: T) => string | undefined;
  /** When true the edit form is shown read-only (no save button). */
  locked?: (item: T) => boolean;
  /** Extra controls under the edit form (e.g. "Fjern godkjenning"). */
  editActions?: (item: T, session: SessionUser) => Child;
  /** The sync engine's kind: adds the 24SO badge to the list and the 24SO box to the record page. */
  syncEntity?: SyncEntity;
  /** The domain's create and update schemas, checked first for Norwegian field messages. */
  schemas?: { create: ZodType; update: ZodType };
}
