import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { CredentialDecryptError, openSecret, sealSecret } from './credentials.ts';

// The workspace's live 24SO session id, sealed like the password, so that every process reuses
// one login (after HasSession confirms it) instead of logging in on its own: 24SO throttles
// logins. The fingerprint ties the session to the stored connection it was opened for.

interface StoreDeps {
  db: Db;
  secretKey: Buffer;
  /** Keys before a rotation (BROEN_SECRET_KEY_OLD), still accepted for reading. */
  previousSecretKeys?: readonly Buffer[];
  clock: () => Date;
}

/**
 * The additional authenticated data a workspace's session id is sealed with.
 * @example openSecret(key, sessionAad(workspaceId), row.session_blob)
 */
export const sessionAad = (workspaceId: string): string => `24so-session:${workspaceId}`;

/**
 * The stored session id for this workspace and connection, if one is stored and opens.
 * @example const sessionId = await loadStoredSession(deps, workspaceId, fingerprint);
 */
export async function loadStoredSession(
  deps: Pick<StoreDeps, 'db' | 'secretKey' | 'previousSecretKeys'>,
  workspaceId: string,
  fingerprint: string,
): Promise<string | undefined> {
  const row = await deps.db
    .selectFrom('integration_sessions')
    .select('session_blob')
    .where('workspace_id', '=', workspaceId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    return openSecret(deps.secretKey, sessionAad(workspaceId), row.session_blob, deps.previousSecretKeys);
  } catch (error) {
    if (error instanceof CredentialDecryptError) return undefined; // another key: log in anew
    throw error;
  }
}

/**
 * Stores (replaces) the workspace's session id, sealed.
 * @example await storeSession(deps, workspaceId, fingerprint, sessionId);
 */
export async function storeSession(
  deps: StoreDeps,
  workspaceId: string,
  fingerprint: string,
  sessionId: string,
): Promise<void> {
  const sealed = sealSecret(deps.secretKey, sessionAad(workspaceId), sessionId);
  const at = nowIso(deps.clock);
  await deps.db
    .insertInto('integration_sessions')
    .values({
      workspace_id: workspaceId,
      fingerprint,
      session_blob: sealed.blob,
      key_id: sealed.keyId,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .column('workspace_id')
        .doUpdateSet({ fingerprint, session_blob: sealed.blob, key_id: sealed.keyId, updated_at: at }),
    )
    .execute();
}

/**
 * Forgets the stored session (disconnect, or 24SO no longer knows it).
 * @example await forgetStoredSession(db, workspaceId);
 */
export async function forgetStoredSession(db: Db, workspaceId: string): Promise<void> {
  await db.deleteFrom('integration_sessions').where('workspace_id', '=', workspaceId).execute();
}
