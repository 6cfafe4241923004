import { createHash } from 'node:crypto';
import { SqliteAdapter, sql } from 'kysely';
import { type Db, dialectOf, sqliteHandleOf } from '../../db/database.ts';
import { setIndexesAsideForLoad } from '../../db/sqlite-bulk-load.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { chunkInserter } from '../insert-chunks.ts';
import { type ImportEntity, mapColumns, readFields } from './columns.ts';
import { openCsv } from './csv-parse.ts';
import type { EntityImporter, ImportEnv, SampleRow, TableInserter } from './importer.ts';
import { IMPORTERS } from './importers.ts';
import { orderedId } from './ordered-id.ts';

// Preview and commit share one pipeline: check the file in one pass → map headers → load every
// referenced table once (maps by number/code) → read the records one at a time, validate each
// with the domain's rules, duplicates → (commit only) write valid rows in chunks (1,000 rows on
// PostgreSQL, 100 on SQLite) inside one transaction, rolled back if any row has a problem.
// Nothing holds all the rows, so memory stays flat however large the file (decisions 50, 75).
// Commit re-runs the whole validation inside its transaction, so what was previewed minutes ago
// cannot slip in stale.

/** One problem, on the file's line `row` (header = 1); `column` as the file names it. */
export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
  /** Warnings only: web path of the record the warning is about. */
  href?: string;
}

export interface ImportPreview {
  entity: ImportEntity;
  /** Data rows in the file (blank lines not counted). */
  rows: number;
  /** Rows that would be imported as they are. */
  valid: number;
  /** The first MAX_REPORTED_ERRORS problems, in file order. */
  errors: ImportRowError[];
  /** All problems found, also those beyond the reported list. */
  errorCount: number;
  /** The first rows as they will be stored, in the API's field names and forms. */
  sample: SampleRow[];
  /** Things to look at that do not stop the import (a shared org. number), in file order. */
  warnings: ImportRowError[];
  /** The last import of a byte-identical file of this kind, when there was one. */
  previousImport?: PreviousImport;
}

/** An earlier committed import of the same file (same bytes, same kind of records). */
export interface PreviousImport {
  importedAt: string;
  rows: number;
  actor: string;
}

export type ImportCommitResult =
  | { ok: true; entity: ImportEntity; imported: number }
  | ({ ok: false } & ImportPreview);

export interface ImportOptions {
  clock?: () => Date;
  /** Rows shown in the preview sample. */
  sampleSize?: number;
  /**
   * Runs inside the commit's transaction after the rows are written, so whatever it stores
   * (the API's idempotent answer) commits or rolls back together with the rows.
   */
  onCommit?: (trx: Db, imported: number) => Promise<void>;
}

/** From this many rows an import on PostgreSQL is followed by ANALYZE of the table it filled. */
export const ANALYZE_AFTER_ROWS = 1000;

/** A file with 100k bad rows should not produce a 100k-item response. */
export const MAX_REPORTED_ERRORS = 500;
const DEFAULT_SAMPLE = 20;

/** Rows per file; 100k hours is the benchmark, this leaves ample room above it. */
export const MAX_IMPORT_ROWS = 250_000;

/** Something unexpected while committing (not a row problem); the import was rolled back. */
export class ImportCommitError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ImportCommitError';
    this.retryable = options.retryable ?? false;
  }
}

/**
 * Validates a CSV file without writing anything: counts, row errors in Norwegian and a sample
 * of the rows as they would be stored.
 * @example const p = await previewCsvImport(db, workspaceId, 'hours', csvText); p.errors[0] // { row: 3, column: 'dato', message: '…' }
 */
export async function previewCsvImport(
  db: Db,
  workspaceId: string,
  entity: ImportEntity,
  text: string | Uint8Array,
  options: ImportOptions = {},
): Promise<ImportPreview> {
  const env = makeEnv(workspaceId, 'preview', options);
  const preview = await validate(db, entity, text, env);
  const previous = await db
    .selectFrom('csv_import_files')
    .select(['imported_at', 'rows', 'actor'])
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', entity)
    .where('file_sha256', '=', fileSha256(text))
    .orderBy('imported_at', 'desc')
    .executeTakeFirst();
  if (!previous) return preview;
  return {
    ...preview,
    previousImport: { importedAt: previous.imported_at, rows: Number(previous.rows), actor: previous.actor },
  };
}

