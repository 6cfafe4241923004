import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import {
  type ConnectionProblem,
  connectionProblem,
  stateMessage,
  UNANSWERED_MESSAGE,
} from './connection-problems.ts';
import { CredentialDecryptError, openSecret, sealSecret } from './credentials.ts';
import { USER_REQUEST_DEADLINE_MS } from './deadline.ts';
import type {
  ClientChoice,
  GatewayFailure,
  GatewayResult,
  GatewaySession,
  TwentyFourCredentials,
  TwentyFourGateway,
} from './gateway.ts';
import { type ReadTryOptions, withReadTries } from './read-tries.ts';
import type { SessionCache } from './session-cache.ts';
import { forgetStoredSession, loadStoredSession, storeSession } from './stored-sessions.ts';
import type { ConnectionState, IntegrationConnectionRow } from './tables.ts';

// The workspace's 24SO connection: who logs in, on which client, and how that went last time.
// 24SO being down, a changed password or a lost client are states shown to the admin, never
// crashes. The password is sealed before it is stored and is never logged or returned.

export interface ConnectionDeps {
  db: Db;
  gateway: TwentyFourGateway;
  secretKey: Buffer;
  /** Keys before a rotation (BROEN_SECRET_KEY_OLD), still accepted for reading. */
  previousSecretKeys?: readonly Buffer[];
  sessions: SessionCache;
  logger: Logger;
  clock: () => Date;
}

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

/**
 * Runs `call` once on the workspace's live session: this process's cached one, else the one
 * another process stored (after HasSession confirms it), else a fresh login. Nothing here sends
 * the call again — TwentyFourSession's re-login after a "not authenticated" fault is the only
 * re-send, and safe. The connection row is written only when its state changes (and on an
 * explicit test, `force`), so the state box stays honest without a write per call.
 * @example const r = await withSession(deps, wsId, (s) => s.workTypes());
 */
export async function withSession<T>(
  deps: ConnectionDeps,
  workspaceId: string,
  call: (session: GatewaySession) => Promise<GatewayResult<T>>,
  options: { force?: boolean } = {},
): Promise<{ ok: true; value: T } | ConnectionProblem> {
  return (await callOnSession(deps, workspaceId, call, options)).result;
}

/**
 * withSession for a read, sent again while 24SO leaves it unanswered (a lost or unreadable
 * answer, a timeout) or its session turns out expired (the next try logs in once more), up to
 * READ_TRIES (read-tries.ts). Opening the session is a call of its own with its own tries, as in
 * a sync run: a lost login answer does not use up the read's. While a person waits no try starts
 * after `withinMs` (default USER_REQUEST_DEADLINE_MS, shared by the login and the read; jobs pass
 * Infinity). Only the last try's failure counts against the connection; when the tries run out
 * the admin reads UNANSWERED_MESSAGE. Never give it a write.
 * @example const r = await readWithSession(deps, wsId, (s) => s.workTypes());
 */
export async function readWithSession<T>(
  deps: ConnectionDeps,
  workspaceId: string,
  call: (session: GatewaySession) => Promise<GatewayResult<T>>,
  options: { force?: boolean; withinMs?: number } = {},
): Promise<{ ok: true; value: T } | ConnectionProblem> {
  const { withinMs = USER_REQUEST_DEADLINE_MS, ...once } = options;
  const window = { withinMs, startedAt: performance.now() };
  const last = await withReadTries(
    () => callOnSession(deps, workspaceId, call, { ...once, readTries: window }),
    (outcome) => outcome.lost === 'call' || outcome.lost === 'expired',
    window,
  );
  await last.recordLater?.();
  return (last.lost === 'call' || last.lost === 'login') && !last.result.ok
    ? { ...last.result, message: UNANSWERED_MESSAGE }
    : last.result;
}

/**
 * One try of withSession, saying what went unanswered: `call` (no usable answer to the call:
 * sending it again may help), `login` (no session could be opened, its tries spent) or
 * `expired` (the session is gone and was dropped, so the next try logs in). With `readTries`
 * (a read's path) the login is sent again while its answer is lost, a failure that may be
 * sent again is left out of the connection's state and handed back as `recordLater`: the
 * caller records only the try it stops at.
 */
