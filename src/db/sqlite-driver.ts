import { createRequire } from 'node:module';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

// Which SQLite binding serves the store (decision 21): Node's built-in `node:sqlite` where the
// runtime has it unflagged (Node ≥ 22.13, and 24, 26 …: no native build at all), else the
// optional dependency better-sqlite3 (Node 20 and early 22). Both are wrapped into the shape
// Kysely's SqliteDialect expects, with the same pragmas.

/** Which binding openSqlite chose. */
export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** The part of node:sqlite's DatabaseSync used here (its types are not in @types/node 20). */
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
  ) => {
    exec(sql: string): void;
    prepare(sql: string): NodeSqliteStatement;
    close(): void;
  };
}
interface NodeSqliteStatement {
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  columns?(): unknown[];
}

/** A SQLite database in the shape Kysely needs, plus `exec` for pragmas. */
export interface SqliteHandle extends SqliteDatabase {
  exec(sql: string): void;
  readonly driver: SqliteDriverName;
}

function nodeSqlite(): NodeSqliteModule | undefined {
  try {
    return process.getBuiltinModule('node:sqlite') as NodeSqliteModule | undefined;
  } catch {
    return undefined; // Node 22.5–22.12 without --experimental-sqlite
  }
}

/**
 * The binding this Node.js will use: node:sqlite when built in, else better-sqlite3.
 * @example sqliteDriverName() // 'node:sqlite' on Node 24
 */
export function sqliteDriverName(): SqliteDriverName {
  return nodeSqlite()?.DatabaseSync ? 'node:sqlite' : 'better-sqlite3';
}

/**
 * Opens a SQLite file (or ':memory:') with WAL, a busy timeout, foreign keys and NORMAL sync.
 * @example const handle = openSqlite('./data/broen.sqlite'); new SqliteDialect({ database: handle });
 */
export function openSqlite(file: string): SqliteHandle {
  const builtIn = nodeSqlite();
  const handle = builtIn?.DatabaseSync
    ? wrapNodeSqlite(new builtIn.DatabaseSync(file))
    : openBetterSqlite(file);
  handle.exec('PRAGMA journal_mode = WAL');
  handle.exec('PRAGMA busy_timeout = 5000');
  handle.exec('PRAGMA foreign_keys = ON');
  handle.exec('PRAGMA synchronous = NORMAL');
  return handle;
}

function wrapNodeSqlite(db: InstanceType<NodeSqliteModule['DatabaseSync']>): SqliteHandle {
  return {
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      return {
        // A statement that yields rows (SELECT, PRAGMA, … RETURNING) has result columns.
        reader: statement.columns ? statement.columns().length > 0 : READER.test(sql),
        all: (parameters) => statement.all(...parameters),
        run: (parameters) => statement.run(...parameters),
        iterate: (parameters) => statement.iterate(...parameters),
      };
    },
  };
}

// Only for node:sqlite versions without StatementSync#columns (22.13–22.15).
const READER = /^\s*(select|with|pragma|values|explain)\b|\breturning\b/i;

interface BetterSqlite {
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

function openBetterSqlite(file: string): SqliteHandle {
  let Database: new (file: string) => BetterSqlite;
  try {
    // Loaded only when needed: it is an optional dependency that does not build on Node 26.
    Database = createRequire(import.meta.url)('better-sqlite3');
  } catch (error) {
    throw new Error(
      `SQLite needs Node.js ≥ 22.13 (built-in node:sqlite) or the better-sqlite3 package (${(error as Error).message})`,
    );
  }
  const db = new Database(file);
  return {
    driver: 'better-sqlite3',
    exec: (sql) => {
      db.exec(sql);
    },
    close: () => db.close(),
    prepare: (sql) => db.prepare(sql),
  };
}
