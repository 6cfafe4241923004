// Scenario: 24SO answers badly — a session that keeps saying "not authenticated", an answer lost
// after the change was committed, a connection refused. Broen never sends a call again on a
// layer that cannot know whether it ran: one re-login-and-retry for "not authenticated" (24SO
// refused before running it) is all; a write whose answer is lost comes back as
// outcome_unknown for the job runner to resolve, and the connection row is written only when
// its state changes.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import {
  NotAuthenticatedError,
  RateLimitError,
  saveCompanies,
  TimeoutError,
  TransportError,
  TwentyFourSession,
} from '../twentyfour/index.ts';
import type { FetchLike } from '../twentyfour/transport.ts';
import { saveConnection, testConnection } from './connection.ts';
import { UNREACHABLE_AFTER_FAILURES } from './connection-state.ts';
import { retryAdvice } from './gateway.ts';
import { SessionCache } from './session-cache.ts';
import { type ConnectionDeps, withSession } from './session-calls.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';
import { attempt, createTwentyFourGateway, gatewayFailureOf } from './twentyfour-gateway.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';
const silent = createLogger('silent');

const operationOf = (request: Request) =>
  /\/([A-Za-z]+)"?$/.exec(request.headers.get('soapaction') ?? '')?.[1] ?? '?';