async function callOnSession<T>(
  deps: ConnectionDeps,
  workspaceId: string,
  call: (session: GatewaySession) => Promise<GatewayResult<T>>,
  options: { force?: boolean; readTries?: ReadTryOptions },
): Promise<{
  result: { ok: true; value: T } | ConnectionProblem;
  lost?: 'call' | 'login' | 'expired';
  recordLater?: () => Promise<void>;
}> {
  const row = await loadRow(deps.db, workspaceId);
  if (!row)
    return {
      result: {
        ok: false,
        state: 'not_connected',
        message: stateMessage('not_connected'),
        detail: 'no connection stored',
      },
    };
  // A refused password or a lost client will not mend by itself, and 24SO throttles failed
  // logins: page views stop trying until the admin tests the connection or logs in again.
  if (!options.force && (row.state === 'invalid_credentials' || row.state === 'client_unavailable')) {
    return {
      result: {
        ok: false,
        state: row.state,
        message: stateMessage(row.state, row.client_name),
        detail: row.last_error ?? row.state,
      },
    };
  }
  let password: string;
  try {
    password = openSecret(deps.secretKey, workspaceId, row.password_blob, deps.previousSecretKeys);
  } catch (error) {
    if (!(error instanceof CredentialDecryptError)) throw error;
    const detail = `${UNREADABLE_PASSWORD} (${error.message})`;
    await recordState(deps, row, 'invalid_credentials', detail);
    return {
      result: {
        ok: false,
        state: 'invalid_credentials',
        message: stateMessage('invalid_credentials'),
        detail,
      },
    };
  }
  const credentials = { username: row.username, password };
  const fingerprint = fingerprintOf(row);
  let loginFailure: GatewayFailure | undefined;
  const opened = await deps.sessions.session(workspaceId, fingerprint, async () => {
    // An explicit test logs in afresh: it is what proves the stored password still works.
    const storedId = options.force ? undefined : await loadStoredSession(deps, workspaceId, fingerprint);
    const open = () =>
      deps.gateway.openSession(credentials, row.identity_id, {
        ...sessionStorage(deps, row),
        sessionId: storedId,
      });
    // A read's login is a call of its own, sent again while its answer is lost (a session 24SO
    // opened meanwhile just lapses); a write's caller keeps to one login.
    const r = options.readTries
      ? await withReadTries(open, (o) => !o.ok && o.kind === 'unreachable', options.readTries)
      : await open();
    if (!r.ok) loginFailure = r;
    return r.ok ? r.value : null;
  });
  let failure: GatewayFailure;
  if (opened.session) {
    const result = await call(opened.session);
    if (result.ok) {
      await recordState(deps, row, 'connected', null, options.force);
      return { result };
    }
    if (result.kind === 'forbidden') {
      return {
        result: { ok: false, state: 'forbidden', message: stateMessage('forbidden'), detail: result.detail },
      };
    }
    failure = result;
  } else {
    failure = loginFailure ?? { ok: false, kind: 'unreachable', detail: 'no session' };
  }
  // A session that 24SO refused is dropped, here and for the other processes; one that merely
  // met an outage or the rate limit is kept, since a new login would cost a throttled login.
  if (
    failure.kind === 'session_expired' ||
    failure.kind === 'invalid_credentials' ||
    failure.kind === 'client_unavailable'
  ) {
    deps.sessions.forget(workspaceId);
    await forgetStoredSession(deps.db, workspaceId);
  }
  const p = connectionProblem(failure, row.client_name);
  // No session means the login's tries are spent (here, or by the request whose login this one
  // shared): the read is not sent again around them.
  const lost = !opened.session
    ? failure.kind === 'unreachable'
      ? 'login'
      : undefined
    : failure.kind === 'unreachable'
      ? 'call'
      : failure.kind === 'session_expired'
        ? 'expired'
        : undefined;
  // Running out of calls says nothing about the connection, and neither does one lost answer.
  if (
    failure.kind === 'rate_limited' ||
    failure.kind === 'outcome_unknown' ||
    p.state === 'forbidden' ||
    p.state === 'not_connected'
  )
    return { result: p, lost };
  const state = p.state;
  const record = () => recordState(deps, row, state, p.detail, options.force);
  // A try its caller may send again is counted only if it is the one the caller stops at.
  if (options.readTries && (lost === 'call' || lost === 'expired'))
    return { result: p, lost, recordLater: record };
  await record();
  return { result: p, lost };
}

/** A gateway read with no session behind it (the client list, a login), sent again while unanswered. */
function readTried<T>(send: () => Promise<GatewayResult<T>>): Promise<GatewayResult<T>> {
  return withReadTries(send, (r) => !r.ok && r.kind === 'unreachable', {
    withinMs: USER_REQUEST_DEADLINE_MS,
  });
}

/** The admin's problem after readTried: a read still unanswered says so and asks to try again. */
function problemAfterTries(failure: GatewayFailure, clientName?: string | null): ConnectionProblem {
  const p = connectionProblem(failure, clientName);
  return failure.kind === 'unreachable' ? { ...p, message: UNANSWERED_MESSAGE } : p;
}

