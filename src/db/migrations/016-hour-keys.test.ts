// Scenario: after migration 016 PostgreSQL refuses an hour that points at another workspace's
// project or worker, as the app always has; rolling the migration back gives the keys of 015
// again, and SQLite is left as it was.
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { type Db, dialectOf } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { migrations } from './index.ts';

async function hourKeys(db: Db): Promise<{ indexes: string[]; foreignKeys: string[] }> {
  if (dialectOf(db) === 'sqlite') {
    const indexes = await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'index' and tbl_name = 'hour_entries' and sql is not null order by name`.execute(
      db,
    );
    const keys = await sql<{
      from: string;
      table: string;
    }>`select "from", "table" from pragma_foreign_key_list('hour_entries') order by "from"`.execute(db);
    return {
      indexes: indexes.rows.map((r) => r.sql.replace(/^.*\bon\b/i, 'on')),
      foreignKeys: keys.rows.map((r) => `${r.from} -> ${r.table}`),
    };
  }
  const indexes = await sql<{
    def: string;
  }>`select regexp_replace(indexdef, '^.* USING ', '') as def from pg_indexes
    where schemaname = current_schema() and tablename = 'hour_entries' order by indexname`.execute(db);
  const keys = await sql<{
    def: string;
  }>`select regexp_replace(pg_get_constraintdef(oid), '\\w+\\.', '', 'g') as def
    from pg_constraint where conrelid = 'hour_entries'::regclass and contype = 'f' order by 1`.execute(db);
  return { indexes: indexes.rows.map((r) => r.def), foreignKeys: keys.rows.map((r) => r.def) };
}

async function migrator(db: Db): Promise<Migrator> {
  const migrationTableSchema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema });
}

describeEachDatabase('migration 016: the keys of an hour', (getDb, dialect) => {
  if (dialect === 'postgres')
    it("refuses an hour with another workspace's project or worker", async () => {
      const db = getDb();
      const now = new Date().toISOString();
      const workspace = async () => {
        const id = randomUUID();
        await db
          .insertInto('workspaces')
          .values({ id, slug: `ws-${id.slice(0, 8)}`, name: 'AS', created_at: now })
          .execute();
        const base = { workspace_id: id, created_at: now, updated_at: now };
        const employee = randomUUID();
        const project = randomUUID();
        const hourType = randomUUID();
        await db
          .insertInto('employees')
          .values({ ...base, id: employee, number: 1, name: 'Ola' })
          .execute();
        await db
          .insertInto('projects')
          .values({ ...base, id: project, number: '1', name: 'P' })
          .execute();
        await db
          .insertInto('hour_types')
          .values({ ...base, id: hourType, code: 'ORD', name: 'Ord' })
          .execute();
        return { id, employee, project, hourType };
      };
      const mine = await workspace();
      const theirs = await workspace();
      const hour = (over: Partial<{ employee_id: string; project_id: string }>) =>
        db
          .insertInto('hour_entries')
          .values({
            id: randomUUID(),
            workspace_id: mine.id,
            employee_id: mine.employee,
            project_id: mine.project,
            hour_type_id: mine.hourType,
            date: '2025-03-14',
            minutes: 60,
            created_at: now,
            updated_at: now,
            ...over,
          })
          .execute();
      await hour({});
      await expect(hour({ project_id: theirs.project })).rejects.toThrow(/foreign key/);
      await expect(hour({ employee_id: theirs.employee })).rejects.toThrow(/foreign key/);
      await expect(hour({ project_id: randomUUID() })).rejects.toThrow(/foreign key/);
    });

  it('rolls back to the keys of migration 015 and forward again', async () => {
    const db = getDb();
    const latest = await hourKeys(db);
    // Every migration from 016 on is rolled back, newest first, so that 016's own down runs last.
    const fromHourKeys = Object.keys(migrations)
      .filter((name) => name >= '016-hour-keys')
      .sort();
    const down = await (await migrator(db)).migrateTo('015-fencing');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual([...fromHourKeys].reverse());
    const before = await hourKeys(db);
    if (dialect === 'sqlite') {
      expect(before).toEqual(latest);
    } else {
      expect(before.indexes).toEqual([
        'btree (workspace_id, employee_id, date, id)',
        'btree (id)',
        'btree (workspace_id, project_id, date, id)',
        'btree (workspace_id, date, id)',
      ]);
      expect(before.foreignKeys).toEqual([
        'FOREIGN KEY (employee_id) REFERENCES employees(id)',
        'FOREIGN KEY (hour_type_id) REFERENCES hour_types(id)',
        'FOREIGN KEY (machine_id) REFERENCES machines(id)',
        'FOREIGN KEY (project_id) REFERENCES projects(id)',
        'FOREIGN KEY (workspace_id) REFERENCES workspaces(id)',
      ]);
      expect(latest.indexes).toEqual(before.indexes);
      expect(latest.foreignKeys).toEqual([
        'FOREIGN KEY (workspace_id, employee_id) REFERENCES employees(workspace_id, id)',
        'FOREIGN KEY (workspace_id, hour_type_id) REFERENCES hour_types(workspace_id, id)',
        'FOREIGN KEY (workspace_id, machine_id) REFERENCES machines(workspace_id, id)',
        'FOREIGN KEY (workspace_id, project_id) REFERENCES projects(workspace_id, id)',
      ]);
    }
    expect(await migrateToLatest(db)).toEqual(fromHourKeys);
    expect(await hourKeys(db)).toEqual(latest);
  });
});