/** SHA-256 (hex) of the file's bytes; text is taken as UTF-8. */
function fileSha256(text: string | Uint8Array): string {
  return createHash('sha256')
    .update(typeof text === 'string' ? Buffer.from(text, 'utf8') : text)
    .digest('hex');
}

/**
 * Imports a CSV file all or nothing: every row valid → all inserted in one transaction and
 * `{ ok: true, imported }`; any problem → `{ ok: false, …preview }` and nothing written.
 * @example const r = await commitCsvImport(db, workspaceId, 'customers', csv, 'admin@demo.no'); if (r.ok) r.imported;
 */
export async function commitCsvImport(
  db: Db,
  workspaceId: string,
  entity: ImportEntity,
  text: string | Uint8Array,
  actor: string,
  options: ImportOptions = {},
): Promise<ImportCommitResult> {
  const env = makeEnv(workspaceId, actor, options);
  let cacheBefore: number | undefined;
  const importer = IMPORTERS[entity] as EntityImporter<unknown>;
  // The transaction runs on this one SQLite connection; rows go to it by a prepared statement.
  const sqlite = sqliteHandleOf(db);
  try {
    const result = await db.transaction().execute(async (trx) => {
      // Rows are written a chunk at a time as they pass; the first problem stops the writing,
      // validation reads on to report every row's problems, and the rollback undoes the chunks.
      const inserters = new Map<string, (rows: readonly object[]) => Promise<void>>();
      const insert: TableInserter = (table, rows) => {
        let inserter = inserters.get(table);
        if (!inserter) {
          inserter = chunkInserter(trx, table, sqlite);
          inserters.set(table, inserter);
        }
        return inserter(rows);
      };
      // A large load into a SQLite table builds its date indexes anew instead (decision 75);
      // indexes that are kept take the rows one by one, from a wider page cache.
      let restoreIndexes = async () => {};
      const preview = await validate(trx, entity, text, env, {
        rowsPerWrite: sqlite ? SQLITE_ROWS_PER_WRITE : ROWS_PER_WRITE,
        start: async (expectedRows) => {
          const restore = await setIndexesAsideForLoad(trx, importer.table, expectedRows);
          if (restore) restoreIndexes = restore;
          else cacheBefore = await widenSqliteCache(trx);
        },
        write: async (rows) => {
          await insert(importer.table, rows);
          if (importer.afterInsert) await importer.afterInsert(rows, env, insert);
        },
      });
      if (preview.errorCount > 0 || preview.rows === 0) throw new RefusedImport(preview);
      await restoreIndexes();
      const imported = preview.valid;
      // Remembered so a later preview of the same bytes can say it was imported already.
      await trx
        .insertInto('csv_import_files')
        .values({
          id: env.newId(),
          workspace_id: workspaceId,
          entity,
          file_sha256: fileSha256(text),
          rows: imported,
          actor,
          imported_at: env.now,
        })
        .execute();
      if (options.onCommit) await options.onCommit(trx, imported);
      return { ok: true as const, entity, imported };
    });
    if (result.imported >= ANALYZE_AFTER_ROWS) await analyzeAfterImport(db, importer.table);
    return result;
  } catch (error) {
    if (error instanceof RefusedImport) return { ok: false, ...error.preview };
    if (isUniqueViolation(error)) {
      // Someone created the same number between our check and our insert; nothing was written.
      const preview = await previewCsvImport(db, workspaceId, entity, text, options);
      if (preview.errorCount > 0) return { ok: false, ...preview };
      throw new ImportCommitError('Import collided with a concurrent change', {
        cause: error,
        retryable: true,
      });
    }
    throw error;
  } finally {
    if (cacheBefore !== undefined) await sql.raw(`pragma cache_size = ${cacheBefore}`).execute(db);
  }
}

/** Thrown inside the commit's transaction to roll back the chunks written before a problem. */
class RefusedImport extends Error {
  constructor(readonly preview: ImportPreview) {
    super('CSV import refused: rows have problems');
  }
}

