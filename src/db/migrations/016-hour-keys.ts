import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Decision 75. On PostgreSQL an hour's employee, project, hour type and machine are checked as
// (workspace_id, id) pairs against a unique (workspace_id, id) on each of those tables. That is
// more than before (an hour can no longer point at another workspace's records), and the check
// of the workspace itself falls away, since each of those rows' workspace is checked already:
// four checks per hour where there were five, each one a trigger running a query (a CSV import
// writes 100,000 hours at once; about 4 % of the server's time).
//
// SQLite keeps its single-column keys: they are b-tree lookups there, not triggers, and it could
// only change them by copying the whole table.
//
// The new keys are added NOT VALID and validated after, so the stored hours are checked without
// keeping them from being read; the old keys are dropped last. Writing hours waits for it.

const PARENTS = [
  { table: 'employees', column: 'employee_id' },
  { table: 'projects', column: 'project_id' },
  { table: 'hour_types', column: 'hour_type_id' },
  { table: 'machines', column: 'machine_id' },
] as const;

const isPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const { table, column } of PARENTS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_workspace_id_id_key`)} unique (workspace_id, id)`.execute(
      db,
    );
    await sql`alter table hour_entries add constraint ${sql.id(`hour_entries_workspace_${column}_fkey`)}
      foreign key (workspace_id, ${sql.id(column)}) references ${sql.table(table)} (workspace_id, id) not valid`.execute(
      db,
    );
  }
  for (const { column } of PARENTS)
    await sql`alter table hour_entries validate constraint ${sql.id(`hour_entries_workspace_${column}_fkey`)}`.execute(
      db,
    );
  await sql`alter table hour_entries
    drop constraint hour_entries_workspace_id_fkey,
    drop constraint hour_entries_employee_id_fkey,
    drop constraint hour_entries_project_id_fkey,
    drop constraint hour_entries_hour_type_id_fkey,
    drop constraint hour_entries_machine_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table hour_entries add constraint hour_entries_workspace_id_fkey
    foreign key (workspace_id) references workspaces (id)`.execute(db);
  for (const { table, column } of PARENTS)
    await sql`alter table hour_entries add constraint ${sql.id(`hour_entries_${column}_fkey`)}
      foreign key (${sql.id(column)}) references ${sql.table(table)} (id)`.execute(db);
  for (const { table, column } of PARENTS) {
    await sql`alter table hour_entries drop constraint ${sql.id(`hour_entries_workspace_${column}_fkey`)}`.execute(
      db,
    );
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_workspace_id_id_key`)}`.execute(
      db,
    );
  }
}
