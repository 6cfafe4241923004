import { CompiledQuery, PostgresAdapter, type SqliteStatement, type Transaction } from 'kysely';
import { type ArrayElement, pgArrayLiteral } from '../db/pg-array-literal.ts';
import type { SqliteHandle } from '../db/sqlite-driver.ts';
import type { Database } from '../db/tables.ts';

// PostgreSQL refuses statements with more than 65535 bind parameters and SQLite (3.32+)
// more than 32766; staying under both with one rule keeps the import dialect-free.
const MAX_PARAMETERS = 30_000;
// Past a few hundred rows per statement the gain is nil and the SQL text only grows.
const MAX_ROWS_PER_STATEMENT = 1_000;

/**
 * Rows per INSERT for a table of `columns` columns, within every dialect's parameter limit.
 * @example rowsPerStatement(18) // 1000
 */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / Math.max(1, columns))));
}

/**
 * Inserts rows in multi-row statements inside the caller's transaction. Every row must carry
 * the same keys (the first row's), so each statement binds the same columns.
 *
 * The statement text is built here once per chunk size and handed to the driver as compiled
 * SQL, which keeps the query builder's per-value work (1.8 million syntax nodes for 100k
 * hours) out of the import.
 * @example await insertInChunks(trx, 'hour_entries', rows);
 */
export async function insertInChunks(
  trx: Transaction<Database>,
  table: keyof Database & string,
  rows: readonly object[],
): Promise<void> {
  await chunkInserter(trx, table)(rows);
}

/**
 * An insertInChunks for one table that is called many times (a streaming import hands it a
 * chunk at a time): the column types and statement texts are looked up and built once.
 *
 * With `sqlite`, the connection `trx` runs on (sqliteHandleOf), each row goes through one
 * prepared single-row INSERT, reused for every chunk. A multi-row INSERT makes SQLite keep a
 * statement journal (every page it touches is copied to a temporary file first, so that the
 * one statement can be undone alone): for 100k hours that was ~1 s of system time.
 * @example const insert = chunkInserter(trx, 'hour_entries'); await insert(first1000); await insert(next1000);
 */
export function chunkInserter(
  trx: Transaction<Database>,
  table: keyof Database & string,
  sqlite?: SqliteHandle,
): (rows: readonly object[]) => Promise<void> {
  // A transaction is a new handle that dialectOf does not know; its adapter tells the dialect.
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const arrayTypes = new Map<string, Promise<string[] | undefined>>();
  const texts = new Map<string, string>();
  const prepared = new Map<string, SqliteStatement>();
  return async (rows) => {
    const first = rows[0];
    if (!first) return;
    const columns = Object.keys(first);
    const columnKey = columns.join(',');
    if (sqlite && !postgres) {
      let statement = prepared.get(columnKey);
      if (!statement) {
        statement = sqlite.prepare(
          `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
        );
        prepared.set(columnKey, statement);
      }
      const params: unknown[] = new Array(columns.length);
      for (const row of rows as Record<string, unknown>[]) {
        for (let c = 0; c < columns.length; c++) params[c] = row[columns[c]] ?? null;
        statement.run(params);
      }
      return;
    }
    if (postgres) {
      let typesOfColumns = arrayTypes.get(columnKey);
      if (!typesOfColumns) {
        typesOfColumns = postgresArrayTypes(trx, table, columns);
        arrayTypes.set(columnKey, typesOfColumns);
      }
      const types = await typesOfColumns;
      if (types) return insertByUnnest(trx, table, columns, types, rows);
    }
    const size = rowsPerStatement(columns.length);
    const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size) as Record<string, unknown>[];
      const key = `${chunk.length}:${columnKey}`;
      let text = texts.get(key);
      if (!text) {
        text = head + valuesList(chunk.length, columns.length, postgres);
        texts.set(key, text);
      }
      const params: unknown[] = new Array(chunk.length * columns.length);
      let p = 0;
      for (const row of chunk) for (const column of columns) params[p++] = row[column] ?? null;
      await trx.executeQuery(CompiledQuery.raw(text, params));
    }
  };
}

// PostgreSQL: one array parameter per column, `insert … select … from unnest($1::text[], …)`.
// Parsing and planning stay constant however many rows a statement carries, which makes it
// several times faster than a 1000-row VALUES list with 18 000 parameters. A column with one
// value in every row of the chunk (the workspace, the import's timestamps, an empty column) is
// bound once as a plain parameter: of an hour's 20 columns about half are, and of an approval
// event's six, four (decision 75).
const UNNEST_ROWS_PER_STATEMENT = 10_000;
const ARRAY_TYPES = new Set(['text', 'bigint', 'integer', 'smallint', 'boolean']);

async function postgresArrayTypes(
  trx: Transaction<Database>,
  table: string,
  columns: string[],
): Promise<string[] | undefined> {
  const result = await trx.executeQuery<{ column_name: string; data_type: string }>(
    CompiledQuery.raw(
      'select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = $1',
      [table],
    ),
  );
  const typeOf = new Map(result.rows.map((r) => [r.column_name, r.data_type]));
  const types = columns.map((c) => typeOf.get(c));
  // Anything unexpected (a new column type) takes the portable VALUES path instead.
  if (types.some((t) => t === undefined || !ARRAY_TYPES.has(t))) return undefined;
  return types as string[];
}

async function insertByUnnest(
  trx: Transaction<Database>,
  table: string,
  columns: string[],
  types: string[],
  rows: readonly object[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += UNNEST_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + UNNEST_ROWS_PER_STATEMENT) as Record<string, ArrayElement>[];
    const selected: string[] = [];
    const unnested: string[] = [];
    const names: string[] = [];
    const parameters: unknown[] = [];
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const first = chunk[0][column] ?? null;
      let same = true;
      for (let r = 1; same && r < chunk.length; r++) same = (chunk[r][column] ?? null) === first;
      // At least one column is unnested, or the chunk's row count would be lost.
      if (same && (c < columns.length - 1 || unnested.length > 0)) {
        parameters.push(first);
        selected.push(`$${parameters.length}::${types[c]}`);
        continue;
      }
      const values: ArrayElement[] = new Array(chunk.length);
      for (let r = 0; r < chunk.length; r++) values[r] = chunk[r][column];
      parameters.push(pgArrayLiteral(values));
      const name = `c${c}`;
      unnested.push(`$${parameters.length}::${types[c]}[]`);
      names.push(name);
      selected.push(`u.${name}`);
    }
    const text =
      `insert into ${quote(table)} (${columns.map(quote).join(', ')}) ` +
      `select ${selected.join(', ')} from unnest(${unnested.join(', ')}) as u(${names.join(', ')})`;
    await trx.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** `(?, ?), (?, ?)` for SQLite, `($1, $2), ($3, $4)` for PostgreSQL. */
function valuesList(rowCount: number, columnCount: number, postgres: boolean): string {
  const groups: string[] = new Array(rowCount);
  let n = 1;
  for (let r = 0; r < rowCount; r++) {
    const marks: string[] = new Array(columnCount);
    for (let c = 0; c < columnCount; c++) marks[c] = postgres ? `$${n++}` : '?';
    groups[r] = `(${marks.join(', ')})`;
  }
  return groups.join(', ');
}
