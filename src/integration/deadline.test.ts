// Scenario: 24SO answers slowly. «Sjekk tilganger» reads its lists in parallel and answers
// within its deadline, naming the checks that did not finish, instead of keeping the admin
// waiting for one call after the other.
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import { saveConnection } from './connection.ts';
import type { TwentyFourGateway } from './gateway.ts';
import { probePermissions } from './lookups.ts';
import { SessionCache } from './session-cache.ts';
import type { ConnectionDeps } from './session-calls.ts';
import { defaultSettings } from './settings-schema.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';
import { createTwentyFourGateway } from './twentyfour-gateway.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';
const LATENCY_MS = 500;

function depsFor(db: Db, sandbox: Sandbox, gateway?: TwentyFourGateway): ConnectionDeps {
  const clock = () => new Date();
  const logger = createLogger('silent');
  return {
    db,
    gateway:
      gateway ??
      createTwentyFourGateway({
        fetch: (r) => sandbox.fetch(r),
        logger,
        clock,
        applicationId: SANDBOX_APPLICATION_ID,
        baseUrl: 'http://sandbox.test',
      }),
    secretKey: randomBytes(32),
    sessions: new SessionCache(clock),
    logger,
    clock,
  };
}

/** Multi-line invoicing, so the probe also reads the dimensions (types, then their values). */
const settings = () => {
  const s = defaultSettings();
  s.invoicing.invoiceType = 'multi-line';
  return s;
};

describeEachDatabase('24SO reads under one deadline', (getDb) => {
  let sandbox: Sandbox;
  let identityId: string;
  beforeAll(() => {
    sandbox = createSandbox({ seed: 'demo' });
    const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
    const grant = sandbox.state.users
      .find((u) => u.username === USER)
      ?.identities.find((i) => i.clientId === client?.id);
    if (!grant) throw new Error('Demo Maskin AS not in the sandbox seed');
    identityId = grant.identityId;
  });

  const connectedWorkspace = async (label: string, deps: ConnectionDeps) => {
    const ws = await insertFixtureWorkspace(getDb(), `${label}-${randomBytes(3).toString('hex')}`);
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    deps.sessions.forget(ws.workspaceId);
    return ws.workspaceId;
  };

  it('checks the permissions in parallel: far quicker than the calls one after another', async () => {
    const deps = depsFor(getDb(), sandbox);
    const ws = await connectedWorkspace('parallel', deps);
    sandbox.setFaults({ latencyMs: LATENCY_MS });
    sandbox.calls.clear();
    try {
      const started = performance.now();
      const probe = await probePermissions(deps, ws, settings());
      const elapsed = performance.now() - started;
      if (!probe.ok) throw new Error(probe.message);
      expect(probe.results.map((r) => [r.kind, r.ok])).toEqual([
        ['work-types', true],
        ['products', true],
        ['contacts', true],
        ['dimensions', true],
        ['departments', true],
      ]);
      const calls = sandbox.calls.list().length;
      expect(calls).toBeGreaterThanOrEqual(7);
      // One after the other this takes calls × latency; in parallel about three latencies
      // (login, dimension types, their values); 70 % of the serial time leaves room both ways.
      expect(elapsed).toBeLessThan(calls * LATENCY_MS * 0.7);
    } finally {
      sandbox.setFaults({ latencyMs: 0 });
    }
  });

  it('answers within the deadline and names the check that did not finish', async () => {
    const plain = depsFor(getDb(), sandbox);
    const real = plain.gateway;
    // The contact register never answers.
    const hanging: TwentyFourGateway = {
      listClients: (c) => real.listClients(c),
      openSession: async (c, id) => {
        const opened = await real.openSession(c, id);
        if (!opened.ok) return opened;
        return { ok: true, value: { ...opened.value, contacts: () => new Promise(() => {}) } };
      },
    };
    const deps = { ...plain, gateway: hanging };
    const ws = await connectedWorkspace('deadline', deps);
    const started = performance.now();
    const probe = await probePermissions(deps, ws, settings(), { deadlineMs: 2000 });
    const elapsed = performance.now() - started;
    if (!probe.ok) throw new Error(probe.message);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
    expect(probe.results.find((r) => r.kind === 'contacts')).toMatchObject({
      ok: false,
      timedOut: true,
      message: 'Svaret fra 24SevenOffice kom ikke innen 2 sekunder. Prøv igjen.',
    });
    expect(probe.results.filter((r) => r.kind !== 'contacts').every((r) => r.ok && !r.timedOut)).toBe(true);
  });
});