/** Stores every new session id of this connection for the other processes. */
function sessionStorage(
  deps: ConnectionDeps,
  row: IntegrationConnectionRow,
): { onSessionId: (sessionId: string) => Promise<void> } {
  const fingerprint = fingerprintOf(row);
  return {
    onSessionId: async (sessionId) => {
      try {
        await storeSession(deps, row.workspace_id, fingerprint, sessionId);
      } catch (error) {
        // Not storing it costs the other processes a login, nothing more.
        deps.logger.warn({ err: error, workspaceId: row.workspace_id }, 'could not store the 24SO session');
      }
    },
  };
}

/**
 * Counts one call that 24SO left unanswered through all of its caller's tries (a sync run's
 * read, decision 77) as one failure of the connection, with decision 68's hysteresis.
 * @example await noteUnanswered(deps, wsId, 'Tidsavbrudd etter 15000 ms');
 */
export async function noteUnanswered(
  deps: Pick<ConnectionDeps, 'db' | 'clock' | 'logger'>,
  workspaceId: string,
  detail: string,
): Promise<void> {
  const row = await loadRow(deps.db, workspaceId);
  if (row) await recordState(deps, row, 'unreachable', detail);
}

/** Failed calls in a row before the connection is shown as unreachable (decision 68). */
export const UNREACHABLE_AFTER_FAILURES = 3;
/** …or a run of failed calls, with no success in between, that has lasted this long. */
export const UNREACHABLE_AFTER_MS = 60_000;

async function recordState(
  deps: Pick<ConnectionDeps, 'db' | 'clock' | 'logger'>,
  row: IntegrationConnectionRow,
  state: IntegrationConnectionRow['state'],
  detail: string | null,
  checked = false,
): Promise<void> {
  // Only a change (or an explicit test, which records when it was checked) is written.
  const settled = state === 'connected' ? row.failure_streak === 0 : true;
  if (!checked && state === row.state && detail === row.last_error && settled) return;
  const at = nowIso(deps.clock);
  // Only the row we read is updated: a reconnect in between must not be overwritten.
  const mine = () =>
    deps.db
      .updateTable('integration_connections')
      .where('workspace_id', '=', row.workspace_id)
      .where('password_blob', '=', row.password_blob)
      .where('identity_id', '=', row.identity_id);
  let now: IntegrationConnectionRow['state'] | undefined = state;
  if (state === 'unreachable' && !checked) {
    // Hysteresis (decision 68): one lost answer or failed call says little under load; the box
    // turns to «svarer ikke» after several failures in a row, or failures lasting a minute with
    // no success between, counted in the row so every process adds to the same run of failures.
    // A success (below) shows it connected again at once; an explicit test is believed at once.
    const cutoff = new Date(Date.parse(at) - UNREACHABLE_AFTER_MS).toISOString();
    const updated = await mine()
      .set((eb) => ({
        failure_streak: eb('failure_streak', '+', 1),
        failing_since: sql<string>`coalesce(failing_since, ${at})`,
        state: sql<
          IntegrationConnectionRow['state']
        >`case when failure_streak + 1 >= ${UNREACHABLE_AFTER_FAILURES}
          or (failing_since is not null and failing_since <= ${cutoff}) then 'unreachable' else state end`,
        last_error: detail,
        last_checked_at: at,
        updated_at: at,
      }))
      .returning('state')
      .executeTakeFirst();
    now = updated?.state;
  } else {
    const failed = state !== 'connected';
    await mine()
      .set((eb) => ({
        state,
        last_error: detail,
        last_checked_at: at,
        updated_at: at,
        failure_streak: failed ? eb('failure_streak', '+', 1) : 0,
        failing_since: failed ? sql<string>`coalesce(failing_since, ${at})` : null,
      }))
      .execute();
  }
  if (now !== undefined && now !== row.state)
    deps.logger.warn(
      { workspaceId: row.workspace_id, from: row.state, to: now, detail },
      '24SO connection state changed',
    );
}

async function loadRow(db: Db, workspaceId: string): Promise<IntegrationConnectionRow | undefined> {
  return db
    .selectFrom('integration_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

/** How a connection marked invalid because no configured key opens its password says so. */
export const UNREADABLE_PASSWORD = 'Lagret passord kan ikke leses med nåværende nøkkel';

/**
 * Names the stored connection a shared 24SO session belongs to; a new password (or a re-sealed
 * one, see secret-rotation.ts) gives a new fingerprint.
 * @example fingerprintOf({ username, identity_id, password_blob })
 */
export function fingerprintOf(
  row: Pick<IntegrationConnectionRow, 'username' | 'identity_id' | 'password_blob'>,
): string {
  return createHash('sha256').update(`${row.username}|${row.identity_id}|${row.password_blob}`).digest('hex');
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
