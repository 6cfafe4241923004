import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { type Db, dialectOf } from './database.ts';
import { migrations } from './migrations/index.ts';

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Brings the schema up to date; safe to run from several processes (Kysely takes a lock).
 * @example await migrateToLatest(db);
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Every process start calls this, nearly always on a current schema: answered from our own
  // table alone. Kysely's migrator is only for work to do (or a migration this code does not
  // know, which it refuses): it looks for its tables in every schema of the database, which
  // costs a catalogue scan per start and fails with «schema … does not exist» when another
  // schema is dropped during the scan (another application's, or a parallel test suite's).
  const executed = await executedMigrations(db);
  if (executed !== undefined && sameNames(executed, KNOWN)) return [];
  const migrator = await migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrations this code knows that the database has not run yet (readiness: an app on a
 * schema behind its code must not take traffic). A migration the database has run and this
 * code does not know (a newer release's) is not pending: migrations are additive, and processes
 * of the release before keep running on the migrated schema (docs/operations.md, upgrading).
 * @example const { pending } = await migrationStatus(db); // [] when current
 */
export async function migrationStatus(db: Db): Promise<{ pending: string[] }> {
  const executed = (await executedMigrations(db)) ?? new Set<string>();
  return { pending: KNOWN.filter((name) => !executed.has(name)) };
}

/** The migrations of this code, in the order they run. */
const KNOWN = Object.keys(migrations).sort();

/**
 * Names in Kysely's migration table of the schema in use, or undefined when it has none yet.
 * Read by name in that one schema, so no other schema is looked at.
 */
async function executedMigrations(db: Db): Promise<Set<string> | undefined> {
  if (dialectOf(db) === 'postgres') {
    // current_schema() is null when no schema of the search path exists yet (Kysely creates it).
    const found = await sql<{ schema: string | null; present: boolean }>`
      select current_schema() as schema,
             current_schema() is not null
               and to_regclass(quote_ident(current_schema()) || '.kysely_migration') is not null as present`.execute(
      db,
    );
    const row = found.rows[0];
    if (!row?.present || row.schema === null) return undefined;
    const names = await sql<{
      name: string;
    }>`select name from ${sql.table(`${row.schema}.kysely_migration`)}`.execute(db);
    return new Set(names.rows.map((r) => r.name));
  }
  const table = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
  if (table.rows.length === 0) return undefined;
  const names = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return new Set(names.rows.map((r) => r.name));
}

function sameNames(executed: Set<string>, known: readonly string[]): boolean {
  return executed.size === known.length && known.every((name) => executed.has(name));
}

async function migratorFor(db: Db): Promise<Migrator> {
  // On PostgreSQL, pin Kysely's own tables to the schema in use: without it Kysely counts a
  // kysely_migration_lock table in ANY schema as present (e.g. another test suite's) and fails.
  const migrationTableSchema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({ db, provider: new StaticMigrationProvider(), migrationTableSchema });
}
