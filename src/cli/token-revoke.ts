import type { Db } from '../db/database.ts';
import { getApiToken, revokeApiToken } from '../workspace/api-tokens.ts';
import { requireWorkspaceId, withTokenDatabase } from './token-db.ts';

/** The id names no token of this workspace; the CLI prints the message and exits 1. */
export class UnknownTokenError extends Error {
  readonly retryable = false;
  constructor(
    readonly slug: string,
    readonly tokenId: string,
  ) {
    super(
      `Fant ingen API-token med id «${tokenId}» i arbeidsområdet «${slug}». ` +
        `Se id-ene med: npx broen token list --workspace ${slug}`,
    );
    this.name = 'UnknownTokenError';
  }
}

/**
 * Revokes one token of the workspace with this slug and says so in Norwegian; a token revoked
 * before stays revoked (the first time is kept). Throws UnknownWorkspaceError or UnknownTokenError.
 * @example console.log(await revokeTokenOfWorkspace(db, clock, 'demo', id));
 */
export async function revokeTokenOfWorkspace(
  db: Db,
  clock: () => Date,
  slug: string,
  tokenId: string,
): Promise<string> {
  const workspaceId = await requireWorkspaceId(db, slug);
  const token = await getApiToken(db, workspaceId, tokenId);
  if (!token) throw new UnknownTokenError(slug, tokenId);
  if (!(await revokeApiToken(db, clock, { workspaceId, tokenId }))) {
    return `API-tokenet «${token.name}» (${token.id}) var allerede tilbakekalt.`;
  }
  return `API-tokenet «${token.name}» (${token.id}) er tilbakekalt. Kall med det får nå 401.`;
}

/** `broen token revoke --workspace SLUG --id ID`: later API calls with that token get 401. */
export async function runTokenRevoke(options: { workspace: string; id: string }): Promise<void> {
  await withTokenDatabase(async (db) => {
    const message = await revokeTokenOfWorkspace(db, () => new Date(), options.workspace, options.id);
    process.stdout.write(`${message}\n`);
  });
}
