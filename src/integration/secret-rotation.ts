import type { Db } from '../db/database.ts';
import { fingerprintOf, UNREADABLE_PASSWORD } from './connection-state.ts';
import {
  blobKeyId,
  CredentialDecryptError,
  keyIdOf,
  openSecret,
  pendingLoginAad,
  sealSecret,
} from './credentials.ts';
import { sessionAad } from './stored-sessions.ts';

// `broen secret rotate`: every sealed value — the stored 24SO passwords, the shared 24SO
// session ids and the pending logins of the connect flow — is opened with the key it was sealed
// with (the blob names it) and sealed again with the current key. Each row is rewritten on its
// own with a compare-and-set on the old blob, so an interrupted rotation is resumed by running
// it again: rows already on the current key are skipped, and a value the app rewrote meanwhile
// is left as the app wrote it.

export interface RotationKeys {
  /** BROEN_SECRET_KEY: what everything is sealed with afterwards. */
  current: Buffer;
  /** BROEN_SECRET_KEY_OLD: the keys values may still be sealed with. */
  previous: readonly Buffer[];
}

/** What one table's pass did. */
export interface RotationCount {
  resealed: number;
  /** Rows whose value no configured key opens (their workspace must connect again). */
  unreadable: number;
  /** Session ids and pending logins that could not be opened, or had expired: dropped (caches). */
  dropped: number;
}

export interface RotationSummary {
  connections: RotationCount;
  sessions: RotationCount;
  pendingLogins: RotationCount;
}

export interface RotationOptions {
  clock?: () => Date;
  /** Rows read per query. */
  batchSize?: number;
  /** Told after each row is re-sealed (progress; tests interrupt a rotation here). */
  onResealed?: (table: string, id: string) => void;
}

/**
 * Re-seals every sealed value that is not yet on `keys.current`; safe to run again at any time.
 * @example const summary = await rotateSecrets(db, { current: config.secretKey, previous: config.previousSecretKeys ?? [] });
 */
export async function rotateSecrets(
  db: Db,
  keys: RotationKeys,
  options: RotationOptions = {},
): Promise<RotationSummary> {
  return {
    connections: await rotateConnections(db, keys, options),
    sessions: await rotateSessions(db, keys, options),
    pendingLogins: await rotatePendingLogins(db, keys, options),
  };
}

function emptyCount(): RotationCount {
  return { resealed: 0, unreadable: 0, dropped: 0 };
}

/** Opens with whichever configured key the blob names, or undefined when none does. */
function reseal(keys: RotationKeys, aad: string, blob: string): string | undefined {
  try {
    return sealSecret(keys.current, aad, openSecret(keys.current, aad, blob, keys.previous)).blob;
  } catch (error) {
    if (error instanceof CredentialDecryptError) return undefined;
    throw error;
  }
}

async function rotateConnections(db: Db, keys: RotationKeys, options: RotationOptions) {
  const count = emptyCount();
  const currentId = keyIdOf(keys.current);
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('integration_connections')
      .select(['workspace_id', 'username', 'identity_id', 'password_blob', 'state', 'last_error'])
      .where('key_id', '<>', currentId)
      .where('workspace_id', '>', after)
      .orderBy('workspace_id')
      .limit(options.batchSize ?? 100)
      .execute();
    if (rows.length === 0) return count;
    for (const row of rows) {
      after = row.workspace_id;
      const blob = reseal(keys, row.workspace_id, row.password_blob);
      if (blob === undefined) {
        count.unreadable++;
        continue;
      }
      // The shared session is named by the connection's fingerprint, which covers the blob:
      // carry it over in the same transaction so no workspace has to log in to 24SO again.
      const moved = await db.transaction().execute(async (trx) => {
        // A process that lacked the old key marked the connection invalid; that was our key,
        // not 24SO refusing the password, so the mark goes (the next use verifies the login).
        const markedByKey =
          row.state === 'invalid_credentials' && row.last_error?.startsWith(UNREADABLE_PASSWORD);
        const updated = await trx
          .updateTable('integration_connections')
          .set({
            password_blob: blob,
            key_id: currentId,
            ...(markedByKey ? { state: 'connected' as const, last_error: null } : {}),
          })
          .where('workspace_id', '=', row.workspace_id)
          .where('password_blob', '=', row.password_blob)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        await trx
          .updateTable('integration_sessions')
          .set({ fingerprint: fingerprintOf({ ...row, password_blob: blob }) })
          .where('workspace_id', '=', row.workspace_id)
          .where('fingerprint', '=', fingerprintOf(row))
          .execute();
        return true;
      });
      if (moved) {
        count.resealed++;
        options.onResealed?.('integration_connections', row.workspace_id);
      }
    }
  }
}

async function rotateSessions(db: Db, keys: RotationKeys, options: RotationOptions) {
  const count = emptyCount();
  const currentId = keyIdOf(keys.current);
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('integration_sessions')
      .select(['workspace_id', 'session_blob'])
      .where('key_id', '<>', currentId)
      .where('workspace_id', '>', after)
      .orderBy('workspace_id')
      .limit(options.batchSize ?? 100)
      .execute();
    if (rows.length === 0) return count;
    for (const row of rows) {
      after = row.workspace_id;
      const blob = reseal(keys, sessionAad(row.workspace_id), row.session_blob);
      if (blob === undefined) {
        // Only a cache of a login: the next call logs in again.
        await db
          .deleteFrom('integration_sessions')
          .where('workspace_id', '=', row.workspace_id)
          .where('session_blob', '=', row.session_blob)
          .execute();
        count.dropped++;
        continue;
      }
      const updated = await db
        .updateTable('integration_sessions')
        .set({ session_blob: blob, key_id: currentId })
        .where('workspace_id', '=', row.workspace_id)
        .where('session_blob', '=', row.session_blob)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) {
        count.resealed++;
        options.onResealed?.('integration_sessions', row.workspace_id);
      }
    }
  }
}

async function rotatePendingLogins(db: Db, keys: RotationKeys, options: RotationOptions) {
  const count = emptyCount();
  const currentId = keyIdOf(keys.current);
  const now = (options.clock ?? (() => new Date()))().toISOString();
  // Pending logins live ten minutes and have no key id column: read them all and skip the
  // ones already on the current key.
  const rows = await db
    .selectFrom('integration_pending_logins')
    .select(['id', 'session_hash', 'blob', 'expires_at'])
    .orderBy('id')
    .execute();
  for (const row of rows) {
    if (blobKeyId(row.blob) === currentId) continue;
    const blob = row.expires_at > now ? reseal(keys, pendingLoginAad(row.session_hash), row.blob) : undefined;
    if (blob === undefined) {
      await db
        .deleteFrom('integration_pending_logins')
        .where('id', '=', row.id)
        .where('blob', '=', row.blob)
        .execute();
      count.dropped++;
      continue;
    }
    const updated = await db
      .updateTable('integration_pending_logins')
      .set({ blob })
      .where('id', '=', row.id)
      .where('blob', '=', row.blob)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      count.resealed++;
      options.onResealed?.('integration_pending_logins', row.id);
    }
  }
  return count;
}
