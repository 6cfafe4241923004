import { describe, expect, it } from 'vitest';
import { APP_ID, login, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox, type Sandbox } from './server.ts';
import { NOT_AUTHENTICATED } from './service.ts';

// Session idle time and the login throttle (API-NOTES §2, §4), on a clock the test moves.

const GET_COMPANY = '<searchParams><CompanyId>10001</CompanyId></searchParams>';

function movableClock(iso: string) {
  let now = new Date(iso);
  return {
    clock: () => now,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const MINUTE = 60_000;

async function putFaults(sandbox: Sandbox, body: unknown): Promise<Response> {
  return sandbox.fetch('http://sandbox.test/_sandbox/faults', {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

async function callLog(sandbox: Sandbox) {
  const res = await sandbox.fetch('http://sandbox.test/_sandbox/calls');
  return (await res.json()) as {
    calls: Array<{ operation: string; login?: string }>;
    counts: Record<string, number>;
    logins: { ok: number; refused: number; throttled: number };
  };
}

const companyStatus = async (sandbox: Sandbox, cookie: string) =>
  soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });

describe('session idle time', () => {
  it('keeps a session alive while it is used and ends it after 20 idle minutes', async () => {
    // Scenario: a sync pauses; a short pause keeps the session, a long one needs a new login.
    const time = movableClock('2026-11-09T08:00:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    expect(sandbox.faults().sessionIdleMinutes).toBe(20);
    const cookie = await login(sandbox);

    // Each call starts the idle time over: 19 + 19 minutes apart is fine.
    time.advance(19 * MINUTE);
    expect((await companyStatus(sandbox, cookie)).status).toBe(200);
    time.advance(19 * MINUTE);
    expect((await soapCall(sandbox, 'auth', 'HasSession', '', { cookie })).result).toBe('true');

    time.advance(20 * MINUTE);
    const after = await companyStatus(sandbox, cookie);
    expect(after.status).toBe(500);
    expect(after.fault).toBe(NOT_AUTHENTICATED);
    expect((await soapCall(sandbox, 'auth', 'HasSession', '', { cookie })).result).toBe('false');
    expect(sandbox.state.sessions[cookie]).toBeUndefined();

    const again = await login(sandbox);
    expect((await companyStatus(sandbox, again)).status).toBe(200);
  });

  it('takes another idle time, or none, from PUT /_sandbox/faults', async () => {
    // Scenario: a test of re-login wants a short idle time; a long demo wants none.
    const time = movableClock('2026-11-09T08:00:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    const put = await putFaults(sandbox, { sessionIdleMinutes: 2 });
    expect((await put.json()).sessionIdleMinutes).toBe(2);
    const cookie = await login(sandbox);
    time.advance(2 * MINUTE);
    expect((await companyStatus(sandbox, cookie)).fault).toBe(NOT_AUTHENTICATED);

    await putFaults(sandbox, { sessionIdleMinutes: null });
    const lasting = await login(sandbox);
    time.advance(7 * 24 * 60 * MINUTE);
    expect((await companyStatus(sandbox, lasting)).status).toBe(200);
  });

  it('refuses an idle time that is not a positive number of minutes, in Norwegian', async () => {
    // Scenario: a typo in a demo's fault set-up.
    const sandbox = createSandbox({ seed: 'demo' });
    const bad = await putFaults(sandbox, { sessionIdleMinutes: 0, loginsPerMinute: 'mange' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Array<{ path: string; message: string }> };
    expect(body.errors).toContainEqual({
      path: 'sessionIdleMinutes',
      message: 'må være mer enn 0 minutter, eller null for ingen utløpstid',
    });
    expect(body.errors).toContainEqual({
      path: 'loginsPerMinute',
      message: 'må være et helt tall, eller null for ingen grense',
    });
    expect(sandbox.faults()).toMatchObject({ sessionIdleMinutes: 20, loginsPerMinute: 12 });
  });
});

describe('login throttle', () => {
  it('refuses the 13th login of one user within a minute with a fault, and lets it through a minute later', async () => {
    // Scenario: a broken integration logs in before every call instead of reusing its session.
    const time = movableClock('2026-11-09T09:00:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    const sessions: string[] = [];
    for (let i = 0; i < 12; i++) {
      sessions.push(await login(sandbox));
      time.advance(1000);
    }
    expect(new Set(sessions).size).toBe(12);
    const refused = await soapCall(
      sandbox,
      'auth',
      'Login',
      `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>demo-password</Password><Username>API@demo.no</Username></credential>`,
    );
    expect(refused.status).toBe(500);
    expect(refused.faultCode).toBe('soap:Server');
    expect(refused.fault).toBe(
      'Server was unable to process request. ---> Too many logins for this user. Login is blocked until 2026-11-09T09:01:00.000Z; reuse the session id instead of logging in again.',
    );
    expect(refused.headers.get('set-cookie')).toBeNull();
    // Sessions already open keep working.
    expect((await companyStatus(sandbox, sessions[11])).status).toBe(200);

    time.advance(60 * 1000 - 12 * 1000);
    expect(await login(sandbox)).toMatch(/^[a-z0-5]{24}$/);
  });

  it('does not count wrong passwords, and can be switched off', async () => {
    // Scenario: an admin mistypes the password several times, then a load test needs many logins.
    const sandbox = createSandbox({ seed: 'demo' });
    for (let i = 0; i < 13; i++) expect(await login(sandbox, { password: 'feil' })).toBe('');
    expect(await login(sandbox)).toMatch(/^[a-z0-5]{24}$/);

    await putFaults(sandbox, { loginsPerMinute: null });
    for (let i = 0; i < 13; i++) expect(await login(sandbox)).toMatch(/^[a-z0-5]{24}$/);
  }, 60_000); // 27 logins, each hashing a password, on a busy machine

  it('counts logins by outcome in the call log, apart from other calls', async () => {
    // Scenario: a test asserts "one login per run" and that nothing was throttled.
    const sandbox = createSandbox({ seed: 'demo' });
    await putFaults(sandbox, { loginsPerMinute: 2 });
    const cookie = await login(sandbox);
    await companyStatus(sandbox, cookie);
    await login(sandbox, { password: 'feil' });
    await login(sandbox);
    await login(sandbox);
    const log = await callLog(sandbox);
    expect(log.logins).toEqual({ ok: 2, refused: 1, throttled: 1 });
    expect(log.counts['Authenticate.Login']).toBe(4);
    expect(log.calls.map((c) => c.login ?? c.operation)).toEqual([
      'ok',
      'GetCompanies',
      'refused',
      'ok',
      'throttled',
    ]);

    await sandbox.fetch('http://sandbox.test/_sandbox/calls', { method: 'DELETE' });
    expect((await callLog(sandbox)).logins).toEqual({ ok: 0, refused: 0, throttled: 0 });
    // A reset also forgets the throttle.
    sandbox.reset('demo');
    expect(await login(sandbox)).toMatch(/^[a-z0-5]{24}$/);
  });
});
