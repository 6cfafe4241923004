import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { login } from '../twentyfour/authenticate.ts';
import { getClientInformation } from '../twentyfour/client-service.ts';
import { ServerFaultError } from '../twentyfour/errors.ts';
import { TwentyFourSession } from '../twentyfour/session.ts';
import type { TwentyFourDeps } from '../twentyfour/transport.ts';
import { createSandbox } from './server.ts';

// Broen's 24SO client against the sandbox's session rules: its login spacing and session reuse
// keep it clear of the login throttle and the idle time that a careless client runs into.

const CREDENTIALS = {
  applicationId: '0f5f24a0-0000-4000-8000-000000000024',
  username: 'api@demo.no',
  password: 'demo-password',
};

/** Sandbox and client on one clock that only moves when the client sleeps or the test says so. */
function setup() {
  let now = new Date('2026-11-10T07:00:00Z').getTime();
  const clock = () => new Date(now);
  const sandbox = createSandbox({ seed: 'demo', clock });
  const deps: TwentyFourDeps = {
    fetch: (request) => sandbox.fetch(request),
    logger: pino({ level: 'silent' }),
    clock,
    sleep: async (ms) => {
      now += ms;
    },
  };
  const session = () => new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: 'http://sandbox.invalid' });
  return { sandbox, deps, session, advance: (ms: number) => (now += ms) };
}

describe('24SO client and the sandbox session rules', () => {
  it('logs in once for a whole run of calls', async () => {
    // Scenario: a sync run makes many calls; 24SO should see one login.
    const { sandbox, session } = setup();
    const run = session();
    for (let i = 0; i < 30; i++) expect((await getClientInformation(run)).name).toBe('Demo Maskin AS');
    expect(sandbox.calls.logins()).toEqual({ ok: 1, refused: 0, throttled: 0 });
  });

  it('spaces a burst of re-logins so the throttle never trips, while raw logins do trip it', async () => {
    // Scenario: sessions keep vanishing during a run; the client logs in again each time.
    const { sandbox, deps, session } = setup();
    const run = session();
    for (let i = 0; i < 25; i++) {
      sandbox.setFaults({ expireSessions: true });
      expect((await getClientInformation(run)).name).toBe('Demo Maskin AS');
    }
    expect(sandbox.calls.logins()).toEqual({ ok: 25, refused: 0, throttled: 0 });

    // The same burst without the client's spacing: the 13th login within the minute is refused.
    sandbox.reset('demo');
    const raw = new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: 'http://sandbox.invalid' }).anonymous;
    for (let i = 0; i < 12; i++) await login(raw, CREDENTIALS);
    const refused = await login(raw, CREDENTIALS).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServerFaultError);
    expect((refused as ServerFaultError).faultString).toContain('Too many logins for this user');
    expect(sandbox.calls.logins()).toEqual({ ok: 12, refused: 0, throttled: 1 });
  });

  it('notices a session that went idle, checks it and logs in again before the next call', async () => {
    // Scenario: a sync runs at 07:00 and again at 07:45 with the same client session.
    const { sandbox, session, advance } = setup();
    const run = session();
    expect((await getClientInformation(run)).name).toBe('Demo Maskin AS');
    const first = run.sessionId;
    advance(45 * 60_000);
    expect((await getClientInformation(run)).name).toBe('Demo Maskin AS');
    expect(run.sessionId).not.toBe(first);
    expect(sandbox.calls.logins()).toEqual({ ok: 2, refused: 0, throttled: 0 });
    // The stale session was found by HasSession, not by a failed business call.
    expect(sandbox.calls.list().filter((c) => c.outcome === 'fault')).toEqual([]);
  });
});
