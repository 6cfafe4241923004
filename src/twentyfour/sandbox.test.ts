// Scenario: Broen's 24SO client does every operation it needs against the sandbox, in process and over a port.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateOperationsXml } from '../../test/wsdl-schema.ts';
import { createSandbox, type Sandbox, startSandboxServer } from '../sandbox/server.ts';
import { getIdentitiesWithCredential } from './authenticate.ts';
import {
  getClientInformation,
  getDepartmentList,
  getTypeGroupList,
  getUsers,
  getVatTypeList,
} from './client-service.ts';
import { getCompanies, getCompanySyncList, saveCompanies } from './company-service.ts';
import { IdentityBlockedError, RateLimitError, TransportError, WrongCredentialsError } from './errors.ts';
import { getInvoices, getOrderSyncList, saveInvoices } from './invoice-service.ts';
import { getPersons, getPersonsDetailed } from './person-service.ts';
import { getCategories, getProducts, saveProducts, setStockQuantity } from './product-service.ts';
import {
  getDeactivatedProjects,
  getProjectList,
  getProjectStatuses,
  getProjectsDetailed,
  saveProject,
} from './project-service.ts';
import { SERVICES, type ServiceName } from './services.ts';
import { type SessionOptions, TwentyFourSession } from './session.ts';
import { getHours, getWorkTypeList, saveHour } from './time-service.ts';
import { getUserDefinedDimensions, getUserDefinedDimensionValues } from './transaction-service.ts';
import type { FetchLike, TwentyFourDeps } from './transport.ts';

const CREDENTIALS = {
  applicationId: '0f5f24a0-0000-4000-8000-000000000024',
  username: 'api@demo.no',
  password: 'demo-password',
};
const WSDL_BY_PATH = new Map(
  (Object.keys(SERVICES) as ServiceName[]).map((s) => [
    SERVICES[s].path.toLowerCase(),
    s === 'time' ? 'src/sandbox/wsdl/timeService.wsdl' : `${s === 'authenticate' ? 'auth' : s}Service.wsdl`,
  ]),
);

interface Mode {
  name: string;
  setup(): Promise<{
    fetch: FetchLike;
    baseUrl: string;
    sandbox: Sandbox;
    setFaults(f: Record<string, unknown>): Promise<void>;
    close(): Promise<void>;
  }>;
}

// One clock for the sandbox and the client, so a test can move both away from an hour boundary
// (24SO's rate limit counts per clock hour; a test straddling hh:00 would see the window reset).
let clockOffsetMs = 0;
const testClock = () => new Date(Date.now() + clockOffsetMs);

const MODES: Mode[] = [
  {
    name: 'in process',
    async setup() {
      const sandbox = createSandbox({ seed: 'demo', clock: testClock });
      return {
        fetch: (request) => sandbox.fetch(request),
        baseUrl: 'http://sandbox.invalid',
        sandbox,
        setFaults: async (f) => void sandbox.setFaults(f),
        close: () => sandbox.close(),
      };
    },
  },
  {
    name: 'over a real port',
    async setup() {
      const server = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo', clock: testClock });
      return {
        fetch: (request) => fetch(request),
        baseUrl: server.url,
        sandbox: server.sandbox,
        setFaults: async (f) => {
          // The control API over HTTP, as a test run against a separately started sandbox would use it.
          const res = await fetch(`${server.url}/_sandbox/faults`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(f),
          });
          expect(res.status).toBe(200);
        },
        close: () => server.close(),
      };
    },
  },
];

