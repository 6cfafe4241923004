import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openSqlite, type SqliteHandle } from './sqlite-driver.ts';
import type { Database } from './tables.ts';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** `postgres://…`; when absent the SQLite file `broen.sqlite` in dataDir (or `:memory:`). */
  databaseUrl?: string;
  dataDir?: string;
  /** SQLite only: a file path or ':memory:' overriding dataDir. */
  sqliteFile?: string;
  /** PostgreSQL only: schema to use via search_path (tests give each suite its own). */
  pgSchema?: string;
  pgPoolSize?: number;
}

// int8 (COUNT, SUM over bigint) arrives as text from pg; our values stay well below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Opens the store: PostgreSQL when a URL is given, else SQLite with WAL and foreign keys.
 * @example const db = openDatabase({ dataDir: './data' }); const dialect = dialectOf(db);
 */
export function openDatabase(options: DatabaseOptions): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.pgPoolSize ?? 10,
      options: options.pgSchema ? `-c search_path=${options.pgSchema}` : undefined,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialects.set(db, 'postgres');
    return db;
  }
  let file = options.sqliteFile;
  if (!file) {
    const dir = options.dataDir ?? './data';
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    file = join(dir, 'broen.sqlite');
  }
  if (file !== ':memory:') ownerOnly(file);
  // node:sqlite where Node has it built in, else better-sqlite3 (see sqlite-driver.ts).
  const handle = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  dialects.set(db, 'sqlite');
  sqliteHandles.set(db, handle);
  return db;
}

/**
 * Makes the SQLite file readable by its owner only (0600), creating it so if missing. SQLite
 * gives its -wal and -shm files the database file's permissions, so they follow; files from an
 * older start with wider permissions are narrowed too.
 */
function ownerOnly(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

const dialects = new WeakMap<object, Dialect>();
const sqliteHandles = new WeakMap<object, SqliteHandle>();

/**
 * The SQLite connection under a handle from openDatabase (undefined on PostgreSQL), for bulk
 * writes that run a prepared statement many times. Kysely's SQLite dialect has this one
 * connection, so statements run on it inside a `db.transaction()` belong to that transaction.
 * @example const raw = sqliteHandleOf(db); raw?.prepare('insert into t (a) values (?)').run([1]);
 */
export function sqliteHandleOf(db: Db): SqliteHandle | undefined {
  return sqliteHandles.get(db);
}

/** Which database a handle talks to, for the few places SQL differs (e.g. upsert, locking). */
export function dialectOf<Tables>(db: Kysely<Tables>): Dialect {
  // A transaction is a new handle the map does not know; its adapter still tells the dialect.
  return dialects.get(db) ?? (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');
}

/** Booleans are 0/1 in the store; these map them at the repository edge. */
export const toDbBool = (value: boolean): number => (value ? 1 : 0);
export const fromDbBool = (value: number | boolean | null | undefined): boolean =>
  value === 1 || value === true;

/** UTC ISO-8601 timestamp text, the one time format in the store. */
export const nowIso = (clock: () => Date = () => new Date()): string => clock().toISOString();

/**
 * The database for the few helpers that work over several tables named at run time (soft
 * delete, the keyed registers, reference counts): their table and column names are checked by
 * the union types of their own parameters, not by Kysely's schema types. The one place a query
 * is built without those types; the type-escape lint allows it here only.
 * @example await untypedTables(db).selectFrom(table).selectAll().execute();
 */
export function untypedTables(db: Db): Kysely<any> {
  return db;
}
