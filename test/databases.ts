import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { requireOrSkip } from './requirements.ts';

/** Where the test PostgreSQL lives; override with TEST_DATABASE_URL. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  db: Db;
  /** PostgreSQL: the schema it lives in (for a child process opening the same database). */
  schema?: string;
  /** Drops everything this test database made. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database: SQLite in memory, or a PostgreSQL schema of its own.
 * @example const t = await createTestDatabase('postgres'); … await t.destroy();
 */
export async function createTestDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const db = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(db);
    return { dialect, db, destroy: () => db.destroy() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const db = openDatabase({ databaseUrl: TEST_PG_URL, pgSchema: schema, pgPoolSize: 4 });
  await withSchemaLock(async (admin) => {
    await admin.query(`create schema ${schema}`);
    await migrateToLatest(db);
  });
  return {
    dialect,
    db,
    schema,
    async destroy() {
      await db.destroy();
      await withSchemaLock((admin) => admin.query(`drop schema ${schema} cascade`));
    },
  };
}

/** Advisory lock id shared by every process creating or dropping test schemas. */
const SCHEMA_LOCK_ID = 0x6272_6f65;

/**
 * Runs `fn` while holding a database-wide advisory lock. Kysely's migrator looks at every
 * schema in the database (has_schema_privilege on each name), and fails with "schema … does
 * not exist" when another suite — in another worker or another test run — drops its schema in
 * that moment; migrating and dropping under one lock keeps them apart. Every test that creates
 * or drops a schema of its own (pg-boss's too) does it through here.
 * @example await withSchemaLock((admin) => admin.query(`drop schema if exists ${name} cascade`));
 */
export async function withSchemaLock<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [SCHEMA_LOCK_ID]);
    return await fn(admin);
  } finally {
    // Closing the session releases the lock, also when fn failed.
    await admin.end();
  }
}

/**
 * Runs one suite on SQLite and on PostgreSQL. Without PostgreSQL the PG half is skipped with
 * a notice, or fails under CI=true (see requirements.ts).
 * @example describeEachDatabase('customers', (getDb) => { it('…', async () => { const db = getDb(); }) });
 */
export function describeEachDatabase(
  name: string,
  suite: (getDb: () => Db, dialect: 'sqlite' | 'postgres') => void,
): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, async () => {
      if (dialect === 'postgres' && !(await requireOrSkip('PostgreSQL', postgresAvailable))) return;
      const { beforeAll, afterAll } = await import('vitest');
      let t: TestDatabase | undefined;
      beforeAll(async () => {
        t = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        await t?.destroy();
      });
      suite(() => {
        if (!t) throw new Error('test database not ready');
        return t.db;
      }, dialect);
    });
  }
}