describe.each(MODES)('24SO client against the sandbox ($name)', (mode) => {
  let env: Awaited<ReturnType<Mode['setup']>>;
  const sentRequests: Array<{ path: string; body: string }> = [];
  let deps: TwentyFourDeps;
  const newSession = (extra: Partial<SessionOptions> = {}) =>
    new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: env.baseUrl, minLoginIntervalMs: 0, ...extra });

  beforeAll(async () => {
    env = await mode.setup();
    deps = {
      fetch: async (request) => {
        sentRequests.push({
          path: new URL(request.url).pathname.toLowerCase(),
          body: await request.clone().text(),
        });
        return env.fetch(request);
      },
      logger: pino({ level: 'silent' }),
      clock: testClock,
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
    };
  });
  afterAll(async () => env.close());

  it('lists identities before login, logs in on the default client and switches client', async () => {
    const session = newSession();
    const before = await getIdentitiesWithCredential(session.anonymous, CREDENTIALS);
    const names = before.map((i) => i.client?.name);
    expect(names).toEqual(expect.arrayContaining(['Demo Maskin AS', 'Demo Transport AS']));

    expect((await getClientInformation(session)).name).toBe('Demo Maskin AS');
    const identities = await session.identities();
    expect(identities.find((i) => i.isCurrent)?.client?.name).toBe('Demo Maskin AS');
    const transport = identities.find((i) => i.client?.name === 'Demo Transport AS');
    expect(await session.useIdentity(transport?.id as string)).toBe(true);
    expect((await getClientInformation(session)).name).toBe('Demo Transport AS');
    expect(await session.useIdentity('00000000-0000-4000-8000-00000000dead')).toBe(false);
  });

  it('reads customers, contacts, client lists, projects, work types, hours, products, orders and dimensions', async () => {
    const session = newSession();
    const companies = await getCompanies(session, {});
    expect(companies.find((c) => c.id === 10001)).toMatchObject({
      name: 'Nordvik Bygg AS',
      organizationNumber: '923456783',
    });
    const changed = await getCompanies(session, { changedAfter: new Date('2025-04-01T00:00:00Z') }, [
      'Id',
      'Name',
    ]);
    expect(changed.map((c) => c.id)).toContain(20420);
    expect(changed.map((c) => c.id)).not.toContain(10001);
    expect(changed.every((c) => c.organizationNumber === undefined)).toBe(true);
    const page = await getCompanySyncList(session, { page: 1 });
    expect(page.currentPage).toBe(1);
    expect(page.items?.map((i) => i.companyId)).toEqual(expect.arrayContaining([10001, 20417, 20418, 20420]));

    const persons = await getPersons(session, { isEmployee: 'True' });
    expect(persons.find((p) => p.id === 501)).toMatchObject({ firstName: 'Ola', lastName: 'Nordmann' });
    const [ola] = await getPersonsDetailed(session, { id: 501 });
    expect(ola?.emailAddresses?.[0]?.value).toBe('ola.nordmann@demomaskin.no');

    expect((await getUsers(session)).length).toBeGreaterThan(0);
    expect((await getDepartmentList(session)).map((d) => d.name)).toEqual([
      'Anlegg',
      'Transport',
      'Verksted',
    ]);
    expect((await getTypeGroupList(session, 'Sale')).length).toBeGreaterThan(0);
    const vat = await getVatTypeList(session);
    expect(vat.some((v) => v.rate === '25' || v.rate === '25.00')).toBe(true);

    const projects = await getProjectList(session, {});
    expect(projects.find((p) => p.id === 1001)).toMatchObject({
      name: 'Boligfelt Nordvik, trinn 2',
      customerId: 10001,
    });
    const [detailed] = await getProjectsDetailed(session, { projectIds: [2050] });
    expect(detailed).toMatchObject({ id: 2050, customerId: 20417, participants: [501, 503] });
    expect((await getDeactivatedProjects(session, {})).map((p) => p.id)).toContain(2040);
    expect((await getProjectStatuses(session)).length).toBeGreaterThan(0);

    const workTypes = await getWorkTypeList(session);
    expect(workTypes.map((w) => w.name)).toEqual([
      'Ordinær',
      'Overtid 50%',
      'Maskintimer',
      'Reise',
      'Administrasjon',
    ]);
    const hours = await getHours(session, { projectId: 1001 });
    expect(hours.find((h) => h.id === 55001)).toMatchObject({ contactId: 501, totalHours: '7.5' });

    const products = await getProducts(session, {});
    expect(products.find((p) => p.no === 'P-1001')).toMatchObject({ name: 'Pukk 0-32 mm', price: '289.00' });
    expect((await getCategories(session)).map((c) => c.name)).toContain('Masser');

    const orderIds = await getOrderSyncList(session, {});
    expect(orderIds).toEqual(expect.arrayContaining([70001, 70002]));
    const [order] = await getInvoices(session, { orderIds: [70002] });
    expect(order).toMatchObject({ orderId: 70002, customerId: 10001, orderStatus: 'Web' });
    expect(order?.invoiceRows?.[0]?.userDefinedDimensions).toEqual([
      expect.objectContaining({ typeId: 101, value: 'GM-01' }),
    ]);

    expect(await getUserDefinedDimensions(session)).toEqual([
      expect.objectContaining({ name: 'Maskin', typeId: 101 }),
    ]);
    const machines = await getUserDefinedDimensionValues(session, 101);
    expect(machines.map((m) => m.value)).toEqual(['GM-01', 'GM-02', 'HL-01', 'LB-01']);
  });

  it('writes customers, projects, hours, products, stock and orders, with per-item errors as values', async () => {
    const session = newSession();
    const saved = await saveCompanies(session, [
      { name: 'Ny Kunde AS', organizationNumber: '914778271', type: 'Business' },
      { name: 'x'.repeat(201), type: 'Business' },
    ]);
    expect(saved[0]).toMatchObject({ ok: true, index: 0 });
    expect(saved[1]).toMatchObject({ ok: false, index: 1 });
    expect(saved[1]?.ok === false && saved[1].error.message).toBeTruthy();
    const newId = saved[0]?.ok ? saved[0].id : 0;
    expect((await getCompanies(session, { companyIds: [newId] }))[0]?.organizationNumber).toBe('914778271');

    const projectId = await saveProject(session, {
      name: 'Ny grøft',
      customerId: newId,
      dateStart: new Date('2025-11-03T00:00:00Z'),
    });
    expect((await getProjectsDetailed(session, { projectIds: [projectId] }))[0]?.name).toBe('Ny grøft');

    const hour = await saveHour(session, {
      typeOfWorkId: 1,
      contactId: 501,
      projectId,
      startTime: new Date('2025-11-03T07:00:00Z'),
      stopTime: new Date('2025-11-03T15:00:00Z'),
      totalHours: '7.5',
      description: 'Graving',
      approved: 'False',
      locked: 'none',
      needApproval: true,
    });
    expect(hour.id).toBeGreaterThan(0);
    expect((await getHours(session, { hourIds: [hour.id] }))[0]).toMatchObject({
      projectId,
      totalHours: '7.5',
    });

    const products = await saveProducts(session, [
      { name: 'Singel 8-16 mm', no: 'P-2001', categoryId: 2, price: '299.50' },
      { name: 'Uten kategori' },
    ]);
    expect(products.map((p) => p.ok)).toEqual([true, false]);
    const productId = products[0]?.ok ? products[0].id : 0;
    expect(await setStockQuantity(session, productId, '12.5')).toBe(true);
    expect((await getProducts(session, { productIds: [productId] }))[0]?.stock).toMatch(/^12\.50?$/);
    expect(await setStockQuantity(session, 999_999, '1')).toBe(false);

    const orders = await saveInvoices(session, [
      {
        customerId: 10001,
        orderStatus: 'Web',
        projectId: 1001,
        departmentId: 1,
        invoiceRows: [
          {
            productId: 101,
            name: 'Maskintimer',
            quantity: '7.5',
            price: '1350.00',
            userDefinedDimensions: [{ typeId: 101, value: 'GM-02' }],
          },
          { name: 'Uke 45', type: 'Text' },
        ],
      },
      { customerId: 99_999_999, orderStatus: 'Web' },
    ]);
    expect(orders.map((o) => o.ok)).toEqual([true, false]);
    const orderId = orders[0]?.ok ? orders[0].id : 0;
    const [readBack] = await getInvoices(session, { orderIds: [orderId] });
    expect(readBack?.invoiceRows?.map((r) => r.quantity)).toEqual(['7.5', undefined]);
    expect(readBack?.invoiceRows?.[0]?.userDefinedDimensions?.[0]?.value).toBe('GM-02');
  });

  it('reuses a stored session after HasSession, and logs in when the stored one is gone', async () => {
    const first = newSession();
    await getProjectStatuses(first);
    const logins = () => env.sandbox.calls.list().filter((c) => c.operation === 'Login').length;
    const before = logins();
    const reused = newSession({ sessionId: first.sessionId });
    expect((await getProjectStatuses(reused)).length).toBeGreaterThan(0);
    expect(reused.sessionId).toBe(first.sessionId);
    expect(logins()).toBe(before);
    const stale = newSession({ sessionId: 'qk2v0d4rj1mzq5xw3nbtaehb' });
    expect((await getProjectStatuses(stale)).length).toBeGreaterThan(0);
    expect(stale.sessionId).not.toBe('qk2v0d4rj1mzq5xw3nbtaehb');
    expect(logins()).toBe(before + 1);
  });

  it('reads the same objects whether the sandbox omits unset values or sends xsi:nil', async () => {
    const session = newSession();
    const read = async () => ({
      companies: await getCompanies(session, { companyIds: [10001, 20420] }),
      projects: await getProjectsDetailed(session, { projectIds: [1001, 2050] }),
      persons: await getPersonsDetailed(session, { id: 503 }),
      orders: await getInvoices(session, { orderIds: [70001, 70002] }),
      products: await getProducts(session, { productIds: [103, 106] }),
    });
    const omitted = await read();
    await env.setFaults({ xsiNil: true });
    try {
      const nil = await read();
      expect(nil).toEqual(omitted);
      expect(omitted.companies.find((c) => c.id === 20420)?.organizationNumber).toBeUndefined();
    } finally {
      await env.setFaults({ xsiNil: false });
    }
  });

  it('logs in straight onto a chosen identity, and refuses a blocked one', async () => {
    const identities = await getIdentitiesWithCredential(newSession().anonymous, CREDENTIALS);
    const transport = identities.find((i) => i.client?.name === 'Demo Transport AS');
    const onTransport = newSession({ identityId: transport?.id });
    expect((await getClientInformation(onTransport)).name).toBe('Demo Transport AS');
    const disabled = identities.find((i) => i.isDisabled);
    expect(disabled).toBeDefined();
    await expect(getClientInformation(newSession({ identityId: disabled?.id }))).rejects.toBeInstanceOf(
      IdentityBlockedError,
    );
  });

  it('refuses a wrong password with the typed error', async () => {
    await expect(getCompanies(newSession({ password: 'feil' }), {})).rejects.toBeInstanceOf(
      WrongCredentialsError,
    );
  });

  it('survives sessions expiring mid-run by logging in once more', async () => {
    const session = newSession();
    await getCompanies(session, {}, ['Id']);
    const first = session.sessionId;
    await env.setFaults({ expireSessions: true });
    expect((await getCompanies(session, {}, ['Id'])).length).toBeGreaterThan(0);
    expect(session.sessionId).not.toBe(first);
  });

  it('reports a dropped response as a retryable transport error', async () => {
    const session = newSession();
    await getCompanies(session, {}, ['Id']);
    await env.setFaults({ dropResponseRate: 1 });
    try {
      const error = await getCompanies(session, {}, ['Id']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
    } finally {
      await env.setFaults({ dropResponseRate: 0 });
    }
  });

  it('stops at the rate limit with the quarantine end, and does not keep calling', async () => {
    // Ten minutes into the next hour: the quarantine cannot end while the test runs.
    const now = Date.now();
    clockOffsetMs = (Math.floor(now / 3_600_000) + 1) * 3_600_000 + 600_000 - now;
    const session = newSession();
    await env.setFaults({ requestsPerHour: 3 });
    try {
      let error: unknown;
      for (let i = 0; i < 6 && !error; i++)
        error = await getCompanies(session, {}, ['Id']).then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).quarantineEndsAt?.getTime()).toBeGreaterThan(testClock().getTime());
      const calls = env.sandbox.calls.list().length;
      await expect(getCompanies(session, {}, ['Id'])).rejects.toBeInstanceOf(RateLimitError);
      expect(env.sandbox.calls.list().length).toBe(calls);
    } finally {
      clockOffsetMs = 0;
      await env.setFaults({ requestsPerHour: 7200 });
      env.sandbox.reset('demo');
    }
  });

  it('sent only schema-valid requests to the sandbox', async () => {
    expect(sentRequests.length).toBeGreaterThan(40);
    const byWsdl = new Map<string, Array<{ operation: string; body: string }>>();
    for (const request of sentRequests) {
      const wsdl = WSDL_BY_PATH.get(request.path);
      expect(wsdl, request.path).toBeDefined();
      const operation = /<soap:Body><(\w+)/.exec(request.body)?.[1] ?? '';
      byWsdl.set(wsdl as string, [...(byWsdl.get(wsdl as string) ?? []), { operation, body: request.body }]);
    }
    const operations = new Set<string>();
    for (const [wsdl, requests] of byWsdl) {
      const results = await validateOperationsXml(
        wsdl,
        requests.map((r) => r.body),
      );
      results.forEach((result, i) => {
        const operation = requests[i]?.operation ?? '';
        operations.add(operation);
        expect(result.errors, operation).toEqual([]);
        expect(result.valid, operation).toBe(true);
      });
    }
    expect(operations.size).toBeGreaterThanOrEqual(32);
  }, 60_000);
});
