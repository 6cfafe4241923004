// Scenario: an office admin's tooling connects a workspace to the 24SO sandbox over the REST API, configures it, and sees honest states when 24SO misbehaves.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { createLogger } from '../../../config/logger.ts';
import { UNANSWERED_MESSAGE } from '../../../integration/connection-problems.ts';
import { reconcileAndConfirm } from '../../../integration/reconciliation/test-support.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { startSyncWorker } from '../../../integration/sync/runtime.ts';
import { type FixtureWorkspace, insertFixtureRefs, insertHours } from '../../../integration/test-fixtures.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { connectionStatusSchema, settingsDocumentSchema } from './schemas.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';

describeEachDatabase('REST API /integration', (getDb) => {
  let h: AppHarness;
  let worker: EmbeddedWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });
  let sandbox: Sandbox;
  let refs: FixtureWorkspace;
  let logLines: string[];
  let maskinId: string;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    sandbox = createSandbox({ seed: 'demo' });
    logLines = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
      logger: createLogger('trace', sink),
    });
    // The reconciliation reads 24SO in a job: a worker runs it, as `npm start` does.
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    refs = await insertFixtureRefs(h.db, h.a.id);
    await insertHours(h.db, refs, { code: 'OT100', count: 3, approved: true });
    await insertHours(h.db, refs, { code: 'ORD', count: 2, approved: true });
    await insertHours(h.db, refs, { code: 'MASK', count: 4, approved: true, machine: 'DU-01' });
  });

  describe('log in and pick a client', () => {
    it('refuses a wrong password with 422 problem+json and stores nothing', async () => {
      const res = await h.request('POST', '/api/v1/integration/connection/clients', {
        body: { username: USER, password: 'feil-passord' },
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toBe('Feil brukernavn eller passord i 24SevenOffice. Logg inn på nytt.');
      const rows = await h.db.selectFrom('integration_connections').selectAll().execute();
      expect(rows).toEqual([]);
      expect((await h.request('GET', '/api/v1/integration/connection')).body.state).toBe('not_connected');
    });

    it('names missing fields with 400', async () => {
      const res = await h.request('POST', '/api/v1/integration/connection/clients', {
        body: { username: USER },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ path: 'password', message: 'Feltet må fylles ut.' });
    });

    it('lists every client the user can reach, by name', async () => {
      const res = await h.request('POST', '/api/v1/integration/connection/clients', {
        body: { username: USER, password: PASSWORD },
      });
      expect(res.status).toBe(200);
      expect(res.body.clients.map((c: { name: string }) => c.name)).toEqual([
        'Demo Maskin AS',
        'Demo Transport AS',
      ]);
      maskinId = res.body.clients[0].identityId;
      expect(maskinId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses to connect with a wrong password or a client the user cannot reach', async () => {
      const wrong = await h.request('PUT', '/api/v1/integration/connection', {
        body: { username: USER, password: 'nope', identityId: maskinId },
      });
      expect(wrong.status).toBe(422);
      const unknown = await h.request('PUT', '/api/v1/integration/connection', {
        body: { username: USER, password: PASSWORD, identityId: '11111111-2222-4333-8444-555555555555' },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.detail).toContain('valgte klienten');
      expect(await h.db.selectFrom('integration_connections').selectAll().execute()).toEqual([]);
    });

    it('connects, stores the password sealed, and never returns it', async () => {
      const res = await h.request('PUT', '/api/v1/integration/connection', {
        body: { username: USER, password: PASSWORD, identityId: maskinId },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: 'connected',
        username: USER,
        client: { identityId: maskinId, name: 'Demo Maskin AS' },
      });
      expect(connectionStatusSchema.strict().safeParse(res.body).success).toBe(true);
      const got = await h.request('GET', '/api/v1/integration/connection');
      expect(got.body).toMatchObject({
        state: 'connected',
        username: USER,
        client: { name: 'Demo Maskin AS' },
      });
      expect(JSON.stringify(got.body)).not.toContain(PASSWORD);
      const row = await h.db.selectFrom('integration_connections').selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
      expect(row.key_id).toMatch(/^[0-9a-f]{8}$/);
    });

    it('answers a POST that talks to 24SO with an Idempotency-Key, and repeats that answer', async () => {
      // The 24SO call runs outside the request's transaction: inside it, SQLite's one connection
      // would be held while the runtime waits for it to count the call, and the request hung.
      const send = () =>
        h.request('POST', '/api/v1/integration/connection/test', {
          headers: { 'Idempotency-Key': 'test-connection-1' },
        });
      const first = await send();
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ state: 'connected', client: { name: 'Demo Maskin AS' } });
      const again = await send();
      expect(again.headers.get('Idempotent-Replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('never wrote the password to the log', () => {
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('\n')).not.toContain(PASSWORD);
    });
  });

  describe('live lists', () => {
    it('serves work types, dimensions, departments, products and contacts from 24SO', async () => {
      const workTypes = await h.request('GET', '/api/v1/integration/lookups/work-types');
      expect(workTypes.status).toBe(200);
      expect(workTypes.body.items).toContainEqual(expect.objectContaining({ id: '1', name: 'Ordinær' }));
      const dimensions = await h.request('GET', '/api/v1/integration/lookups/dimensions');
      expect(dimensions.body.items).toContainEqual(
        expect.objectContaining({
          id: '101:GM-01',
          typeName: 'Maskin',
          value: 'GM-01',
          name: 'Gravemaskin Volvo EC220',
        }),
      );
      expect(dimensions.body.items).toContainEqual(
        expect.objectContaining({ id: 'department:1', name: 'Anlegg' }),
      );
      const departments = await h.request('GET', '/api/v1/integration/lookups/departments');
      expect(departments.body.items.map((d: { name: string }) => d.name)).toEqual([
        'Anlegg',
        'Transport',
        'Verksted',
      ]);
      const products = await h.request('GET', '/api/v1/integration/lookups/products');
      expect(products.body.items).toContainEqual(expect.objectContaining({ no: 'TIME', name: 'Timer' }));
    });

    it('lists the 24SO contacts a worker can be linked to: Kontakt ID and name, employees marked', async () => {
      const contacts = await h.request('GET', '/api/v1/integration/lookups/contacts');
      expect(contacts.status).toBe(200);
      const items = contacts.body.items as { id: string; name: string; isEmployee: boolean }[];
      expect(items).toContainEqual({
        id: '501',
        name: 'Ola Nordmann',
        email: 'ola.nordmann@demomaskin.no',
        employeeId: '1',
        isEmployee: true,
      });
      // A customer's contact person is a contact too, but not an employee.
      expect(items).toContainEqual(
        expect.objectContaining({ id: '601', name: 'Jon Vik', isEmployee: false }),
      );
      for (const item of items) expect(item.id).toMatch(/^\d+$/);
      const names = items.map((c) => c.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'nb')));
      // The same ids the sandbox holds as PersonItem.Id for this client.
      const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
      expect(items.map((c) => c.id).sort()).toEqual(client?.persons.map((p) => String(p.Id)).sort());
    });

    it('answers an unknown list with 400', async () => {
      expect((await h.request('GET', '/api/v1/integration/lookups/bananas')).status).toBe(400);
    });
  });

  describe('settings', () => {
    it('starts on the defaults', async () => {
      const res = await h.request('GET', '/api/v1/integration/settings');
      expect(res.status).toBe(200);
      // Exactly the document of the REST section, field by field.
      expect(res.body).toEqual({
        customers: { sync: 'manual', direction: 'export', paymentTermsDays: 14 },
        projects: { sync: 'manual', direction: 'export', includeCustomer: true },
        hours: { sync: 'manual', startDate: null, workTypeByHourType: {} },
        products: { sync: 'manual', direction: 'export' },
        invoicing: {
          invoiceType: 'multi-line',
          groupHoursByType: true,
          productNo: { hours: null, transport: null, freeText: null },
          dimensionByMachine: {},
        },
      });
    });

    it('saves mappings checked against 24SO and records them in the audit', async () => {
      const current = (await h.request('GET', '/api/v1/integration/settings')).body;
      const res = await h.request('PUT', '/api/v1/integration/settings', {
        body: {
          ...current,
          customers: { sync: 'auto', direction: 'export', paymentTermsDays: 30 },
          hours: {
            sync: 'manual',
            startDate: '2026-01-01',
            workTypeByHourType: { ORD: '1', OT50: '2', MASK: '3', REISE: '4' },
          },
          invoicing: {
            ...current.invoicing,
            productNo: { hours: 'TIME', transport: { km: 'KM', toll: 'BOM', other: 'UTL' }, freeText: 'FRI' },
            dimensionByMachine: { 'GM-01': '101:GM-01', 'HL-01': 'department:1' },
          },
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.hours.workTypeByHourType).toEqual({ MASK: '3', ORD: '1', OT50: '2', REISE: '4' });
      // The answer is what the OpenAPI document promises.
      expect(settingsDocumentSchema.strict().safeParse(res.body).success).toBe(true);
      expect((await h.request('GET', '/api/v1/integration/settings')).body).toEqual(res.body);
      const audit = await h.request('GET', '/api/v1/integration/audit');
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({
          path: 'customers.paymentTermsDays',
          oldValue: 14,
          newValue: 30,
          actor: 'API-token «test»',
        }),
      );
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({ path: 'hours.workTypeByHourType.ORD', oldValue: null, newValue: '1' }),
      );
    });

    it('rejects invalid input naming the field, and changes nothing', async () => {
      const before = (await h.request('GET', '/api/v1/integration/settings')).body;
      const auditBefore = (await h.request('GET', '/api/v1/integration/audit')).body.items.length;
      const res = await h.request('PUT', '/api/v1/integration/settings', {
        body: { customers: { sync: 'auto', direction: 'sideways', paymentTermsDays: 7 } },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { path: 'customers.direction', message: 'Velg «import» eller «export»' },
      ]);
      const missing = await h.request('PUT', '/api/v1/integration/settings', {
        body: { invoicing: { productNo: { hours: 'FINNES-IKKE' } } },
      });
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual([
        {
          path: 'invoicing.productNo.hours',
          message: 'Varenummeret «FINNES-IKKE» finnes ikke i 24SevenOffice',
        },
      ]);
      expect((await h.request('GET', '/api/v1/integration/settings')).body).toEqual(before);
      expect((await h.request('GET', '/api/v1/integration/audit')).body.items.length).toBe(auditBefore);
    });

    it('shows what unmapped hour types hold back', async () => {
      const res = await h.request('GET', '/api/v1/integration/coverage');
      expect(res.status).toBe(200);
      // Entries and hours named apart: 3 entries of 7,5 hours each.
      expect(res.body.messages[0]).toBe(
        '1 timetype uten arbeidstype → 3 godkjente timeregistreringer (22,5 timer) blir holdt igjen',
      );
      expect(res.body.hourTypes.unmapped).toEqual([
        {
          code: 'OT100',
          name: 'Overtid 100 %',
          missingInClient: false,
          heldBackEntries: 3,
          heldBackHours: 3,
          heldBackMinutes: 1350,
        },
      ]);
      expect(res.body.machines.entriesWithoutDimension).toBe(4);
      expect(res.body.machines.hoursWithoutDimension).toBe(4);
      expect(res.body.messages).toContain(
        'Tellingen gjelder bare timetyper uten arbeidstype og maskiner uten dimensjon (eller med en som klienten ikke har); andre grunner til at en time holdes igjen er ikke med.',
      );
    });

    it('reports which lists the user can reach', async () => {
      const res = await h.request('GET', '/api/v1/integration/connection/permissions');
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { kind: string; ok: boolean }) => [r.kind, r.ok])).toEqual([
        ['work-types', true],
        ['products', true],
        ['contacts', true],
        ['dimensions', true],
        ['departments', true],
      ]);
    });
  });

  describe('activation', () => {
    it('refuses before the existing 24SO records are reconciled, then turns on', async () => {
      const refused = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        {
          path: 'reconciliation',
          message:
            'Avstem eksisterende poster i 24SevenOffice før integrasjonen slås på, så ingenting blir duplikater',
        },
      ]);
      const info = await h.request('GET', '/api/v1/integration/activation');
      expect(info.body.duplicatesWarning).toContain('duplikat');
      await reconcileAndConfirm(h.request);
      const ok = await h.request('PUT', '/api/v1/integration/activation', { body: { enabled: true } });
      expect(ok.status).toBe(200);
      expect(ok.body.enabled).toBe(true);
    });
  });

  describe('24SO faults are states', () => {
    it('shows 24SO not answering as unreachable, and recovers', async () => {
      // Every call fails; each read is asked four times, then the admin is told to try later.
      sandbox.setFaults({ failRate: 1 });
      try {
        const tested = await h.request('POST', '/api/v1/integration/connection/test');
        expect(tested.status).toBe(200);
        expect(tested.body.state).toBe('unreachable');
        expect(tested.body.message).toBe(UNANSWERED_MESSAGE);
        // 24SO's own fault text is kept for support, once.
        expect(tested.body.lastError.match(/Server was unable to process request/g)).toHaveLength(1);
        // The test dropped the cached lists, so this read goes to 24SO and meets the outage.
        const list = await h.request('GET', '/api/v1/integration/lookups/departments');
        expect(list.status).toBe(503);
        expect(list.body.detail).toBe(UNANSWERED_MESSAGE);
        // Mappings cannot be checked against a 24SO that does not answer, and coverage says so.
        const coverage = await h.request('GET', '/api/v1/integration/coverage');
        expect(coverage.status).toBe(200);
        expect(coverage.body.invalidMappings).toEqual({
          checked: false,
          message: UNANSWERED_MESSAGE,
          items: [],
        });
        const save = await h.request('PUT', '/api/v1/integration/settings', {
          body: { hours: { workTypeByHourType: { ORD: '1', OT50: '2', MASK: '3', REISE: '4', OT100: '5' } } },
        });
        expect(save.status).toBe(503);
        expect(save.body.errors[0].path).toBe('hours.workTypeByHourType.OT100');
        expect((await h.request('GET', '/api/v1/integration/connection')).body.state).toBe('unreachable');
        const activation = await h.request('PUT', '/api/v1/integration/activation', {
          body: { enabled: true, acknowledgeDuplicates: true },
        });
        expect(activation.status).toBe(422);
        expect(activation.body.errors[0].path).toBe('connection');
      } finally {
        sandbox.setFaults({ failRate: 0 });
      }
      const again = await h.request('POST', '/api/v1/integration/connection/test');
      expect(again.body.state).toBe('connected');
    });

    it('shows a 24SO slower than the time limit as unreachable, not a hanging request', async () => {
      // A second app on the same database whose 24SO calls give up after 50 ms.
      const slow = await createAppHarness(getDb());
      installIntegrationRuntime(slow.deps, {
        fetch: (request) => sandbox.fetch(request),
        applicationId: SANDBOX_APPLICATION_ID,
        baseUrl: 'http://sandbox.test',
        timeoutMs: 50,
      });
      const connected = await slow.request('PUT', '/api/v1/integration/connection', {
        body: { username: USER, password: PASSWORD, identityId: maskinId },
      });
      expect(connected.body.state).toBe('connected');
      // Slower than the whole test's own time limit: without the 50 ms call limit this would hang
      // until Vitest fails it, so an answer at all shows the limit works (no timing assertion).
      sandbox.setFaults({ latencyMs: 60_000 });
      try {
        const tested = await slow.request('POST', '/api/v1/integration/connection/test');
        expect(tested.body.state).toBe('unreachable');
        expect(tested.body.lastError).toContain('svarte ikke innen');
      } finally {
        sandbox.setFaults({ latencyMs: 0 });
      }
    });

    it('recovers an expired session without the admin noticing', async () => {
      await h.request('GET', '/api/v1/integration/connection/permissions');
      sandbox.setFaults({ expireSessions: true });
      const res = await h.request('GET', '/api/v1/integration/connection/permissions');
      expect(res.status).toBe(200);
      expect(res.body.items.every((r: { ok: boolean }) => r.ok)).toBe(true);
      expect((await h.request('GET', '/api/v1/integration/connection')).body.state).toBe('connected');
    });

    it('shows a changed password as invalid_credentials', async () => {
      const user = sandbox.state.users.find((u) => u.username === USER);
      if (!user) throw new Error('sandbox user not found in state');
      user.password = 'endret-passord';
      try {
        const tested = await h.request('POST', '/api/v1/integration/connection/test');
        expect(tested.body.state).toBe('invalid_credentials');
        // Until the admin acts, reads do not keep hammering 24SO with a refused password.
        sandbox.calls.clear();
        const list = await h.request('GET', '/api/v1/integration/lookups/work-types');
        expect(list.status).toBe(422);
        expect(list.body.detail).toBe('Feil brukernavn eller passord i 24SevenOffice. Logg inn på nytt.');
        expect(sandbox.calls.list()).toEqual([]);
      } finally {
        user.password = PASSWORD;
      }
      expect((await h.request('POST', '/api/v1/integration/connection/test')).body.state).toBe('connected');
    });
  });

  describe('workspace isolation', () => {
    it("never shows workspace A's connection, settings or audit to workspace B", async () => {
      const b = { token: h.b.token };
      expect((await h.request('GET', '/api/v1/integration/connection', b)).body).toMatchObject({
        state: 'not_connected',
        username: null,
        client: null,
      });
      expect(
        (await h.request('GET', '/api/v1/integration/settings', b)).body.customers.paymentTermsDays,
      ).toBe(14);
      expect((await h.request('GET', '/api/v1/integration/audit', b)).body.items).toEqual([]);
      expect((await h.request('GET', '/api/v1/integration/lookups/work-types', b)).status).toBe(409);
    });

    it('refuses a 24SO reference in a workspace that is not connected, naming the field', async () => {
      const b = { token: h.b.token };
      const res = await h.request('PUT', '/api/v1/integration/settings', {
        ...b,
        body: { invoicing: { productNo: { hours: 'TIME' } } },
      });
      expect(res.status).toBe(422);
      expect(res.body.detail).toBe('Ikke koblet til 24SevenOffice.');
      expect(res.body.errors).toEqual([
        {
          path: 'invoicing.productNo.hours',
          message: 'Kunne ikke kontrollere mot 24SevenOffice: Ikke koblet til 24SevenOffice.',
        },
      ]);
      expect(
        (await h.request('GET', '/api/v1/integration/settings', b)).body.invoicing.productNo.hours,
      ).toBeNull();
    });
  });

  describe('disconnect', () => {
    it('removes the connection and switches the integration off', async () => {
      const res = await h.request('DELETE', '/api/v1/integration/connection');
      expect(res.status).toBe(204);
      expect((await h.request('GET', '/api/v1/integration/connection')).body.state).toBe('not_connected');
      expect((await h.request('GET', '/api/v1/integration/activation')).body.enabled).toBe(false);
      const rows = await h.db
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', h.a.id)
        .execute();
      expect(rows).toEqual([]);
      // Settings survive, so reconnecting finds the mappings again.
      expect((await h.request('GET', '/api/v1/integration/settings')).body.customers.paymentTermsDays).toBe(
        30,
      );
    });
  });
});
