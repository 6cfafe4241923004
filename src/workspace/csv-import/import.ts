import { createHash } from 'node:crypto';
import { SqliteAdapter, sql } from 'kysely';
import { type Db, dialectOf, sqliteHandleOf } from '../../db/database.ts';
import { orderedId } from '../../db/ordered-id.ts';
import { setIndexesAsideForLoad } from '../../db/sqlite-bulk-load.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { chunkInserter } from '../insert-chunks.ts';
import type { ImportEntity } from './columns.ts';
import type { EntityImporter, ImportEnv, TableInserter } from './importer.ts';
import { IMPORTERS } from './importers.ts';
import { type ImportPreview, validateRows } from './validate-rows.ts';

// Preview and commit share one pass over the file (validate-rows.ts: check the file, map its
// headers, load the referenced tables once, judge every row). Preview only reports; commit hands
// the valid rows to the store in chunks (1,000 rows on PostgreSQL, 100 on SQLite) inside one
// transaction, rolled back if any row has a problem. Commit re-runs the whole validation inside
// its transaction, so what was previewed minutes ago cannot slip in stale. This file holds what
// is about storing: the transaction, SQLite's indexes and page cache, PostgreSQL's ANALYZE.

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

const DEFAULT_SAMPLE = 20;

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
  const preview = await validateRows(db, entity, text, env);
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
      const preview = await validateRows(trx, entity, text, env, {
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
