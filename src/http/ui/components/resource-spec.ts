import type { Child } from 'hono/jsx';
import type { ZodType, z } from 'zod';
import type { Page as ResultPage } from '../../../db/paging.ts';
import type { SyncEntity } from '../../../integration/sync/tables.ts';
import type { ReferencedRegister } from '../../../workspace/references.ts';
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
  /** Never wraps (an org. number's groups of digits). */
  nowrap?: boolean;
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
 * `CreateSchema`/`UpdateSchema` are the domain's schemas: `create` and `update` take what they
 * accept, and the pages hand them a form's input only after it passed them, so the compiler
 * checks each spec's functions against its schemas.
 */
export interface ResourceSpec<
  T extends { id: string },
  CreateSchema extends ZodType = ZodType,
  UpdateSchema extends ZodType = CreateSchema,
> {
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
  /**
   * Options for select fields and filters, keyed as FieldSpec.options names them. `form` is
   * given for a create or edit form (with the edited record): offer only active records there,
   * plus whatever the record already points at (see options.ts).
   */
  loadOptions?: (
    deps: UiDeps,
    session: SessionUser,
    form?: { item?: T },
  ) => Promise<Record<string, Option[]>>;
  /** The list page's data; leave out when the resource renders its own list (hours). */
  list?: (deps: UiDeps, session: SessionUser, query: ListQuery) => Promise<ResultPage<T>>;
  get: (deps: UiDeps, session: SessionUser, id: string) => Promise<T | undefined>;
  create: (deps: UiDeps, session: SessionUser, input: z.input<CreateSchema>) => Promise<T>;
  update: (deps: UiDeps, session: SessionUser, id: string, input: z.input<UpdateSchema>) => Promise<T>;
  remove: (deps: UiDeps, session: SessionUser, id: string) => Promise<boolean>;
  /** A note shown above the edit form, e.g. why an approved hour cannot be changed. */
  editNotice?: (item: T) => string | undefined;
  /** When true the edit form is shown read-only (no save button). */
  locked?: (item: T) => boolean;
  /** Extra controls under the edit form (e.g. "Fjern godkjenning"). */
  editActions?: (item: T, session: SessionUser) => Child;
  /** The sync engine's kind: adds the 24SO badge to the list and the 24SO box to the record page. */
  syncEntity?: SyncEntity;
  /**
   * The register other records point at: its edit and delete pages say how many records use
   * the record and offer «Deaktiver» instead of a delete that would be refused.
   */
  register?: ReferencedRegister;
  /** Switches the record off and on again (the «Aktiv» flag; projects: Avsluttet/Pågår). */
  deactivate?: {
    isActive: (item: T) => boolean;
    set: (deps: UiDeps, session: SessionUser, id: string, active: boolean) => Promise<unknown>;
    /** Button labels; «Deaktiver» and «Aktiver igjen» by default. */
    offLabel?: string;
    onLabel?: string;
    /** Messages after the switch; «… er deaktivert.» / «… er aktivert igjen.» by default. */
    offDone?: string;
    onDone?: string;
  };
  /** Messages for `?melding=` on the edit page besides «lagret», e.g. after «Fjern godkjenning». */
  itemNotices?: Record<string, string>;
  /**
   * Warnings about a saved record that do not stop the save (another customer with the same
   * org. number), shown at the top of its page with a link. A new record with warnings opens
   * its own page after «Opprett», so they are seen.
   */
  itemWarnings?: (
    deps: UiDeps,
    session: SessionUser,
    item: T,
  ) => Promise<Array<{ message: string; href: string; linkText: string }>>;
  /** More on the edit page below the form, read from the store (e.g. an hour's approval history). */
  itemSections?: (deps: UiDeps, session: SessionUser, item: T) => Promise<Child>;
  /**
   * The domain's own check of a write, without writing (every field's problem: formats, rules,
   * a number in use, references). Asked whenever the form already found problems, so the user
   * sees all of them in one pass.
   */
  validate?: (
    deps: UiDeps,
    session: SessionUser,
    input: Record<string, unknown>,
    id?: string,
  ) => Promise<Array<{ path: string; message: string }>>;
  /**
   * «Last ned CSV» of the filtered list (every page): the file name and the rows as CSV
   * (src/workspace/csv-export.ts; the import template's columns where there is one).
   */
  csv?: {
    file: string;
    render: (deps: UiDeps, session: SessionUser, items: T[]) => Promise<string> | string;
  };
  /** The domain's create and update schemas, checked first for Norwegian field messages. */
  schemas: { create: CreateSchema; update: UpdateSchema };
}
