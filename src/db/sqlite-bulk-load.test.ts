// Scenario: a large import sets the hour table's date indexes aside inside its own transaction
// and builds them again before commit; the worker or a CLI on the same SQLite file never sees
// the table without them, a refused import leaves them as they were, and PostgreSQL is never
// touched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { HOUR_DATE_INDEXES, indexesOf } from '../../test/indexes.ts';
import { type Db, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { BULK_LOAD_MIN_ROWS, rebuildPays, setIndexesAsideForLoad } from './sqlite-bulk-load.ts';
import { openSqlite, type SqliteHandle } from './sqlite-driver.ts';

const LARGE = BULK_LOAD_MIN_ROWS * 2;

describe('when rebuilding indexes pays', () => {
  it('rebuilds for a large load into a table that holds less than three times as much', () => {
    expect(rebuildPays({ storedRows: 0, incomingRows: 100_000 })).toBe(true);
    expect(rebuildPays({ storedRows: 300_000, incomingRows: 100_000 })).toBe(true);
    // Measured (decision 75): 30k into 300k and 100k into a million were faster row by row.
    expect(rebuildPays({ storedRows: 300_000, incomingRows: 30_000 })).toBe(false);
    expect(rebuildPays({ storedRows: 1_000_000, incomingRows: 100_000 })).toBe(false);
    expect(rebuildPays({ storedRows: 0, incomingRows: BULK_LOAD_MIN_ROWS - 1 })).toBe(false);
  });
});

describe('a load with its indexes set aside, on a SQLite file with a second connection', () => {
  let dir: string;
  let db: Db;
  let other: SqliteHandle;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'broen-bulk-'));
    db = openDatabase({ sqliteFile: join(dir, 'broen.sqlite') });
    await migrateToLatest(db);
    // As the worker, a CLI command or a backup would open the same file.
    other = openSqlite(join(dir, 'broen.sqlite'));
  });
  afterEach(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const seenByOther = () =>
    other
      .prepare(
        "select name from sqlite_master where type = 'index' and tbl_name = 'hour_entries' and sql is not null order by name",
      )
      .all([])
      .map((r) => (r as { name: string }).name);
  const otherPlan = () =>
    other
      .prepare(
        'explain query plan select id from hour_entries where workspace_id = ? and project_id = ? order by date, id limit 50',
      )
      .all(['w', 'p'])
      .map((r) => (r as { detail: string }).detail)
      .join('; ');

  it('drops them only inside its transaction, and the commit has them again', async () => {
    const before = await indexesOf(db, 'hour_entries');
    expect(before).toEqual(HOUR_DATE_INDEXES);
    await db.transaction().execute(async (trx) => {
      const restore = await setIndexesAsideForLoad(trx, 'hour_entries', LARGE);
      expect(await indexesOf(trx, 'hour_entries')).toEqual([]);
      // The other connection reads the committed schema, unblocked, and still plans with the index.
      expect(seenByOther()).toEqual(HOUR_DATE_INDEXES);
      expect(otherPlan()).toContain('hour_entries_project_date_idx');
      await restore?.();
      expect(await indexesOf(trx, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    });
    expect(await indexesOf(db, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    expect(seenByOther()).toEqual(HOUR_DATE_INDEXES);
    expect(otherPlan()).toContain('hour_entries_project_date_idx');
  });

  it('leaves them as they were when the load is rolled back', async () => {
    const refused = new Error('refused');
    await expect(
      db.transaction().execute(async (trx) => {
        await setIndexesAsideForLoad(trx, 'hour_entries', LARGE);
        expect(await indexesOf(trx, 'hour_entries')).toEqual([]);
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await indexesOf(db, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    expect(seenByOther()).toEqual(HOUR_DATE_INDEXES);
  });

  it('keeps them for a small load', async () => {
    await db.transaction().execute(async (trx) => {
      await setIndexesAsideForLoad(trx, 'hour_entries', BULK_LOAD_MIN_ROWS - 1);
      expect(await indexesOf(trx, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    });
  });
});

describeEachDatabase('setting indexes aside', (getDb, dialect) => {
  it(
    dialect === 'sqlite'
      ? 'happens on SQLite inside a transaction only'
      : 'never happens on PostgreSQL, where DDL would lock out every other workspace',
    async () => {
      const db = getDb();
      // Outside a transaction nothing could undo it: never.
      expect(await setIndexesAsideForLoad(db, 'hour_entries', LARGE)).toBeUndefined();
      expect(await indexesOf(db, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
      await db.transaction().execute(async (trx) => {
        const restore = await setIndexesAsideForLoad(trx, 'hour_entries', LARGE);
        expect(await indexesOf(trx, 'hour_entries')).toEqual(dialect === 'sqlite' ? [] : HOUR_DATE_INDEXES);
        await restore?.();
      });
      expect(await indexesOf(db, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
    },
  );
});
