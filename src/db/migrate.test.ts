// Scenario: every `serve`, `worker` and CLI command migrates at start, nearly always on a schema
// that is current, and /readyz asks what is pending on every probe. Both are answered from the
// schema's own migration table: right while other schemas of the database come and go (Kysely's
// look at every schema once failed a start with «schema … does not exist» when another suite
// dropped its schema in that moment — a narrow race this test makes room for, not one it can
// force), and a database a newer release migrated is still refused at start.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase, withSchemaLock } from '../../test/databases.ts';
import { migrateToLatest, migrationStatus } from './migrate.ts';

describeEachDatabase('migrations at start', (getDb, dialect) => {
  it('a current schema migrates nothing and has nothing pending, while other schemas come and go', async () => {
    const db = getDb();
    // PostgreSQL: another session creates and drops schemas all the while. It waits for the
    // test databases' lock first (another suite may hold it for a while), so the starts go on
    // until the churn has dropped schemas beside them — a fixed count of starts once ended
    // before the churn had begun.
    const churnWanted = dialect === 'postgres' ? 20 : 0;
    let churning = dialect === 'postgres';
    let dropped = 0;
    const churn = (async () => {
      if (!churning) return;
      // Under the test databases' lock, so no other suite's migration meets these schemas.
      await withSchemaLock(async (other) => {
        while (churning) {
          const name = `gone_${randomBytes(5).toString('hex')}`;
          await other.query(
            `create schema ${name}; create table ${name}.t (a int); drop schema ${name} cascade`,
          );
          dropped++;
        }
      });
    })();
    try {
      for (let starts = 0; starts < 100 || dropped < churnWanted; starts++) {
        expect(await migrateToLatest(db)).toEqual([]);
        expect(await migrationStatus(db)).toEqual({ pending: [] });
      }
    } finally {
      churning = false;
      await churn;
    }
  }, 120_000);

  it('refuses to start on a database that ran a migration this code does not know, and calls it not pending', async () => {
    const db = getDb();
    const newer = '999-from-a-newer-release';
    await sql`insert into kysely_migration (name, timestamp) values (${newer}, ${new Date().toISOString()})`.execute(
      db,
    );
    try {
      await expect(migrateToLatest(db)).rejects.toThrow(/999-from-a-newer-release/);
      // Processes already running stay ready on it: migrations are additive (docs/operations.md).
      expect(await migrationStatus(db)).toEqual({ pending: [] });
    } finally {
      await sql`delete from kysely_migration where name = ${newer}`.execute(db);
    }
  });
});
