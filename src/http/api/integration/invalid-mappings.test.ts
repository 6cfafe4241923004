// Scenario: the admin's tooling logs in again onto a different 24SO client; mappings that client lacks are listed, block activation, and are cleared in one audited call.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../../test/app-harness.ts';
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

describeEachDatabase('REST API /integration after logging in on another client', (getDb) => {
  let h: AppHarness;
  let worker: EmbeddedWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });
  let transportId: string;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    const sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    // The reconciliation reads 24SO in a job: a worker runs it, as `npm start` does.
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    await insertFixtureRefs(h.db, h.a.id);
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: USER, password: PASSWORD },
    });
    const [maskin, transport] = clients.body.clients;
    transportId = transport.identityId;
    await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: USER, password: PASSWORD, identityId: maskin.identityId },
    });
    // Mapped against "Demo Maskin AS", then switched on.
    const saved = await h.request('PUT', '/api/v1/integration/settings', {
      body: {
        hours: {
          startDate: '2026-01-01',
          workTypeByHourType: { ORD: '1', OT50: '2', MASK: '3', REISE: '4' },
        },
        invoicing: {
          productNo: { hours: 'TIME', transport: { km: 'KM', toll: 'BOM', other: 'UTL' }, freeText: 'FRI' },
          dimensionByMachine: { 'GM-01': '101:GM-01', 'HL-01': 'department:1' },
        },
      },
    });
    expect(saved.status).toBe(200);
    await reconcileAndConfirm(h.request);
    const on = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
    expect(on.body.enabled).toBe(true);
  });

  const INVALID = [
    'hours.workTypeByHourType.MASK',
    'hours.workTypeByHourType.REISE',
    'invoicing.productNo.hours',
    'invoicing.productNo.transport.toll',
    'invoicing.productNo.transport.other',
    'invoicing.productNo.freeText',
    'invoicing.dimensionByMachine.GM-01',
  ];

  it('lists the mappings the new client does not have, in Norwegian, and blocks switching on', async () => {
    const switched = await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: USER, password: PASSWORD, identityId: transportId },
    });
    expect(switched.body.client.name).toBe('Demo Transport AS');
    // The mappings were made for another company: the integration was switched off, audited.
    expect((await h.request('GET', '/api/v1/integration/activation')).body.enabled).toBe(false);
    const [off] = (await h.request('GET', '/api/v1/integration/audit')).body.items;
    expect(off).toMatchObject({
      path: 'enabled',
      oldValue: true,
      newValue: false,
      actor: 'API-token «test»',
    });
    const coverage = await h.request('GET', '/api/v1/integration/coverage');
    expect(coverage.status).toBe(200);
    const invalid = coverage.body.invalidMappings;
    expect(invalid.checked).toBe(true);
    // A mapping the client lacks covers nothing: the box counts it as a gap, not «Alle … valgt».
    const missingTypes = coverage.body.hourTypes.unmapped.filter(
      (t: { missingInClient: boolean }) => t.missingInClient,
    );
    expect(missingTypes.map((t: { code: string }) => t.code)).toEqual(['MASK', 'REISE']);
    expect(coverage.body.machines.unmapped).toContainEqual(
      expect.objectContaining({ number: 'GM-01', missingInClient: true }),
    );
    expect(coverage.body.messages.join(' ')).not.toContain('Alle maskiner har en dimensjon valgt');
    expect(coverage.body.messages[0]).toMatch(/^\d+ timetyper uten arbeidstype klienten har → /);
    expect(invalid.items.map((i: { path: string }) => i.path)).toEqual(INVALID);
    expect(invalid.items[0]).toEqual({
      path: 'hours.workTypeByHourType.MASK',
      value: '3',
      message:
        'Arbeidstype for timetype MASK: arbeidstypen «Maskintimer» (arbeidstype-id 3) finnes ikke i 24SevenOffice-klienten «Demo Transport AS»',
    });
    expect(invalid.items).toContainEqual(
      expect.objectContaining({
        path: 'invoicing.productNo.transport.toll',
        message:
          'Varenummer for bomring: varenummeret «BOM» (Bomring) finnes ikke i 24SevenOffice-klienten «Demo Transport AS»',
      }),
    );
    const info = await h.request('GET', '/api/v1/integration/activation');
    // The reconciliation was made against the other client too.
    // And the mappings that remain must be confirmed for the new client (mapping-review.test.ts).
    expect(info.body.blockers.map((b: { path: string }) => b.path)).toEqual([
      ...INVALID,
      'reconciliation',
      'mappingReview',
    ]);
    const refused = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((b: { path: string }) => b.path)).toEqual([
      ...INVALID,
      'reconciliation',
      'mappingReview',
    ]);
    expect((await h.request('GET', '/api/v1/integration/activation')).body.enabled).toBe(false);
  });

  it('clears exactly those mappings in one audited save, keeping the ones the client has', async () => {
    const before = (await h.request('GET', '/api/v1/integration/settings')).body;
    // With an Idempotency-Key, as a careful client sends it: the check reads 24SO, outside the
    // request's transaction, and a retry gets the same answer back.
    const key = { 'Idempotency-Key': 'rydd-1' };
    const res = await h.request('POST', '/api/v1/integration/settings/clear-invalid-mappings', {
      headers: key,
    });
    expect(res.status).toBe(200);
    const retried = await h.request('POST', '/api/v1/integration/settings/clear-invalid-mappings', {
      headers: key,
    });
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.body).toEqual(res.body);
    expect(res.body.cleared.map((i: { path: string }) => i.path)).toEqual(INVALID);
    expect(res.body.settings).toEqual({
      ...before,
      hours: { ...before.hours, workTypeByHourType: { ORD: '1', OT50: '2' } },
      invoicing: {
        ...before.invoicing,
        productNo: { hours: null, transport: { km: 'KM', toll: null, other: null }, freeText: null },
        dimensionByMachine: { 'HL-01': 'department:1' },
      },
    });
    expect((await h.request('GET', '/api/v1/integration/settings')).body).toEqual(res.body.settings);
    const audit = (await h.request('GET', '/api/v1/integration/audit')).body.items;
    const latest = audit.filter((e: { version: number }) => e.version === audit[0].version);
    // The leaves, and one event saying how many were cleared, in the same change.
    expect(latest.map((e: { path: string }) => e.path).sort()).toEqual(
      [...INVALID, 'mappings.cleared'].sort(),
    );
    expect(latest).toContainEqual(
      expect.objectContaining({
        path: 'mappings.cleared',
        newValue: INVALID.length,
        actor: 'API-token «test»',
      }),
    );
    expect(latest).toContainEqual(
      expect.objectContaining({
        path: 'hours.workTypeByHourType.MASK',
        oldValue: '3',
        newValue: null,
        actor: 'API-token «test»',
      }),
    );
    const coverage = await h.request('GET', '/api/v1/integration/coverage');
    expect(coverage.body.invalidMappings).toEqual({ checked: true, message: null, items: [] });
    const again = await h.request('POST', '/api/v1/integration/settings/clear-invalid-mappings');
    expect(again.body.cleared).toEqual([]);
    expect((await h.request('GET', '/api/v1/integration/audit')).body.items.length).toBe(audit.length);
  });
});
