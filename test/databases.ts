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
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openDatabase({ databaseUrl: TEST_PG_URL, pgSchema: schema, pgPoolSize: 4 });
  await migrateToLatest(db);
  return {
    dialect,
    db,
    async destroy() {
      await db.destroy();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
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
