// Scenario: another program asks for an hours sync through the API; the run log names the hours
// sent and the waiting ones by reason, and each hour then reads as sent with its 24SO id.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { createSandbox, type Sandbox } from '../../sandbox/server.ts';
import { installIntegrationRuntime } from '../runtime.ts';
import { setEnabled } from '../settings.ts';
import { recordSynced } from '../sync/records.ts';
import { startSyncWorker } from '../sync/runtime.ts';
import { writeHourSettings } from './test-support.ts';

describeEachDatabase('REST API: an hours sync run', (getDb) => {
  let h: AppHarness;
  let sandbox: Sandbox;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
  });

  it('sends the hours, logs waiting ones by reason, and shows each hour as sent', async () => {
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
    await setEnabled(h.db, h.deps.clock, { workspaceId: h.a.id, actor: 'test', enabled: true });
    await writeHourSettings(h.db, h.a.id, {
      sync: 'manual',
      startDate: '2025-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const post = async (path: string, body: Record<string, unknown>) =>
      (await h.request('POST', `/api/v1${path}`, { body })).body.id as string;
    const ola = await post('/employees', { name: 'Ola Nordmann', twentyfourContactId: 501 });
    const kari = await post('/employees', { name: 'Kari Hansen' });
    const project = await post('/projects', { number: '1001', name: 'Boligfelt' });
    await recordSynced(h.db, h.deps.clock, [
      {
        workspaceId: h.a.id,
        entity: 'project',
        localId: project,
        remoteId: '1001',
        fingerprint: null,
        runId: null,
      },
    ]);
    const ord = await post('/hour-types', { code: 'ORD', name: 'Ordinær' });
    const base = { projectId: project, hourTypeId: ord, date: '2025-05-05', hours: '7.5' };
    const sent = await post('/hours', { ...base, employeeId: ola });
    const waiting = await post('/hours', { ...base, employeeId: kari });
    await h.request('POST', '/api/v1/hours/approve', { body: { ids: [sent, waiting] } });

    const started = await h.request('POST', '/api/v1/integration/sync', { body: { entity: 'hours' } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const worker = startSyncWorker(h.deps, { pollMs: 20 });
    try {
      let run: Record<string, unknown> & { state?: string } = {};
      for (let i = 0; i < 500 && run.state !== 'done' && run.state !== 'failed'; i++) {
        run = (await h.request('GET', `/api/v1/integration/runs/${started.body.id}`)).body;
        if (run.state !== 'done') await new Promise((r) => setTimeout(r, 20));
      }
      expect(run).toMatchObject({ state: 'done', entity: 'hours', counts: { created: 1, skipped: 1 } });
      expect(run.records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ entity: 'hours', action: 'create', localId: sent }),
          expect.objectContaining({ entity: 'hours', action: 'skip', reasonCode: 'no-contact-id' }),
        ]),
      );
    } finally {
      await worker.stop();
    }
    const hour = await h.request('GET', `/api/v1/hours/${sent}`);
    expect(hour.body.twentyfour).toMatchObject({ state: 'sent', hourId: expect.stringMatching(/^\d+$/) });
  });
});
