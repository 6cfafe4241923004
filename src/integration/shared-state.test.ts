// Scenario: Broen runs as two processes behind a load balancer on one database. The admin's
// connect flow starts on one and ends on the other; then both hammer 24SO at once. There is one
// 24SO login in all, the hourly call budget holds for both together, and a quarantine 24SO
// imposes on one process stops the other too.
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { type Config, SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createApp } from '../http/app.ts';
import type { AppDeps } from '../http/deps.ts';
import { createUiHarness, UiClient, type UiHarness } from '../http/ui/test-harness.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import { budgetScopeKey, readCallBudget } from './call-budget.ts';
import { createIntegrationRuntime, type IntegrationRuntime } from './runtime.ts';
import { withSession } from './session-calls.ts';

const BASE = '/integrasjoner/24sevenoffice';
const CALLS_PER_HOUR = 30;

describeEachDatabase('two app instances on one database', (getDb) => {
  let sandbox: Sandbox;
  /** Every SOAP operation that reached 24SO (the sandbox), from either instance. */
  const sent: string[] = [];
  let a: UiHarness;
  let depsB: AppDeps;
  let appB: Hono;
  let config: Config;

  const runtimeFor = (budgetScope: 'installation' | 'application'): IntegrationRuntime =>
    createIntegrationRuntime(
      {
        ...a.deps,
        config: { ...config, twentyFourBudget: { callsPerHour: CALLS_PER_HOUR, scope: budgetScope } },
      },
      {
        fetch: (request) => {
          sent.push(/\/([A-Za-z]+)"?$/.exec(request.headers.get('soapaction') ?? '')?.[1] ?? '?');
          return sandbox.fetch(request);
        },
        applicationId: SANDBOX_APPLICATION_ID,
        baseUrl: 'http://sandbox.test',
      },
    );
  const logins = () => sent.filter((op) => op === 'Login').length;

  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'demo' });
    a = await createUiHarness(getDb());
    config = a.deps.config;
    a.deps.integration = runtimeFor('installation');
    depsB = { ...a.deps, integration: runtimeFor('installation') };
    appB = createApp(depsB);
  });

  it('finishes the connect flow on the other instance with one 24SO login', async () => {
    const onA = await a.login();
    const loggedIn = await onA.post(`${BASE}/logg-inn`, {
      username: 'api@demo.no',
      password: 'demo-password',
    });
    expect(loggedIn.status).toBe(303);
    const picker = loggedIn.location ?? '';
    expect(picker).toContain('/velg-klient?k=');
    // The pending login is in the database, sealed: the password is not readable there.
    const pending = await getDb().selectFrom('integration_pending_logins').select('blob').execute();
    expect(pending).toHaveLength(1);
    expect(pending[0].blob).not.toContain('demo-password');

    // The load balancer sends the next request to instance B (same web session cookie).
    const onB = new UiClient(appB);
    onB.cookie = onA.cookie;
    const page = await onB.get(picker);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Demo Maskin AS');
    const identityId = /value="([^"]+)"[^>]*>\s*<label for="client-\d+">Demo Maskin AS</.exec(page.text)?.[1];
    expect(identityId).toBeTruthy();
    const saved = await onB.post(`${BASE}/velg-klient`, {
      k: new URL(picker, 'http://x').searchParams.get('k') ?? '',
      identityId: identityId ?? '',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toContain('/innstillinger?melding=tilkoblet');
    expect(logins()).toBe(1);
    // Used up: the key does not work a second time, on either instance.
    expect(await getDb().selectFrom('integration_pending_logins').selectAll().execute()).toEqual([]);

    // Instance A shows the settings of the connection B saved, reusing B's 24SO session.
    const settings = await onA.get(`${BASE}/innstillinger`);
    expect(settings.status).toBe(200);
    expect(settings.text).toContain('Demo Maskin AS');
    expect(logins()).toBe(1);
  });

  it('shares one call budget: a burst from both instances sends no more than the hour allows', async () => {
    const ws = a.workspace.id;
    const options = { scope: a.deps.integration.budgetScope, callsPerHour: CALLS_PER_HOUR };
    const before = await readCallBudget(getDb(), a.deps.clock, options);
    const sentBefore = sent.length;
    const row = async () =>
      getDb()
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', ws)
        .executeTakeFirstOrThrow();
    const rowBefore = await row();

    const burst = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        withSession(i % 2 === 0 ? a.deps.integration : depsB.integration, ws, (s) => s.departments()),
      ),
    );

    // Exactly what was left of the hour reached 24SO; the rest was refused before sending.
    expect(before.remaining).toBeGreaterThan(0);
    expect(before.remaining).toBeLessThan(24);
    expect(sent.length - sentBefore).toBe(before.remaining);
    const refused = burst.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.ok === false && r.message).toContain('kvoten per time er brukt opp');
    expect(burst.filter((r) => r.ok).length).toBeGreaterThan(0);
    expect((await readCallBudget(getDb(), a.deps.clock, options)).remaining).toBe(0);
    expect(logins()).toBe(1);
    // Running out of calls is not a broken connection, and calls that worked wrote nothing.
    expect(await row()).toEqual(rowBefore);
  });

  describe('a quarantine 24SO imposes', () => {
    let runtimeA: IntegrationRuntime;
    let runtimeB: IntegrationRuntime;
    beforeAll(() => {
      // Counted per ApplicationId this time: a fresh account with its calls left.
      runtimeA = runtimeFor('application');
      runtimeB = runtimeFor('application');
      expect(runtimeA.budgetScope).toBe(budgetScopeKey('application', SANDBOX_APPLICATION_ID));
    });

    it('stops the other instance without it sending a call', async () => {
      sandbox.setFaults({ requestsPerHour: 1 });
      try {
        const sentBefore = sent.length;
        const onA = await withSession(runtimeA, a.workspace.id, (s) => s.departments());
        expect(onA).toMatchObject({ ok: false, state: 'unreachable' });
        expect(sent.length - sentBefore).toBe(1);
        const budget = await readCallBudget(getDb(), a.deps.clock, {
          scope: runtimeA.budgetScope,
          callsPerHour: CALLS_PER_HOUR,
        });
        expect(budget.quarantinedUntil).not.toBeNull();

        const onB = await withSession(runtimeB, a.workspace.id, (s) => s.departments());
        expect(onB.ok === false && onB.message).toContain('tar ikke imot flere kall før kl.');
        expect(sent.length - sentBefore).toBe(1);
      } finally {
        sandbox.setFaults({ requestsPerHour: 7200 });
      }
    });
  });
});
