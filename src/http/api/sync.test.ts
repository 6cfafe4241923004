// Scenario: another program starts a sync through the API, reads the run log with the failed customer and its reason, sees each customer's 24SO state, fixes it and retries; an imported customer's 24SO fields are refused.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { installIntegrationRuntime } from '../../integration/runtime.ts';
import { setEnabled } from '../../integration/settings.ts';
import { recordSynced } from '../../integration/sync/records.ts';
import { startSyncWorker } from '../../integration/sync/runtime.ts';
import { createSandbox, type Sandbox } from '../../sandbox/server.ts';

describeEachDatabase('REST API /integration/sync, runs and records', (getDb) => {
  let h: AppHarness;
  let sandbox: Sandbox;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    sandbox = createSandbox({ seed: 'empty' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
  });

  async function waitForRun(id: string) {
    for (let i = 0; i < 500; i++) {
      const res = await h.request('GET', `/api/v1/integration/runs/${id}`);
      if (res.body.state === 'done' || res.body.state === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('run did not end');
  }

  it('refuses to sync before the workspace is connected, then syncs, reports, retries', async () => {
    const refused = await h.request('POST', '/api/v1/integration/sync', { body: { entity: 'customers' } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('ikke koblet til 24SevenOffice');

    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: 'api@demo.no', password: 'demo-password' },
    });
    await h.request('PUT', '/api/v1/integration/connection', {
      body: {
        username: 'api@demo.no',
        password: 'demo-password',
        identityId: clients.body.clients[0].identityId,
      },
    });
    const off = await h.request('POST', '/api/v1/integration/sync', { body: { entity: 'customers' } });
    expect(off.status).toBe(409);
    expect(off.body.detail).toContain('slått av');
    await setEnabled(h.db, h.deps.clock, { workspaceId: h.a.id, actor: 'test', enabled: true });

    const good = (
      await h.request('POST', '/api/v1/customers', {
        body: { name: 'Nordvik Bygg AS', orgNumber: '923456783' },
      })
    ).body;
    const bad = (await h.request('POST', '/api/v1/customers', { body: { name: 'Feil Org AS' } })).body;
    await h.db.updateTable('customers').set({ org_number: '923456784' }).where('id', '=', bad.id).execute();
    expect((await h.request('GET', `/api/v1/customers/${good.id}`)).body.twentyfour).toEqual({
      state: null,
      id: null,
      reason: null,
      syncedAt: null,
    });

    const started = await h.request('POST', '/api/v1/integration/sync', {
      body: { entity: 'customers', dryRun: false },
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      id: expect.any(String),
      trigger: 'api',
      entity: 'customers',
      state: 'queued',
      joined: false,
    });
    // A double click joins the same run.
    const second = await h.request('POST', '/api/v1/integration/sync', { body: { entity: 'customers' } });
    expect(second.body).toMatchObject({ id: started.body.id, joined: true });

    const worker = startSyncWorker(h.deps, { pollMs: 20 });
    try {
      const run = await waitForRun(started.body.id);
      expect(run).toMatchObject({ state: 'done', counts: { created: 1, failed: 1 }, calls: 1, resumes: 0 });
      expect(run.failures).toEqual([
        expect.objectContaining({
          entity: 'customers',
          localId: bad.id,
          reason: 'Organisasjonsnummeret er ugyldig i 24SevenOffice.',
        }),
      ]);
      const list = await h.request('GET', '/api/v1/integration/runs');
      expect(list.body.items[0]).toMatchObject({ id: started.body.id, state: 'done' });

      const goodNow = (await h.request('GET', `/api/v1/customers/${good.id}`)).body;
      expect(goodNow.twentyfour).toMatchObject({ state: 'synced', id: expect.any(String), reason: null });
      const failed = await h.request('GET', '/api/v1/integration/records?entity=customers&state=failed');
      expect(failed.body.items).toEqual([
        expect.objectContaining({
          localId: bad.id,
          state: 'failed',
          attempts: 1,
          reason: expect.stringContaining('Organisasjonsnummeret'),
        }),
      ]);

      // Fixed, then «Prøv igjen».
      await h.request('PATCH', `/api/v1/customers/${bad.id}`, { body: { orgNumber: '923456783' } });
      const retry = await h.request('POST', '/api/v1/integration/records/retry', {
        body: { entity: 'customers' },
      });
      expect(retry.body).toMatchObject({ retried: 1, run: { id: expect.any(String) } });
      expect(await waitForRun(retry.body.run.id)).toMatchObject({
        state: 'done',
        counts: { created: 1, failed: 0 },
      });
      expect((await h.request('GET', `/api/v1/customers/${bad.id}`)).body.twentyfour.state).toBe('synced');
      expect(sandbox.state.clients.flatMap((c) => c.companies)).toHaveLength(2);
    } finally {
      await worker.stop();
    }
  });

  it("a sync started with an Idempotency-Key wakes this process's worker, and a retry of it is answered once", async () => {
    // The worker polls only every ten minutes: a run finishes in time only if the request that
    // queued it woke this worker, i.e. went through the process's one sync runtime (decision 72)
    // even inside the keyed request's transaction.
    const worker = startSyncWorker(h.deps, { pollMs: 600_000 });
    const runEnds = async (id: string) => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const run = (await h.request('GET', `/api/v1/integration/runs/${id}`)).body;
        if (run.state === 'done' || run.state === 'failed') return run;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the run was not picked up: the worker was not woken');
    };
    try {
      // The first run is found by the worker's first poll; after it the worker is idle.
      const first = await h.request('POST', '/api/v1/integration/sync', { body: { entity: 'customers' } });
      expect(await runEnds(first.body.id)).toMatchObject({ state: 'done' });

      await h.request('POST', '/api/v1/customers', {
        body: { name: 'Vekket Maskin AS', orgNumber: '923456783' },
      });
      const headers = { 'idempotency-key': 'sync-wake-1' };
      const keyed = await h.request('POST', '/api/v1/integration/sync', {
        body: { entity: 'customers' },
        headers,
      });
      expect(keyed.status).toBe(202);
      expect(await runEnds(keyed.body.id)).toMatchObject({ state: 'done', counts: { created: 1 } });
      const again = await h.request('POST', '/api/v1/integration/sync', {
        body: { entity: 'customers' },
        headers,
      });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(keyed.body.id);
      expect(
        sandbox.state.clients.flatMap((c) => c.companies).filter((c) => c.Name === 'Vekket Maskin AS'),
      ).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  }, 180_000);

  it('refuses a local edit of the fields 24SO owns on an imported customer', async () => {
    await h.request('PUT', '/api/v1/integration/settings', { body: { customers: { direction: 'import' } } });
    const c = (await h.request('POST', '/api/v1/customers', { body: { name: 'Importert AS' } })).body;
    await recordSynced(h.db, h.deps.clock, [
      {
        workspaceId: h.a.id,
        entity: 'customer',
        localId: c.id,
        remoteId: '77001',
        fingerprint: 'x',
        origin: 'import',
        runId: null,
      },
    ]);
    const res = await h.request('PATCH', `/api/v1/customers/${c.id}`, { body: { name: 'Lokalt navn' } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('hentet fra 24SevenOffice');
    expect(res.body.errors).toEqual([{ path: 'name', message: 'Eies av 24SevenOffice; endre det der.' }]);
    expect((await h.request('GET', `/api/v1/customers/${c.id}`)).body.name).toBe('Importert AS');
  });
});
