// Scenario: 24SO loses half its answers while an office admin connects, saves the settings,
// reconciles and switches the integration on; every read is asked again and it all succeeds.
// When 24SO answers nothing, the admin reads «24SevenOffice svarte ikke …, prøv igjen om litt»
// and nothing local has changed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { seededRandom } from '../../../../test/seeded-random.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { createLogger } from '../../../config/logger.ts';
import { UNANSWERED_MESSAGE } from '../../../integration/connection-problems.ts';
import { reconcileAndConfirm, waitForProposal } from '../../../integration/reconciliation/test-support.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { startSyncWorker } from '../../../integration/sync/runtime.ts';
import { insertFixtureRefs } from '../../../integration/test-fixtures.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';

describeEachDatabase('REST API /integration while 24SO loses answers', (getDb) => {
  let h: AppHarness;
  let sandbox: Sandbox;
  let worker: EmbeddedWorker | undefined;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    // Seeded, so the lost answers fall on the same calls every run.
    sandbox = createSandbox({ seed: 'demo', random: seededRandom(1) });
    // Every lost login answer costs a login; the tests count them instead of meeting the throttle.
    sandbox.setFaults({ loginsPerMinute: null });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
      logger: createLogger('silent'),
    });
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    await insertFixtureRefs(h.db, h.a.id);
  });
  afterAll(async () => {
    await worker?.stop();
  });

  /** The admin's setup: log in, pick Demo Maskin AS, the settings switching on needs, reconcile. */
  async function connectAndReconcile(): Promise<void> {
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: USER, password: PASSWORD },
    });
    expect(clients.status).toBe(200);
    const maskin = clients.body.clients.find((c: { name: string }) => c.name === 'Demo Maskin AS');
    const connected = await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: USER, password: PASSWORD, identityId: maskin.identityId },
    });
    expect(connected.status).toBe(200);
    expect(connected.body.state).toBe('connected');

    const settings = await h.request('PUT', '/api/v1/integration/settings', {
      body: {
        hours: { startDate: '2026-01-01', workTypeByHourType: { ORD: '1' } },
        invoicing: {
          productNo: { hours: 'TIME', transport: { km: 'KM', toll: 'BOM', other: 'UTL' }, freeText: 'FRI' },
        },
      },
    });
    expect(settings.status).toBe(200);
    await reconcileAndConfirm(h.request);
  }

  const dropped = () => sandbox.calls.list().filter((c) => c.outcome === 'dropped').length;

  it('connects, saves the settings, reconciles and switches on with half of the answers lost', async () => {
    sandbox.setFaults({ dropResponseRate: 0.5 });
    try {
      await connectAndReconcile();

      const before = dropped();
      const on = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
      expect(on.body).toMatchObject({ enabled: true });
      expect(on.status).toBe(200);
      // The switch-on itself met lost answers (its fresh login, the check, the live lists).
      expect(dropped()).toBeGreaterThan(before);
      expect((await h.request('GET', '/api/v1/integration/connection')).body.state).toBe('connected');
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    // Every part of the setup met lost answers, and no read was left unanswered.
    expect(dropped()).toBeGreaterThan(5);
    const off = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: false } });
    expect(off.status).toBe(200);
  });

  it('says 24SO did not answer, and changes nothing, when every answer is lost', async () => {
    await connectAndReconcile();
    const settingsBefore = (await h.request('GET', '/api/v1/integration/settings')).body;
    const auditBefore = (await h.request('GET', '/api/v1/integration/audit')).body.items.length;
    const rowBefore = await h.db.selectFrom('integration_connections').selectAll().executeTakeFirstOrThrow();
    sandbox.calls.clear();
    sandbox.setFaults({ dropResponseRate: 1 });
    try {
      const on = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
      expect(on.status).toBe(422);
      expect(on.body.errors).toContainEqual({ path: 'connection', message: UNANSWERED_MESSAGE });

      const tested = await h.request('POST', '/api/v1/integration/connection/test');
      expect(tested.body).toMatchObject({ state: 'unreachable', message: UNANSWERED_MESSAGE });

      const list = await h.request('GET', '/api/v1/integration/lookups/products');
      expect(list.status).toBe(503);
      expect(list.body.detail).toBe(UNANSWERED_MESSAGE);

      const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
        body: { username: USER, password: PASSWORD },
      });
      expect(clients.body.detail).toBe(UNANSWERED_MESSAGE);
      const again = await h.request('PUT', '/api/v1/integration/connection', {
        body: { username: USER, password: 'et-nytt-passord', identityId: rowBefore.identity_id },
      });
      expect(again.body.detail).toBe(UNANSWERED_MESSAGE);

      const started = await h.request('POST', '/api/v1/integration/reconciliation');
      expect(started.status).toBe(202);
      const rec = await waitForProposal(h.request, started.body.id);
      expect(rec).toMatchObject({ state: 'failed', message: UNANSWERED_MESSAGE });
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    // Each read was sent four times and no more: a fresh login for the switch-on's check and for
    // the test, the stored session's HasSession for the list and the reconciliation, and the
    // client list for each of the two logins from the form.
    expect(sandbox.calls.counts()).toEqual({
      'Authenticate.Login': 8,
      'Authenticate.HasSession': 8,
      'Authenticate.GetIdentitiesWithCredential': 8,
    });
    // Still off, the same settings and the same log; the stored login is the one it was.
    const settingsAfter = (await h.request('GET', '/api/v1/integration/settings')).body;
    expect(settingsAfter).toEqual(settingsBefore);
    expect((await h.request('GET', '/api/v1/integration/activation')).body.enabled).toBe(false);
    expect((await h.request('GET', '/api/v1/integration/audit')).body.items.length).toBe(auditBefore);
    const rowAfter = await h.db.selectFrom('integration_connections').selectAll().executeTakeFirstOrThrow();
    expect(rowAfter).toMatchObject({
      username: rowBefore.username,
      password_blob: rowBefore.password_blob,
      identity_id: rowBefore.identity_id,
    });
    // 24SO answering again, the connection shows connected at once.
    const tested = await h.request('POST', '/api/v1/integration/connection/test');
    expect(tested.body.state).toBe('connected');
  });
});
