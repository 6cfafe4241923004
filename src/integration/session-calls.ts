import {
  type ConnectionProblem,
  connectionProblem,
  stateMessage,
  UNANSWERED_MESSAGE,
} from './connection-problems.ts';
import {
  type ConnectionStateDeps,
  fingerprintOf,
  loadRow,
  recordState,
  UNREADABLE_PASSWORD,
} from './connection-state.ts';
import { CredentialDecryptError, openSecret } from './credentials.ts';
import { USER_REQUEST_DEADLINE_MS } from './deadline.ts';
import type { GatewayFailure, GatewayResult, GatewaySession, TwentyFourGateway } from './gateway.ts';
import { type ReadTryOptions, withReadTries } from './read-tries.ts';
import type { SessionCache } from './session-cache.ts';
import { forgetStoredSession, loadStoredSession, storeSession } from './stored-sessions.ts';
import type { IntegrationConnectionRow } from './tables.ts';

// Calls to 24SO on the workspace's session: which session (cached, stored by another process, or
// a fresh login), which calls are sent again while unanswered, and what each outcome does to
// the connection's stored state (connection-state.ts).

/** What a call on the workspace's 24SO session needs, and with it every connection operation. */
export interface ConnectionDeps extends ConnectionStateDeps {
  gateway: TwentyFourGateway;
  secretKey: Buffer;
  /** Keys before a rotation (BROEN_SECRET_KEY_OLD), still accepted for reading. */
  previousSecretKeys?: readonly Buffer[];
  sessions: SessionCache;
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

/**
 * A gateway read with no session behind it (the client list, a login), sent again while unanswered.
 * @example const clients = await readTried(() => deps.gateway.listClients(credentials));
 */
export function readTried<T>(send: () => Promise<GatewayResult<T>>): Promise<GatewayResult<T>> {
  return withReadTries(send, (r) => !r.ok && r.kind === 'unreachable', {
    withinMs: USER_REQUEST_DEADLINE_MS,
  });
}

/**
 * The admin's problem after readTried: a read still unanswered says so and asks to try again.
 * @example if (!clients.ok) return problemAfterTries(clients);
 */
export function problemAfterTries(failure: GatewayFailure, clientName?: string | null): ConnectionProblem {
  const p = connectionProblem(failure, clientName);
  return failure.kind === 'unreachable' ? { ...p, message: UNANSWERED_MESSAGE } : p;
}

/**
 * Stores every new session id of this connection for the other processes.
 * @example deps.gateway.openSession(credentials, identityId, sessionStorage(deps, row))
 */
export function sessionStorage(
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
