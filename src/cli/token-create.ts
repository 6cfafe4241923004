import { loadConfig } from '../config/config.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createApiToken } from '../http/api/api-tokens.ts';
import { getWorkspaceBySlug } from '../workspace/workspaces.ts';

/** The slug names no workspace; the CLI prints the message and exits 1. */
export class UnknownWorkspaceError extends Error {
  readonly retryable = false;
  constructor(readonly slug: string) {
    super(`Fant ikke arbeidsområdet «${slug}». Sjekk --workspace (for demoen: demo).`);
    this.name = 'UnknownWorkspaceError';
  }
}

/**
 * A new API token for the workspace with this slug; throws UnknownWorkspaceError otherwise.
 * @example const token = await createTokenForWorkspace(db, clock, 'demo', 'lønn');
 */
export async function createTokenForWorkspace(
  db: Db,
  clock: () => Date,
  slug: string,
  name: string,
): Promise<string> {
  const workspace = await getWorkspaceBySlug(db, slug);
  if (!workspace) throw new UnknownWorkspaceError(slug);
  const { token } = await createApiToken(db, clock, { workspaceId: workspace.id, name });
  return token;
}

/**
 * `broen token create --workspace SLUG [--name NAME]`: prints only the token, so scripts can
 * capture it (`TOKEN=$(npx broen token create --workspace demo)`). It is shown this once; only
 * its hash is stored.
 */
export async function runTokenCreate(options: { workspace: string; name: string }): Promise<void> {
  const config = loadConfig(process.env, { demo: !process.env.DATABASE_URL });
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    const token = await createTokenForWorkspace(db, () => new Date(), options.workspace, options.name);
    process.stdout.write(`${token}\n`);
  } finally {
    await db.destroy();
  }
}
