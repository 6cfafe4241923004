import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';

/** Every token starts with this, so a leaked one is easy to recognise in logs and secret scanners. */
export const TOKEN_PREFIX = 'broen_';

// Touching last_used_at on every request would turn each read into a write; once a minute is
// enough to answer "is this token still in use?".
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiToken {
  id: string;
  workspaceId: string;
  name: string;
  /** The secret itself; shown once and never stored. */
  token: string;
  createdAt: string;
}

/** Who is calling, as far as the API is concerned: one token of one workspace. */
export interface ApiPrincipal {
  tokenId: string;
  tokenName: string;
  workspaceId: string;
}

/** SHA-256 of the token text, hex. Only this is stored, so a database leak yields no usable token. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Makes a new token for a workspace: 32 random bytes, base64url, with the `broen_` prefix.
 * @example const { token } = await createApiToken(db, clock, { workspaceId, name: 'lønn' });
 */
export async function createApiToken(
  db: Db,
  clock: () => Date,
  input: { workspaceId: string; name: string },
): Promise<CreatedApiToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const created: CreatedApiToken = {
    id: randomUUID(),
    workspaceId: input.workspaceId,
    name: input.name,
    token,
    createdAt: clock().toISOString(),
  };
  await db
    .insertInto('api_tokens')
    .values({
      id: created.id,
      workspace_id: created.workspaceId,
      name: created.name,
      token_hash: hashApiToken(token),
      created_at: created.createdAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return created;
}

/**
 * Finds the workspace a bearer token belongs to; undefined for unknown or revoked tokens.
 * The token is never compared as text: it is hashed and looked up, so timing reveals nothing
 * about how much of a guess was right.
 * @example const principal = await authenticateApiToken(db, clock, 'broen_…');
 */
export async function authenticateApiToken(
  db: Db,
  clock: () => Date,
  token: string,
): Promise<ApiPrincipal | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'workspace_id', 'last_used_at', 'revoked_at'])
    .where('token_hash', '=', hashApiToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  const now = clock();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return { tokenId: row.id, tokenName: row.name, workspaceId: row.workspace_id };
}

/**
 * Revokes a token of a workspace; later requests with it get 401. False when there was none.
 * @example await revokeApiToken(db, clock, { workspaceId, tokenId });
 */
export async function revokeApiToken(
  db: Db,
  clock: () => Date,
  input: { workspaceId: string; tokenId: string },
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: clock().toISOString() })
    .where('id', '=', input.tokenId)
    .where('workspace_id', '=', input.workspaceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What an admin may see of a token: never the token itself nor its hash. */
export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Longest token name, so a list stays readable. */
export const API_TOKEN_NAME_MAX = 100;

/**
 * What is wrong with a token name, in Norwegian; undefined when it is fine.
 * @example tokenNameError('') // 'Skriv et navn på tokenet, for eksempel «lønn».'
 */
export function tokenNameError(name: string): string | undefined {
  if (name.trim() === '') return 'Skriv et navn på tokenet, for eksempel «lønn».';
  if (name.trim().length > API_TOKEN_NAME_MAX)
    return `Navnet kan ha høyst ${API_TOKEN_NAME_MAX} tegn; nå har det ${name.trim().length}.`;
  return undefined;
}

const SUMMARY_COLUMNS = ['id', 'name', 'created_at', 'last_used_at', 'revoked_at'] as const;

function toSummary(row: {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Every token of a workspace, newest first, revoked ones included.
 * @example const tokens = await listApiTokens(db, workspaceId);
 */
export async function listApiTokens(db: Db, workspaceId: string): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(SUMMARY_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toSummary);
}

/**
 * One token of a workspace; undefined when the id is unknown there (another workspace's included).
 * @example const token = await getApiToken(db, workspaceId, id);
 */
export async function getApiToken(
  db: Db,
  workspaceId: string,
  tokenId: string,
): Promise<ApiTokenSummary | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(SUMMARY_COLUMNS)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
  return row ? toSummary(row) : undefined;
}
