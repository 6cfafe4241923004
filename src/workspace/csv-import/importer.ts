import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.ts';

// The shape every entity's importer has, so the pipeline in import.ts stays entity-free.

/** Writes rows into a table inside the import's transaction. */
export type TableInserter = (table: keyof Database & string, rows: readonly object[]) => Promise<void>;

/** What every row of one import shares. */
export interface ImportEnv {
  workspaceId: string;
  /** Who imports (user e-mail or API token name); recorded on approvals. */
  actor: string;
  /** One timestamp for the whole import, so all rows carry the same created_at. */
  now: string;
  newId: () => string;
}

/** A row as it will be stored, in the API's field names and forms (for the preview table). */
export type SampleRow = Record<string, string | number | boolean | null>;

/** A problem with one field (`field` is the column key) or the row as a whole. */
export interface FieldProblem {
  field: string | null;
  message: string;
}

/**
 * Adds problems for columns that have none yet: a cell already found unreadable keeps that
 * one message rather than a second about the same value.
 * @example if (!checked.ok) addNewProblems(problems, checked.errors);
 */
export function addNewProblems(problems: FieldProblem[], more: readonly FieldProblem[]): void {
  for (const p of more) if (!problems.some((q) => q.field === p.field)) problems.push(p);
}

/** Something to look at that does not stop the row (a shared org. number), with a link. */
export interface ImportWarning {
  field: string;
  message: string;
  /** Web path of the record the warning is about, e.g. /kunder/<id>. */
  href?: string;
}

export type PreparedRow =
  | {
      ok: true;
      row: object;
      /** The row as the preview shows it; a function when it is worth building only for the rows shown. */
      sample: SampleRow | (() => SampleRow);
      key?: string;
      warnings?: ImportWarning[];
    }
  | { ok: false; errors: FieldProblem[]; key?: string };

export interface EntityImporter<Context> {
  table: keyof Database & string;
  /** Everything the rows refer to, each table read once into maps by number or code. */
  load(db: Kysely<Database>, workspaceId: string): Promise<Context>;
  /** Turns one row's raw fields into a stored row, by the domain's rules; no I/O. */
  prepare(fields: Record<string, string>, context: Context, env: ImportEnv): PreparedRow;
  /** The row's unique key (e.g. the customer number), checked against the store and the file. */
  key?: {
    field: string;
    label: string;
    /** The Norwegian message when the key already exists in the workspace, else undefined. */
    existing(context: Context, key: string): string | undefined;
  };
  /**
   * Rows of other tables that go with the imported ones (e.g. approval history), for each
   * chunk of rows just written; `insert` writes into the import's transaction.
   */
  afterInsert?(rows: object[], env: ImportEnv, insert: TableInserter): Promise<void>;
}