function notAuthenticatedFault(): Response {
  const body =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
    '<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ' +
    '---&gt; Client is not authenticated on this identity</faultstring></soap:Fault></soap:Body></soap:Envelope>';
  return new Response(body, { status: 500, headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

describe('what a failure means for a re-send', () => {
  it('calls a write without an answer outcome_unknown, and one never sent unreachable', () => {
    const lost = gatewayFailureOf(new TimeoutError(15_000), 'write');
    expect(lost.kind).toBe('outcome_unknown');
    expect(retryAdvice(lost)).toBe('resolve');
    const dropped = gatewayFailureOf(new TransportError('socket hang up', { code: 'ECONNRESET' }), 'write');
    expect(dropped.kind).toBe('outcome_unknown');
    const refused = new TransportError(
      'fetch failed',
      Object.assign(new Error('fetch failed'), {
        cause: { code: 'ECONNREFUSED' },
      }),
    );
    expect(refused.outcome).toBe('not_executed');
    expect(retryAdvice(gatewayFailureOf(refused, 'write'))).toBe('retry');
    // A read that met an outage may simply be read again.
    expect(retryAdvice(gatewayFailureOf(new TimeoutError(15_000), 'read'))).toBe('retry');
    expect(retryAdvice(gatewayFailureOf(new NotAuthenticatedError('x', { retryable: false }), 'write'))).toBe(
      'retry',
    );
    const until = new Date('2026-11-30T14:00:00Z');
    expect(gatewayFailureOf(new RateLimitError(until), 'write')).toMatchObject({
      kind: 'rate_limited',
      retryAt: until,
    });
  });
});

describeEachDatabase('no hidden re-sends', (getDb) => {
  let sandbox: Sandbox;
  let identityId: string;
  const sent: string[] = [];
  /** When set, answers instead of the sandbox (still counted as sent). */
  let intercept: ((request: Request) => Response | undefined) | undefined;
  const fetch: FetchLike = async (request) => {
    sent.push(operationOf(request));
    return intercept?.(request) ?? sandbox.fetch(request);
  };
  let t = Date.parse('2026-11-30T10:00:00Z');
  const clock = () => {
    t += 1000;
    return new Date(t);
  };
  const count = (op: string) => sent.filter((o) => o === op).length;

  const depsFor = (db: Db): ConnectionDeps => ({
    db,
    gateway: createTwentyFourGateway({
      fetch,
      logger: silent,
      clock,
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
      timeoutMs: 2000,
    }),
    secretKey: randomBytes(32),
    sessions: new SessionCache(clock),
    logger: silent,
    clock,
  });

  beforeAll(() => {
    sandbox = createSandbox({ seed: 'demo' });
    const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
    const grant = sandbox.state.users
      .find((u) => u.username === USER)
      ?.identities.find((i) => i.clientId === client?.id);
    identityId = grant?.identityId ?? '';
  });

  it('sends a call at most twice when 24SO keeps saying "not authenticated": one re-login, one re-send', async () => {
    const deps = depsFor(getDb());
    const ws = await insertFixtureWorkspace(getDb(), 'expired');
    expect(
      (await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId })).ok,
    ).toBe(true);
    const [lists, logins] = [count('GetDepartmentList'), count('Login')];
    intercept = (request) =>
      operationOf(request) === 'GetDepartmentList' ? notAuthenticatedFault() : undefined;
    try {
      const r = await withSession(deps, ws.workspaceId, (s) => s.departments());
      expect(r).toMatchObject({ ok: false, state: 'unreachable' });
    } finally {
      intercept = undefined;
    }
    expect(count('GetDepartmentList') - lists).toBe(2);
    expect(count('Login') - logins).toBe(1);
  });

  it('sends a read once when its answer is lost, and keeps the session', async () => {
    const deps = depsFor(getDb());
    const ws = await insertFixtureWorkspace(getDb(), 'dropped');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    const [lists, logins] = [count('GetDepartmentList'), count('Login')];
    sandbox.setFaults({ dropResponseRate: 1 });
    try {
      const r = await withSession(deps, ws.workspaceId, (s) => s.departments());
      expect(r).toMatchObject({ ok: false, state: 'unreachable' });
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    expect(count('GetDepartmentList') - lists).toBe(1);
    expect((await withSession(deps, ws.workspaceId, (s) => s.departments())).ok).toBe(true);
    expect(count('Login') - logins).toBe(0);
  });

  it('reports a write whose answer was lost as outcome_unknown, sent once though 24SO saved it', async () => {
    const session = new TwentyFourSession(
      { fetch, logger: silent, clock, sleep: async () => {} },
      {
        applicationId: SANDBOX_APPLICATION_ID,
        username: USER,
        password: PASSWORD,
        identityId,
        baseUrl: 'http://sandbox.test',
      },
    );
    await session.login();
    const name = `Tapt Svar ${randomBytes(3).toString('hex')} AS`;
    const saves = count('SaveCompanies');
    sandbox.setFaults({ dropResponseRate: 1 });
    let result: Awaited<ReturnType<typeof attempt>>;
    try {
      result = await attempt('write', () => saveCompanies(session, [{ name, type: 'Business' }]));
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    expect(result).toMatchObject({ ok: false, kind: 'outcome_unknown' });
    expect(count('SaveCompanies') - saves).toBe(1);
    // It did happen in 24SO: exactly one record, which the sync engine must look up, not re-create.
    const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
    expect(JSON.stringify(client).split(name).length - 1).toBe(1);
  });

  it('writes the connection row only when its state changes, or when the admin tests it', async () => {
    const deps = depsFor(getDb());
    const ws = await insertFixtureWorkspace(getDb(), 'quiet');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    const row = () =>
      getDb()
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', ws.workspaceId)
        .executeTakeFirstOrThrow();
    const saved = await row();
    for (let i = 0; i < 3; i++)
      expect((await withSession(deps, ws.workspaceId, (s) => s.departments())).ok).toBe(true);
    expect(await row()).toEqual(saved);

    intercept = () => new Response('Service Unavailable', { status: 503 });
    try {
      // Shown unreachable after a few failures in a row (decision 68), counted in the row.
      for (let i = 0; i < UNREACHABLE_AFTER_FAILURES; i++) {
        expect((await row()).state).toBe('connected');
        await withSession(deps, ws.workspaceId, (s) => s.departments());
      }
      const down = await row();
      expect(down.state).toBe('unreachable');
      expect(down.updated_at > saved.updated_at).toBe(true);
      await withSession(deps, ws.workspaceId, (s) => s.departments());
      expect(await row()).toEqual(down);
    } finally {
      intercept = undefined;
    }
    expect((await withSession(deps, ws.workspaceId, (s) => s.departments())).ok).toBe(true);
    const back = await row();
    expect(back.state).toBe('connected');
    await testConnection(deps, ws.workspaceId);
    expect(String((await row()).last_checked_at) > String(back.last_checked_at)).toBe(true);
  });
});