/**
 * PostgreSQL plans queries from table statistics that autovacuum refreshes only after a while;
 * right after a bulk import they describe the table as it was, and the hour list picked a
 * plan 25 times slower (2.4 s instead of 98 ms for 350k hours). ANALYZE takes a sample, so it
 * costs well under a second even for large tables. SQLite needs nothing: its planner does not
 * depend on gathered statistics unless ANALYZE was run before, and it is not here.
 */
async function analyzeAfterImport(db: Db, table: string): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`analyze ${sql.table(table)}`.execute(db);
}

// Hours inserted into kept indexes touch the primary key, three indexes and five foreign keys
// on every row; with SQLite's default 2 MB page cache the pages of the three date indexes are
// spilled to the WAL and read back again and again. 16 MB for the length of the import holds
// what the inserts keep returning to; 64 MB was no faster and made the import's own memory
// 48 MB larger (decision 64). When the indexes are built anew instead, the rows are appended
// and CREATE INDEX sorts: the default cache is as fast and 25 MB smaller (decision 75).
const IMPORT_CACHE_KIB = 16_384;

/** Widens the connection's page cache (a connection setting, not undone by a rollback); returns the size to put back, or undefined when nothing changed. */
async function widenSqliteCache(db: Db): Promise<number | undefined> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return undefined;
  const current = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  const before = Math.trunc(Number(current.rows[0]?.cache_size ?? -2000));
  // Negative values are KiB, positive ones pages (4 KiB by default); only ever grow the cache.
  if ((before < 0 ? -before : before * 4) >= IMPORT_CACHE_KIB) return undefined;
  await sql.raw(`pragma cache_size = -${IMPORT_CACHE_KIB}`).execute(db);
  return before;
}

function makeEnv(
  workspaceId: string,
  actor: string,
  options: ImportOptions,
): ImportEnv & { sampleSize: number } {
  const clock = options.clock ?? (() => new Date());
  return {
    workspaceId,
    actor,
    now: clock().toISOString(),
    newId: () => orderedId(),
    sampleSize: options.sampleSize ?? DEFAULT_SAMPLE,
  };
}

/**
 * Valid rows handed to the writer at a time on PostgreSQL: one statement's worth. Larger chunks
 * live long enough to be promoted to V8's old space, which then grows by the hundred megabytes
 * before a full collection (5,000 rows a chunk: +200 MiB RSS for 100k hours).
 */
export const ROWS_PER_WRITE = 1_000;

/**
 * On SQLite every row is its own prepared INSERT, so a chunk only decides how long rows wait
 * in memory: with 1,000, two runs in three still had V8 promote the waiting rows (+30 MiB of
 * old space over 100k hours); with 100, none of 13 traced runs did (decision 75).
 */
const SQLITE_ROWS_PER_WRITE = 100;

/** Where valid rows go, in file order, inside the import's transaction. */
interface RowSink {
  /** Rows per call of `write`. */
  rowsPerWrite: number;
  /** Once, before the first chunk: the file's record count, the most rows that can follow. */
  start(expectedRows: number): Promise<void>;
  /** A chunk of valid rows to store. */
  write(rows: object[]): Promise<void>;
}

/**
 * Reads the file record by record and judges every row; valid rows go to `sink` a chunk at a
 * time until the first problem (after that nothing more is written, the reading goes on so
 * every problem of every row is reported in this one pass). Nothing holds all the rows.
 */
