import type { Db } from '../db/database.ts';
import { type ApiTokenSummary, listApiTokens } from '../workspace/api-tokens.ts';
import { requireWorkspaceId, withTokenDatabase } from './token-db.ts';

const HEADINGS = ['NAVN', 'ID', 'OPPRETTET', 'SIST BRUKT', 'TILBAKEKALT'];

/** An ISO time to the second, in UTC; a dash for "never". */
function cliTime(iso: string | null): string {
  return iso === null ? '-' : `${iso.slice(0, 19)}Z`;
}

/**
 * The tokens as an aligned table, one token a line, newest first; never the token or its hash.
 * @example formatTokenTable(tokens, 'demo')
 */
export function formatTokenTable(tokens: ApiTokenSummary[], slug: string): string {
  if (tokens.length === 0) {
    return `Arbeidsområdet «${slug}» har ingen API-tokens. Lag ett med: npx broen token create --workspace ${slug} --name NAVN\n`;
  }
  const rows = [
    HEADINGS,
    ...tokens.map((t) => [t.name, t.id, cliTime(t.createdAt), cliTime(t.lastUsedAt), cliTime(t.revokedAt)]),
  ];
  const widths = HEADINGS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map(
      (r) =>
        `${r
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/**
 * The table for the workspace with this slug; throws UnknownWorkspaceError otherwise.
 * @example process.stdout.write(await listTokensOfWorkspace(db, 'demo'));
 */
export async function listTokensOfWorkspace(db: Db, slug: string): Promise<string> {
  const workspaceId = await requireWorkspaceId(db, slug);
  return formatTokenTable(await listApiTokens(db, workspaceId), slug);
}

/** `broen token list --workspace SLUG`: name, id, created, last used and revoked of each token. */
export async function runTokenList(options: { workspace: string }): Promise<void> {
  await withTokenDatabase(async (db) => {
    process.stdout.write(await listTokensOfWorkspace(db, options.workspace));
  });
}
