import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Decision 75. On PostgreSQL, fewer and smaller index entries and foreign-key checks for every
// hour written (a CSV import writes 100,000 at once; together about 7 % of the server's time):
//
// - The project and employee indexes of hour_entries lose their leading workspace_id: a
//   project and an employee belong to one workspace, so the id alone is as selective, every
//   query that used them (lists, totals, the invoice basis, reference counts) still does, and
//   each entry is 37 bytes shorter. The names stay.
// - An hour's employee, project, hour type and machine are checked as (workspace_id, id) pairs
//   against a unique (workspace_id, id) on each of those tables. That is more than before (an
//   hour can no longer point at another workspace's records), and the check of the workspace
//   itself falls away because each of those rows' workspace is checked already: four checks
//   per hour where there were five, each one a trigger running a query.
//
// SQLite keeps its schema: without gathered statistics its planner took the workspace-wide
// date index for a project's or a worker's hours once their index no longer began with the
// workspace (counting a worker's 2,000 of 100,000 hours: 43 ms instead of 5), and its foreign
// keys are b-tree lookups, not triggers, that it could only change by copying the table.
//
// New indexes are built before the old ones are dropped, and every step that locks readers out
// (DROP, RENAME) comes last, so hours can be read all through the migration; writing hours
// waits for the index builds and the key checks (seconds per million hours).

const PARENTS = [
  { table: 'employees', column: 'employee_id' },
  { table: 'projects', column: 'project_id' },
  { table: 'hour_types', column: 'hour_type_id' },
  { table: 'machines', column: 'machine_id' },
] as const;

const isPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index hour_entries_project_date_idx_016 on hour_entries (project_id, date, id)`.execute(
    db,
  );
  await sql`create index hour_entries_employee_date_idx_016 on hour_entries (employee_id, date, id)`.execute(
    db,
  );
  for (const { table, column } of PARENTS) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_workspace_id_id_key`)} unique (workspace_id, id)`.execute(
      db,
    );
    // NOT VALID, then VALIDATE: checking the stored hours does not keep them from being read.
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
  await sql`drop index hour_entries_project_date_idx`.execute(db);
  await sql`drop index hour_entries_employee_date_idx`.execute(db);
  await sql`alter index hour_entries_project_date_idx_016 rename to hour_entries_project_date_idx`.execute(
    db,
  );
  await sql`alter index hour_entries_employee_date_idx_016 rename to hour_entries_employee_date_idx`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create index hour_entries_project_date_idx_015 on hour_entries (workspace_id, project_id, date, id)`.execute(
    db,
  );
  await sql`create index hour_entries_employee_date_idx_015 on hour_entries (workspace_id, employee_id, date, id)`.execute(
    db,
  );
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
  await sql`drop index hour_entries_project_date_idx`.execute(db);
  await sql`drop index hour_entries_employee_date_idx`.execute(db);
  await sql`alter index hour_entries_project_date_idx_015 rename to hour_entries_project_date_idx`.execute(
    db,
  );
  await sql`alter index hour_entries_employee_date_idx_015 rename to hour_entries_employee_date_idx`.execute(
    db,
  );
}
