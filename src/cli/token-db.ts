import { loadConfigWithoutKeys } from '../config/config.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { getWorkspaceBySlug } from '../workspace/workspaces.ts';

// What every `broen token …` command shares: the database the app would use, migrated, and the
// workspace named by --workspace.

/** The slug names no workspace; the CLI prints the message and exits 1. */
export class UnknownWorkspaceError extends Error {
  readonly retryable = false;
  constructor(readonly slug: string) {
    super(`Fant ikke arbeidsområdet «${slug}». Sjekk --workspace (for demoen: demo).`);
    this.name = 'UnknownWorkspaceError';
  }
}

/**
 * The id of the workspace with this slug; throws UnknownWorkspaceError otherwise.
 * @example const workspaceId = await requireWorkspaceId(db, 'demo');
 */
export async function requireWorkspaceId(db: Db, slug: string): Promise<string> {
  const workspace = await getWorkspaceBySlug(db, slug);
  if (!workspace) throw new UnknownWorkspaceError(slug);
  return workspace.id;
}

/**
 * Runs a command body on the configured database (embedded SQLite in DATA_DIR without
 * DATABASE_URL), migrated first, and closes it afterwards.
 * @example await withTokenDatabase((db) => listTokensOfWorkspace(db, 'demo'));
 */
export async function withTokenDatabase<T>(body: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfigWithoutKeys(process.env);
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    return await body(db);
  } finally {
    await db.destroy();
  }
}
