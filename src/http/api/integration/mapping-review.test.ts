// Scenario: the admin's tooling moves the workspace from one 24SO client to another; every mapping is shown with the new client's names beside the old ones, activation waits for the confirmation, and the change log says who connected, switched, logged in again, confirmed and disconnected.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness, tickingClock } from '../../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { reconcileAndConfirm } from '../../../integration/reconciliation/test-support.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { startSyncWorker } from '../../../integration/sync/runtime.ts';
import { insertFixtureRefs } from '../../../integration/test-fixtures.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox } from '../../../sandbox/server.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';
const ACTOR = 'API-token «test»';

describeEachDatabase('REST API /integration/mapping-review after a switch of client', (getDb) => {
  let h: AppHarness;
  let worker: EmbeddedWorker | undefined;
  let maskinId: string;
  let transportId: string;
  afterAll(async () => {
    await worker?.stop();
  });

  const connect = (identityId: string) =>
    h.request('PUT', '/api/v1/integration/connection', {
      body: { username: USER, password: PASSWORD, identityId },
    });
  const newestAudit = async () => (await h.request('GET', '/api/v1/integration/audit')).body.items[0];

  beforeAll(async () => {
    // A moving clock, so the log's newest-first order is the order things happened in.
    h = await createAppHarness(getDb(), { clock: tickingClock() });
    const sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    await insertFixtureRefs(h.db, h.a.id);
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: USER, password: PASSWORD },
    });
    [maskinId, transportId] = clients.body.clients.map((c: { identityId: string }) => c.identityId);
  });

  it('records connecting and logging in again, with who and when, and asks for no review', async () => {
    expect((await connect(maskinId)).status).toBe(200);
    expect(await newestAudit()).toMatchObject({
      path: 'connection.connected',
      oldValue: null,
      newValue: `Demo Maskin AS (${USER})`,
      actor: ACTOR,
    });
    const saved = await h.request('PUT', '/api/v1/integration/settings', {
      body: {
        hours: { startDate: '2026-01-01', workTypeByHourType: { ORD: '1' } },
        invoicing: {
          productNo: { hours: 'KM', transport: 'KM', freeText: 'KM' },
          dimensionByMachine: { 'GM-01': '101:GM-01' },
        },
      },
    });
    expect(saved.status).toBe(200);
    expect((await connect(maskinId)).status).toBe(200);
    const again = await newestAudit();
    expect(again).toMatchObject({
      path: 'connection.login',
      newValue: `Demo Maskin AS (${USER})`,
      actor: ACTOR,
    });
    expect(Number.isNaN(Date.parse(again.at))).toBe(false);
    const review = await h.request('GET', '/api/v1/integration/mapping-review');
    expect(review.body.state).toBe('none');
    expect(review.body.items.map((i: { currentName: string }) => i.currentName)).toEqual([
      'Ordinær',
      'Kjøring (km)',
      'Kjøring (km)',
      'Kjøring (km)',
      'Maskin: Gravemaskin Volvo EC220',
    ]);
  });

  it('shows every mapping with the new client’s name beside the old one after a switch', async () => {
    await reconcileAndConfirm(h.request);
    const on = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
    expect(on.body.enabled).toBe(true);

    expect((await connect(transportId)).status).toBe(200);
    const log = (await h.request('GET', '/api/v1/integration/audit')).body.items;
    // The switch, then the integration switched off because of it.
    expect(log.slice(0, 2).map((e: { path: string }) => e.path)).toEqual(['enabled', 'connection.client']);
    expect(log.find((e: { path: string }) => e.path === 'connection.client')).toMatchObject({
      oldValue: 'Demo Maskin AS',
      newValue: `Demo Transport AS (${USER})`,
      actor: ACTOR,
    });

    const review = (await h.request('GET', '/api/v1/integration/mapping-review')).body;
    expect(review).toMatchObject({
      state: 'pending',
      fromClient: 'Demo Maskin AS',
      toClient: 'Demo Transport AS',
      requestedBy: ACTOR,
      checked: true,
    });
    const byPath = Object.fromEntries(review.items.map((i: { path: string }) => [i.path, i]));
    // Work type 1 exists in both clients, with another meaning: shown, not silently kept.
    expect(byPath['hours.workTypeByHourType.ORD']).toEqual({
      path: 'hours.workTypeByHourType.ORD',
      mapping: 'Arbeidstype for timetype ORD',
      kind: 'work-types',
      value: '1',
      valueText: 'arbeidstype-id 1',
      previousName: 'Ordinær',
      currentName: 'Kjøring',
      found: true,
    });
    // The dimension is gone: named by what it was, never as «101:GM-01».
    expect(byPath['invoicing.dimensionByMachine.GM-01']).toMatchObject({
      valueText: 'verdi GM-01 i dimensjonstype 101',
      previousName: 'Maskin: Gravemaskin Volvo EC220',
      currentName: null,
      found: false,
    });
    expect(byPath['invoicing.productNo.hours']).toMatchObject({ currentName: 'Kjøring (km)', found: true });

    const blockers = (await h.request('GET', '/api/v1/integration/activation')).body.blockers;
    expect(blockers).toContainEqual({
      path: 'mappingReview',
      message:
        'Se over og bekreft koblingene for klienten «Demo Transport AS» (de ble laget for «Demo Maskin AS»)',
    });
  });

  it('refuses a confirmation of settings changed since, then confirms and audits it', async () => {
    const { version } = (await h.request('GET', '/api/v1/integration/mapping-review')).body;
    const stale = await h.request('POST', '/api/v1/integration/mapping-review/confirm', {
      body: { version: version - 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('Koblingene ble endret etter at du så dem');
    const bad = await h.request('POST', '/api/v1/integration/mapping-review/confirm', {
      body: { version: 'x' },
    });
    expect(bad.status).toBe(400);

    const ok = await h.request('POST', '/api/v1/integration/mapping-review/confirm', { body: { version } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'confirmed', confirmedBy: ACTOR, fromClient: 'Demo Maskin AS' });
    expect(await newestAudit()).toMatchObject({
      path: 'mappings.reviewConfirmed',
      oldValue: 'Demo Maskin AS',
      newValue: 'Demo Transport AS',
      actor: ACTOR,
    });
    const twice = await h.request('POST', '/api/v1/integration/mapping-review/confirm', { body: {} });
    expect(twice.status).toBe(409);
    const blockers = (await h.request('GET', '/api/v1/integration/activation')).body.blockers;
    expect(blockers.map((b: { path: string }) => b.path)).not.toContain('mappingReview');
    // The missing dimension still blocks on its own until it is picked anew or cleared.
    expect(blockers.map((b: { path: string }) => b.path)).toContain('invoicing.dimensionByMachine.GM-01');
  });

  it('remembers the client across a disconnect: logging in on another one later still opens a review', async () => {
    expect((await h.request('DELETE', '/api/v1/integration/connection')).status).toBe(204);
    expect(await newestAudit()).toMatchObject({
      path: 'connection.disconnected',
      oldValue: `Demo Transport AS (${USER})`,
      newValue: null,
      actor: ACTOR,
    });
    expect((await connect(maskinId)).status).toBe(200);
    const review = (await h.request('GET', '/api/v1/integration/mapping-review')).body;
    expect(review).toMatchObject({
      state: 'pending',
      fromClient: 'Demo Transport AS',
      toClient: 'Demo Maskin AS',
    });
    const ord = review.items.find((i: { path: string }) => i.path === 'hours.workTypeByHourType.ORD');
    // The name it had in the client disconnected from, read before the connection was removed.
    expect(ord).toMatchObject({ previousName: 'Kjøring', currentName: 'Ordinær', found: true });
  });
});