async function validate(
  db: Db,
  entity: ImportEntity,
  text: string | Uint8Array,
  env: ImportEnv & { sampleSize: number },
  sink?: RowSink,
): Promise<ImportPreview> {
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  const report = (error: ImportRowError) => {
    errorCount++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };
  const warnings: ImportRowError[] = [];
  const empty = (rows: number): ImportPreview => ({
    entity,
    rows,
    valid: 0,
    errors,
    errorCount,
    sample: [],
    warnings,
  });

  const opened = openCsv(text);
  if (!opened.ok) {
    report({ row: opened.error.row, column: null, message: opened.error.message });
    return empty(0);
  }
  const { header, recordCount } = opened.csv;
  if (recordCount > MAX_IMPORT_ROWS) {
    report({
      row: 1,
      column: null,
      message: `Filen har ${recordCount} rader; høyst ${MAX_IMPORT_ROWS} kan importeres om gangen. Del den opp.`,
    });
    return empty(recordCount);
  }
  const mapped = mapColumns(entity, header);
  if (!mapped.ok) {
    for (const e of mapped.errors) report({ row: e.row, column: null, message: e.message });
    return empty(recordCount);
  }
  const { mapping } = mapped;
  if (recordCount === 0) {
    report({ row: 2, column: null, message: 'Filen har ingen rader under overskriften.' });
    return empty(0);
  }

  const importer = IMPORTERS[entity] as EntityImporter<unknown>;
  const context = await importer.load(db, env.workspaceId);
  let pending: object[] = [];
  let writing: Promise<void> = Promise.resolve();
  let started = false;
  const sample: SampleRow[] = [];
  const firstRowOfKey = new Map<string, number>();
  let valid = 0;
  // A number in use is reported beside the row's other problems, all in one pass.
  const keyProblem = (key: string | undefined): string | undefined => {
    if (key === undefined || !importer.key) return undefined;
    const existing = importer.key.existing(context, key);
    if (existing !== undefined) return existing;
    const earlier = firstRowOfKey.get(key);
    return earlier === undefined
      ? undefined
      : `${importer.key.label} ${key} står også på rad ${earlier} i filen.`;
  };
  for (const record of opened.csv.records()) {
    if (
      record.fields.length > header.length &&
      record.fields.slice(header.length).some((f) => f.trim() !== '')
    ) {
      report({
        row: record.row,
        column: null,
        message: `Raden har ${record.fields.length} felt, men overskriften bare ${header.length}. Sjekk skilletegn og anførselstegn.`,
      });
      continue;
    }
    const fields = readFields(mapping, record.fields);
    const result = importer.prepare(fields, context, env);
    if (!result.ok) {
      const taken = importer.key ? keyProblem(result.key) : undefined;
      const problems =
        taken && importer.key && !result.errors.some((e) => e.field === importer.key?.field)
          ? [...result.errors, { field: importer.key.field, message: taken }]
          : result.errors;
      if (result.key !== undefined && !firstRowOfKey.has(result.key))
        firstRowOfKey.set(result.key, record.row);
      // In the order of the file's columns, as the user reads the row.
      const position = (field: string | null) => (field === null ? -1 : (mapping.indexOf[field] ?? -1));
      const inFileOrder = [...problems].sort((a, b) => position(a.field) - position(b.field));
      for (const e of inFileOrder) {
        report({
          row: record.row,
          column: e.field ? (mapping.headerOf[e.field] ?? e.field) : null,
          message: e.message,
        });
      }
      continue;
    }
    if (result.key !== undefined && importer.key) {
      const taken = keyProblem(result.key);
      if (taken !== undefined) {
        report({ row: record.row, column: mapping.headerOf[importer.key.field], message: taken });
        continue;
      }
      firstRowOfKey.set(result.key, record.row);
    }
    valid++;
    for (const w of result.warnings ?? []) {
      if (warnings.length >= MAX_REPORTED_ERRORS) break;
      warnings.push({
        row: record.row,
        column: mapping.headerOf[w.field] ?? w.field,
        message: w.message,
        href: w.href,
      });
    }
    if (sample.length < env.sampleSize)
      sample.push(typeof result.sample === 'function' ? result.sample() : result.sample);
    if (!sink || errorCount > 0) continue;
    pending.push(result.row);
    if (pending.length >= sink.rowsPerWrite) {
      if (!started) {
        started = true;
        await sink.start(recordCount);
      }
      // The server inserts while we read and judge: this chunk is handed over (on PostgreSQL
      // queued on the connection, its parameters already built) before the one before it is
      // awaited, so the server goes straight on to it. Two in flight at most; a failed write
      // is raised here, at the next chunk, or below.
      const next = sink.write(pending);
      next.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
      await writing;
      writing = next;
      pending = [];
    }
  }
  if (sink && errorCount === 0 && pending.length > 0) {
    if (!started) await sink.start(recordCount);
    const last = sink.write(pending);
    last.catch(() => {});
    await writing;
    writing = last;
  }
  await writing;
  return { entity, rows: recordCount, valid, errors, errorCount, sample, warnings };
}
