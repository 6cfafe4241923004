// Scenario: a load balancer asks /readyz; it says ready only with the database answering and
// every migration applied, and /healthz stays a liveness check.
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../test/app-harness.ts';
import { describeEachDatabase } from '../../test/databases.ts';
import { createLogger } from '../config/logger.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { checkReadiness } from './readiness.ts';

describeEachDatabase('GET /readyz', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  it('is ready on a migrated database', async () => {
    const res = await h.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  it('is not ready while a migration is pending, and ready again once it is applied', async () => {
    const db = getDb();
    const last = await sql<{
      name: string;
    }>`select name from kysely_migration order by name desc limit 1`.execute(db);
    const name = last.rows[0]?.name as string;
    // Pretend the newest migration has not run: the row goes, its tables stay (migrate re-runs
    // it only after they are dropped, so put the row back afterwards instead).
    const row = await sql<{
      name: string;
      timestamp: string;
    }>`select name, timestamp from kysely_migration where name = ${name}`.execute(db);
    await sql`delete from kysely_migration where name = ${name}`.execute(db);
    try {
      const res = await h.app.request('/readyz');
      expect(res.status).toBe(503);
      const body = await res.json();
      expect(body.status).toBe('not_ready');
      expect(body.pendingMigrations).toEqual([name]);
      expect(body.problems[0]).toContain('npx broen migrate');
      expect((await h.app.request('/healthz')).status).toBe(200);
    } finally {
      const saved = row.rows[0] as { name: string; timestamp: string };
      await sql`insert into kysely_migration (name, timestamp) values (${saved.name}, ${saved.timestamp})`.execute(
        db,
      );
    }
    expect((await h.app.request('/readyz')).status).toBe(200);
  });
});

it('is not ready when the database does not answer, and says so without its error text', async () => {
  const db = openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing', pgPoolSize: 1 });
  try {
    const readiness = await checkReadiness(db, createLogger('silent'), 10_000);
    expect(readiness).toEqual({ status: 'not_ready', problems: ['database unreachable'] });
  } finally {
    await db.destroy();
  }
});

it('counts a fresh, unmigrated SQLite database as not ready', async () => {
  const db = openDatabase({ sqliteFile: ':memory:' });
  try {
    const before = await checkReadiness(db, createLogger('silent'));
    expect(before.status).toBe('not_ready');
    await migrateToLatest(db);
    expect(await checkReadiness(db, createLogger('silent'))).toEqual({ status: 'ready' });
  } finally {
    await db.destroy();
  }
});
