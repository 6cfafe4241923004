import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { type ConnectionProblem, stateMessage } from './connection-problems.ts';
import { fingerprintOf, loadRow } from './connection-state.ts';
import { sealSecret } from './credentials.ts';
import type { ClientChoice, TwentyFourCredentials } from './gateway.ts';
import {
  type ConnectionDeps,
  problemAfterTries,
  readTried,
  readWithSession,
  sessionStorage,
} from './session-calls.ts';
import { forgetStoredSession } from './stored-sessions.ts';
import type { ConnectionState, IntegrationConnectionRow } from './tables.ts';

// The workspace's 24SO connection: who logs in, on which client, and how that went last time.
// 24SO being down, a changed password or a lost client are states shown to the admin, never
// crashes. The password is sealed before it is stored and is never logged or returned.
// Calls on the session live in session-calls.ts, the stored row's state in connection-state.ts.

export interface ConnectionStatus {
  state: ConnectionState;
  username: string | null;
  client: { identityId: string; name: string } | null;
  lastCheckedAt: string | null;
  /** Technical detail of the last failure (never the password). */
  lastError: string | null;
  /** What the state means for the admin, in Norwegian. */
  message: string;
}

/**
 * Lists the clients a 24SO user can reach. Nothing is stored, whatever the outcome.
 * @example const r = await listClientsForCredentials(deps, { username, password });
 */
export async function listClientsForCredentials(
  deps: Pick<ConnectionDeps, 'gateway' | 'logger'>,
  credentials: TwentyFourCredentials,
): Promise<{ ok: true; clients: ClientChoice[] } | ConnectionProblem> {
  const result = await readTried(() => deps.gateway.listClients(credentials));
  if (!result.ok) {
    deps.logger.info({ username: credentials.username, kind: result.kind }, '24SO client list refused');
    return problemAfterTries(result);
  }
  const clients = [...result.value].sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  return { ok: true, clients };
}

/**
 * Logs in on the chosen client, verifies the session, and only then stores the connection
 * with the password sealed. A refused login stores nothing and leaves an old connection as it was.
 * @example const r = await saveConnection(deps, workspaceId, { username, password, identityId });
 */
export async function saveConnection(
  deps: ConnectionDeps,
  workspaceId: string,
  input: TwentyFourCredentials & { identityId: string },
): Promise<{ ok: true; status: ConnectionStatus } | ConnectionProblem> {
  const credentials = { username: input.username, password: input.password };
  const clients = await readTried(() => deps.gateway.listClients(credentials));
  if (!clients.ok) return problemAfterTries(clients);
  const client = clients.value.find((c) => c.identityId.toLowerCase() === input.identityId.toLowerCase());
  if (!client) {
    return {
      ok: false,
      state: 'client_unavailable',
      message: 'Brukeren har ikke tilgang til den valgte klienten. Velg en klient fra listen.',
      detail: `identity ${input.identityId} not among the user's identities`,
    };
  }
  const at = nowIso(deps.clock);
  const sealed = sealSecret(deps.secretKey, workspaceId, input.password);
  const row: IntegrationConnectionRow = {
    workspace_id: workspaceId,
    username: input.username,
    password_blob: sealed.blob,
    key_id: sealed.keyId,
    identity_id: client.identityId,
    client_name: client.name,
    state: 'connected',
    last_checked_at: at,
    last_error: null,
    failure_streak: 0,
    failing_since: null,
    created_at: at,
    updated_at: at,
  };
  // The session is stored for the row about to be saved, so other processes reuse this login.
  // A login whose answer was lost is sent again (a session 24SO opened meanwhile just lapses).
  const opened = await readTried(() =>
    deps.gateway.openSession(credentials, client.identityId, sessionStorage(deps, row)),
  );
  if (!opened.ok) return problemAfterTries(opened, client.name);
  const verified = await readTried(() => opened.value.verify());
  if (!verified.ok) return problemAfterTries(verified, client.name);

  await deps.db
    .insertInto('integration_connections')
    .values(row)
    .onConflict((oc) =>
      oc.column('workspace_id').doUpdateSet({
        username: row.username,
        password_blob: row.password_blob,
        key_id: row.key_id,
        identity_id: row.identity_id,
        client_name: row.client_name,
        state: row.state,
        last_checked_at: at,
        last_error: null,
        failure_streak: 0,
        failing_since: null,
        updated_at: at,
      }),
    )
    .execute();
  deps.sessions.forget(workspaceId);
  // Keep the verified session: the settings page right after needs it, and 24SO throttles logins.
  await deps.sessions.session(workspaceId, fingerprintOf(row), async () => opened.value);
  deps.logger.info(
    { workspaceId, username: input.username, identityId: client.identityId },
    '24SO connection saved',
  );
  return { ok: true, status: toStatus(row) };
}

/**
 * The stored state of the connection; reads no 24SO.
 * @example const { state, client } = await getConnectionStatus(db, workspaceId);
 */
export async function getConnectionStatus(db: Db, workspaceId: string): Promise<ConnectionStatus> {
  const row = await loadRow(db, workspaceId);
  return row ? toStatus(row) : notConnected();
}

/**
 * Checks the connection now with a fresh login (the cached session is dropped first), and
 * records the outcome as the state. A lost answer is asked again (readWithSession).
 * @example const status = await testConnection(deps, workspaceId);
 */
export async function testConnection(deps: ConnectionDeps, workspaceId: string): Promise<ConnectionStatus> {
  deps.sessions.forget(workspaceId);
  const result = await readWithSession(deps, workspaceId, (s) => s.verify(), { force: true });
  if (!result.ok && result.state === 'not_connected') return notConnected();
  const status = await getConnectionStatus(deps.db, workspaceId);
  // The test's own failure says more than the state's general text (no answer through its tries).
  return !result.ok && status.state === 'unreachable' ? { ...status, message: result.message } : status;
}

/**
 * Removes the stored connection (user, sealed password, client). Settings are kept so a
 * reconnect finds its mappings again; the integration is switched off by the caller.
 * @example await disconnect(deps, workspaceId);
 */
export async function disconnect(
  deps: Pick<ConnectionDeps, 'db' | 'sessions' | 'logger'>,
  workspaceId: string,
): Promise<void> {
  await deps.db.deleteFrom('integration_connections').where('workspace_id', '=', workspaceId).execute();
  await forgetStoredSession(deps.db, workspaceId);
  deps.sessions.forget(workspaceId);
  deps.logger.info({ workspaceId }, '24SO connection removed');
}

function notConnected(): ConnectionStatus {
  return {
    state: 'not_connected',
    username: null,
    client: null,
    lastCheckedAt: null,
    lastError: null,
    message: stateMessage('not_connected'),
  };
}

function toStatus(row: IntegrationConnectionRow): ConnectionStatus {
  return {
    state: row.state,
    username: row.username,
    client: { identityId: row.identity_id, name: row.client_name },
    lastCheckedAt: row.last_checked_at,
    lastError: row.last_error,
    message: stateMessage(row.state, row.client_name, row.username),
  };
}
