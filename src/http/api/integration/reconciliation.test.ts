// Scenario: before switching the integration on, an admin's tooling reconciles the workspace
// with what the 24SO client already holds, decides the doubtful rows and confirms — and every
// bad input (unknown row, unknown 24SO record, stale proposal, two confirmations) is refused in
// Norwegian with nothing half applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { waitForProposal } from '../../../integration/reconciliation/test-support.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { startSyncWorker } from '../../../integration/sync/runtime.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { company } from '../../../sandbox/seed-records.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';

const BASE = '/api/v1/integration/reconciliation';
const USER = 'api@demo.no';
const PASSWORD = 'demo-password';

describeEachDatabase('REST API /integration/reconciliation', (getDb) => {
  let h: AppHarness;
  let worker: EmbeddedWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });
  let sandbox: Sandbox;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    // The reconciliation reads 24SO in a job: a worker runs it, as `npm start` does.
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: USER, password: PASSWORD },
    });
    const maskin = clients.body.clients.find((c: { name: string }) => c.name === 'Demo Maskin AS');
    await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: USER, password: PASSWORD, identityId: maskin.identityId },
    });
    const post = async (path: string, body: unknown) => {
      const res = await h.request('POST', `/api/v1${path}`, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    // Nordvik: same org. number as 24SO company 10001 (sure). Kystvei: name only (doubtful).
    ids.nordvik = await post('/customers', { name: 'Nordvik Bygg AS', orgNumber: '923456783' });
    ids.kystvei = await post('/customers', { name: 'KYSTVEI ANLEGG A/S' });
    ids.ny = await post('/customers', { name: 'Helt Ny Kunde AS' });
    ids.project = await post('/projects', { number: '1001', name: 'Boligfelt', customerId: ids.nordvik });
    ids.product = await post('/products', { number: 'P-1001', name: 'Pukk' });
    ids.ola = await post('/employees', { name: 'Ola Nordmann', email: 'ola.nordmann@demomaskin.no' });
  });

  const start = async () => {
    const res = await h.request('POST', BASE);
    expect(res.status).toBe(202);
    expect(res.body.state).toBe('reading');
    return res.body.id as string;
  };
  // biome-ignore lint/suspicious/noExplicitAny: rows are read loosely
  const rowOf = (rec: any, localId: string) => rec.rows.find((r: any) => r.local?.id === localId);

  it('proposes links with why and how sure, counts the 24SO calls, and blocks activation until confirmed', async () => {
    const id = await start();
    const rec = await waitForProposal(h.request, id, '?limit=500');
    expect(rec.state).toBe('ready');
    expect(rec.calls).toBeGreaterThanOrEqual(5);
    expect(rowOf(rec, ids.nordvik)).toMatchObject({
      action: 'link',
      matchedBy: 'org_number',
      certainty: 'exact',
      remote: { id: '10001', label: '10001 Nordvik Bygg AS' },
    });
    expect(rowOf(rec, ids.kystvei)).toMatchObject({
      action: 'undecided',
      matchedBy: 'name',
      certainty: 'name',
      remote: { id: '20418' },
    });
    expect(rowOf(rec, ids.ny)).toMatchObject({ action: 'create', certainty: 'none', remote: null });
    expect(rowOf(rec, ids.project)).toMatchObject({
      action: 'link',
      matchedBy: 'number',
      remote: { id: '1001' },
    });
    expect(rowOf(rec, ids.product)).toMatchObject({ action: 'link', remote: { id: '106' } });
    expect(rowOf(rec, ids.ola)).toMatchObject({ action: 'link', matchedBy: 'email', remote: { id: '501' } });
    // 24SO-only customers are left alone under the default direction (export).
    const only = rec.rows.filter(
      (r: { local: unknown; entity: string }) => r.local === null && r.entity === 'customers',
    );
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((r: { action: string }) => r.action === 'ignore')).toBe(true);
    expect(rec.summary).toMatchObject({ undecided: 1, create: 1 });

    const activation = await h.request('GET', '/api/v1/integration/activation');
    const put = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
    expect(put.status).toBe(422);
    expect(put.body.errors).toContainEqual({
      path: 'reconciliation',
      message: '1 rad i avstemmingen må avgjøres',
    });
    expect(activation.status).toBe(200);
  });

  describe('bad input', () => {
    let id: string;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    let rec: any;
    beforeAll(async () => {
      id = await start();
      rec = await waitForProposal(h.request, id, '?limit=500');
    });

    it('refuses confirming while rows are undecided', async () => {
      const res = await h.request('POST', `${BASE}/${id}/confirm`);
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe('1 rad må avgjøres før avstemmingen kan bekreftes.');
    });

    it('refuses a decision on a row that is not there, or a 24SO record that was not read', async () => {
      const gone = await h.request('PATCH', `${BASE}/${id}/rows/00000000-0000-4000-8000-000000000000`, {
        body: { action: 'create' },
      });
      expect(gone.status).toBe(404);
      expect(gone.body.detail).toBe('Raden finnes ikke i denne avstemmingen lenger. Last siden på nytt.');
      const row = rowOf(rec, ids.kystvei);
      const unknown = await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, {
        body: { action: 'link', remoteId: '99999' },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.detail).toBe('Fant ingen kunde med id 99999 i det som ble lest fra 24SevenOffice.');
      const taken = await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, {
        body: { action: 'link', remoteId: '10001' },
      });
      expect(taken.status).toBe(409);
      expect(taken.body.detail).toContain('er allerede valgt for 10001 Nordvik Bygg AS');
      const bad = await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, { body: { action: 'merge' } });
      expect(bad.status).toBe(400);
    });

    it('searches the 24SO records read, for choosing another', async () => {
      const res = await h.request('GET', `${BASE}/${id}/remote?entity=customers&q=kystvei`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ entity: 'customers', id: '20418', label: '20418 Kystvei Anlegg AS' }),
      ]);
    });

    it('refuses a stale proposal with what changed in 24SO, and a superseded one', async () => {
      const row = rowOf(rec, ids.kystvei);
      const ok = await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, {
        body: { action: 'link', remoteId: '20418' },
      });
      expect(ok.status).toBe(200);
      const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
      client?.companies.push(
        company(
          20499,
          'Ny i 24SO AS',
          undefined,
          'ny@x.no',
          ['Gate 1', '0150', 'OSLO'],
          '2025-10-01T08:00:00',
        ),
      );
      const stale = await h.request('POST', `${BASE}/${id}/confirm`);
      expect(stale.status).toBe(409);
      expect(stale.body.detail).toBe(
        '24SevenOffice er endret siden forslaget ble laget (1 endring). Start avstemmingen på nytt.',
      );
      expect(stale.body.errors).toEqual([
        { path: 'changes', message: 'Ny i 24SevenOffice: kunde 20499 Ny i 24SO AS' },
      ]);
      // Nothing was applied.
      const links = await h.db
        .selectFrom('sync_records')
        .selectAll()
        .where('workspace_id', '=', h.a.id)
        .execute();
      expect(links).toEqual([]);

      const newer = await start();
      await waitForProposal(h.request, newer);
      const old = await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, { body: { action: 'create' } });
      expect(old.status).toBe(409);
      expect(old.body.detail).toBe(
        'En nyere avstemming er startet; denne kan ikke endres lenger. Åpne den nyeste.',
      );
    });
  });

  it('two admins confirming at once: one wins, the other is told who did; the links become the engine’s', async () => {
    const id = await start();
    const rec = await waitForProposal(h.request, id, '?limit=500');
    const row = rowOf(rec, ids.kystvei);
    expect(
      (await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, { body: { action: 'skip' } })).status,
    ).toBe(200);
    const [a, b] = await Promise.all([
      h.request('POST', `${BASE}/${id}/confirm`),
      h.request('POST', `${BASE}/${id}/confirm`),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.detail).toMatch(/^Avstemmingen er allerede bekreftet av API-token «test»/);
    expect(winner.body).toEqual({ linked: 3, skipped: 1, toCreate: 1, workersLinked: 1 });

    const links = await h.db
      .selectFrom('sync_records')
      .select(['entity', 'local_id', 'remote_id', 'state', 'reason_code'])
      .where('workspace_id', '=', h.a.id)
      .execute();
    const byKey = (x: { entity: string; local_id: string }, y: { entity: string; local_id: string }) =>
      x.entity.localeCompare(y.entity) || x.local_id.localeCompare(y.local_id);
    expect(links.sort(byKey)).toEqual(
      [
        { entity: 'customer', local_id: ids.nordvik, remote_id: '10001', state: 'synced', reason_code: null },
        {
          entity: 'customer',
          local_id: ids.kystvei,
          remote_id: null,
          state: 'skipped',
          reason_code: 'reconciliation_skip',
        },
        { entity: 'product', local_id: ids.product, remote_id: '106', state: 'synced', reason_code: null },
        { entity: 'project', local_id: ids.project, remote_id: '1001', state: 'synced', reason_code: null },
      ].sort(byKey),
    );
    const ola = await h.request('GET', `/api/v1/employees/${ids.ola}`);
    expect(ola.body.twentyfourContactId).toBe(501);

    const after = await h.request('PATCH', `${BASE}/${id}/rows/${row.id}`, { body: { action: 'create' } });
    expect(after.status).toBe(409);
    const put = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
    expect(put.body.errors?.map((e: { path: string }) => e.path) ?? []).not.toContain('reconciliation');

    // Another workspace sees none of it.
    expect((await h.request('GET', `${BASE}/${id}`, { token: h.b.token })).status).toBe(404);
  });

  it('a client retrying start and confirm with the same Idempotency-Key gets the first answer again, and nothing twice', async () => {
    const proposals = async () =>
      (await h.db.selectFrom('reconciliations').select('id').where('workspace_id', '=', h.a.id).execute())
        .length;
    const before = await proposals();
    const first = await h.request('POST', BASE, { headers: { 'Idempotency-Key': 'avstem-1' } });
    expect(first.status).toBe(202);
    const again = await h.request('POST', BASE, { headers: { 'Idempotency-Key': 'avstem-1' } });
    expect(again.status).toBe(202);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await proposals()).toBe(before + 1);

    const rec = await waitForProposal(h.request, first.body.id, '?limit=500');
    const row = rowOf(rec, ids.kystvei);
    await h.request('PATCH', `${BASE}/${first.body.id}/rows/${row.id}`, { body: { action: 'skip' } });
    const confirmed = await h.request('POST', `${BASE}/${first.body.id}/confirm`, {
      headers: { 'Idempotency-Key': 'bekreft-1' },
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const retried = await h.request('POST', `${BASE}/${first.body.id}/confirm`, {
      headers: { 'Idempotency-Key': 'bekreft-1' },
    });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.body).toEqual(confirmed.body);
  });
});
