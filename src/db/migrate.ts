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
  const migrator = await migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrations this code knows that the database has not run yet (readiness: an app on a
 * schema behind its code must not take traffic).
 * @example const { pending } = await migrationStatus(db); // [] when current
 */
export async function migrationStatus(db: Db): Promise<{ pending: string[] }> {
  const migrator = await migratorFor(db);
  const infos = await migrator.getMigrations();
  return { pending: infos.filter((m) => m.executedAt === undefined).map((m) => m.name) };
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
