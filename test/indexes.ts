import { sql } from 'kysely';
import { type Db, dialectOf } from '../src/db/database.ts';

/** The three date indexes of hour_entries, by name. */
export const HOUR_DATE_INDEXES = [
  'hour_entries_employee_date_idx',
  'hour_entries_project_date_idx',
  'hour_entries_workspace_date_idx',
];

/**
 * The names of a table's own indexes (not its primary key's), sorted: what a test checks is
 * still there after a bulk load, on SQLite or PostgreSQL.
 * @example expect(await indexesOf(db, 'hour_entries')).toEqual(HOUR_DATE_INDEXES);
 */
export async function indexesOf(db: Db, table: string): Promise<string[]> {
  const rows =
    dialectOf(db) === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = ${table} and sql is not null order by name`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema() and tablename = ${table} and indexname <> ${`${table}_pkey`}
          order by indexname`.execute(db);
  return rows.rows.map((r) => r.name);
}
