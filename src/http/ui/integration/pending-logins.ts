import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database.ts';
import {
  CredentialDecryptError,
  openSecret,
  pendingLoginAad,
  sealSecret,
} from '../../../integration/credentials.ts';

// Between "Logg inn" and "Lagre" on the client picker, the typed 24SO credentials wait in the
// database for a few minutes, sealed with the secret key and tied to the web session, so the
// second step works on whichever process the load balancer picks. The password stays out of
// the picker page's HTML; the form carries only a random key, of which only a hash is stored.

const TTL_MS = 10 * 60_000;

export interface PendingLogin {
  username: string;
  password: string;
  clients: { identityId: string; name: string }[];
}

interface Deps {
  db: Db;
  secretKey: Buffer;
  /** Keys before a rotation (BROEN_SECRET_KEY_OLD), still accepted for reading. */
  previousSecretKeys?: readonly Buffer[];
  clock: () => Date;
}

const idOf = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Keeps the credentials and the client list for the picker; returns the key to put in the form.
 * One login in progress per web session: an earlier one is dropped.
 * @example const key = await putPendingLogin(deps, session, { username, password, clients });
 */
export async function putPendingLogin(
  deps: Deps,
  owner: { workspaceId: string; sessionHash: string },
  value: PendingLogin,
): Promise<string> {
  const now = deps.clock();
  const key = randomBytes(18).toString('base64url');
  const sealed = sealSecret(deps.secretKey, pendingLoginAad(owner.sessionHash), JSON.stringify(value));
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('integration_pending_logins')
      .where((eb) =>
        eb.or([eb('session_hash', '=', owner.sessionHash), eb('expires_at', '<=', now.toISOString())]),
      )
      .execute();
    await trx
      .insertInto('integration_pending_logins')
      .values({
        id: idOf(key),
        workspace_id: owner.workspaceId,
        session_hash: owner.sessionHash,
        blob: sealed.blob,
        expires_at: new Date(now.getTime() + TTL_MS).toISOString(),
      })
      .execute();
  });
  return key;
}

/**
 * The pending login for this key, only for the same web session and before it expires.
 * @example const login = await getPendingLogin(deps, session.sessionHash, key);
 */
export async function getPendingLogin(
  deps: Deps,
  sessionHash: string,
  key: string | undefined,
): Promise<PendingLogin | undefined> {
  if (!key) return undefined;
  const row = await deps.db
    .selectFrom('integration_pending_logins')
    .select('blob')
    .where('id', '=', idOf(key))
    .where('session_hash', '=', sessionHash)
    .where('expires_at', '>', deps.clock().toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    return JSON.parse(
      openSecret(deps.secretKey, pendingLoginAad(sessionHash), row.blob, deps.previousSecretKeys),
    ) as PendingLogin;
  } catch (error) {
    if (error instanceof CredentialDecryptError) return undefined; // the key changed: log in again
    throw error;
  }
}

/** Drops a pending login (it was used, or its password was refused). */
export async function deletePendingLogin(db: Db, key: string): Promise<void> {
  await db.deleteFrom('integration_pending_logins').where('id', '=', idOf(key)).execute();
}
