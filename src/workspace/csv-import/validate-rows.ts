import type { Db } from '../../db/database.ts';
import { type ImportEntity, mapColumns, readFields } from './columns.ts';
import { openCsv } from './csv-parse.ts';
import type { EntityImporter, ImportEnv, SampleRow } from './importer.ts';
import { IMPORTERS } from './importers.ts';

// The one pass over a CSV file that preview and commit share (import.ts): check the file, map
// its headers, load every referenced table once, then read the records one at a time and judge
// each with the domain's rules and the file's own duplicates. Valid rows go to a sink a chunk at
// a time (commit only) until the first problem; after that the reading goes on, so every row's
// problems are reported in this one pass. Nothing holds all the rows (decisions 50, 75).

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

/** A file with 100k bad rows should not produce a 100k-item response. */
export const MAX_REPORTED_ERRORS = 500;

/** Rows per file; 100k hours is the benchmark, this leaves ample room above it. */
export const MAX_IMPORT_ROWS = 250_000;

/** Where valid rows go, in file order, inside the import's transaction. */
export interface RowSink {
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
export async function validateRows(
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
