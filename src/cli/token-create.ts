import type { Db } from '../db/database.ts';
import { createApiToken, tokenNameError } from '../workspace/api-tokens.ts';
import { requireWorkspaceId, UnknownWorkspaceError, withTokenDatabase } from './token-db.ts';

export { UnknownWorkspaceError };

/**
 * A new API token for the workspace with this slug; throws UnknownWorkspaceError otherwise,
 * and a Norwegian error for an empty or overlong name.
 * @example const token = await createTokenForWorkspace(db, clock, 'demo', 'lønn');
 */
export async function createTokenForWorkspace(
  db: Db,
  clock: () => Date,
  slug: string,
  name: string,
): Promise<string> {
  const nameError = tokenNameError(name);
  if (nameError) throw new Error(`${nameError} (--name)`);
  const workspaceId = await requireWorkspaceId(db, slug);
  const { token } = await createApiToken(db, clock, { workspaceId, name: name.trim() });
  return token;
}

/**
 * `broen token create --workspace SLUG [--name NAME]`: prints only the token, so scripts can
 * capture it (`TOKEN=$(npx broen token create --workspace demo)`). It is shown this once; only
 * its hash is stored.
 */
export async function runTokenCreate(options: { workspace: string; name: string }): Promise<void> {
  await withTokenDatabase(async (db) => {
    const token = await createTokenForWorkspace(db, () => new Date(), options.workspace, options.name);
    process.stdout.write(`${token}\n`);
  });
}
