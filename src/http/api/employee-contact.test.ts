// Scenario: an integrator sets workers' 24SO contact ids through /api/v1/employees; unconnected they are saved and said to be unchecked, connected a contact that does not exist or is a customer's contact person is refused, and an employee is saved with its name.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { installIntegrationRuntime } from '../../integration/runtime.ts';
import { createSandbox } from '../../sandbox/server.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';

describeEachDatabase('REST API /employees: the 24SO contact id is checked when connected', (getDb) => {
  let h: AppHarness;
  let employeeId: string;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    const sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
  });

  it('saves a contact id unchecked while not connected, and says so', async () => {
    const res = await h.request('POST', '/api/v1/employees', {
      body: { name: 'Ukontrollert Arbeider', twentyfourContactId: 99998 },
    });
    expect(res.status).toBe(201);
    expect(res.body.twentyfourContactId).toBe(99998);
    expect(res.body.twentyfourContactCheck).toEqual({
      state: 'unchecked',
      name: null,
      message: 'Ikke koblet til 24SevenOffice: kontakt-id-en er lagret uten kontroll.',
    });
    employeeId = res.body.id;
    // A write without a contact id says nothing about one.
    const renamed = await h.request('PATCH', `/api/v1/employees/${employeeId}`, {
      body: { name: 'Ny Navn' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.twentyfourContactCheck).toBeUndefined();
  });

  it('refuses, when connected, a contact the client lacks and a customer’s contact person', async () => {
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: USER, password: PASSWORD },
    });
    const maskin = clients.body.clients.find((c: { name: string }) => c.name === 'Demo Maskin AS');
    const connected = await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: USER, password: PASSWORD, identityId: maskin.identityId },
    });
    expect(connected.status).toBe(200);

    const missing = await h.request('PATCH', `/api/v1/employees/${employeeId}`, {
      body: { twentyfourContactId: 99997 },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      {
        path: 'twentyfourContactId',
        message:
          'Kontakt-id 99997 finnes ikke i 24SevenOffice-klienten «Demo Maskin AS». Velg en kontakt fra listen.',
      },
    ]);
    const customerContact = await h.request('PATCH', `/api/v1/employees/${employeeId}`, {
      body: { twentyfourContactId: 601 },
    });
    expect(customerContact.status).toBe(422);
    expect(customerContact.body.errors[0].message).toBe(
      'Kontakt-id 601 (Jon Vik) er en kontaktperson, ikke en ansatt i 24SevenOffice-klienten «Demo Maskin AS». Velg en ansatt fra listen.',
    );
    const created = await h.request('POST', '/api/v1/employees', {
      body: { name: 'Feil Kontakt', twentyfourContactId: 601 },
    });
    expect(created.status).toBe(422);
    // Nothing was written by the refusals.
    const stored = await h.request('GET', `/api/v1/employees/${employeeId}`);
    expect(stored.body.twentyfourContactId).toBe(99998);
    const list = await h.request('GET', '/api/v1/employees?search=Feil%20Kontakt');
    expect(list.body.items).toEqual([]);
  });

  it('saves an employee contact, checked, with the contact’s name', async () => {
    const res = await h.request('PATCH', `/api/v1/employees/${employeeId}`, {
      body: { twentyfourContactId: 502 },
    });
    expect(res.status).toBe(200);
    expect(res.body.twentyfourContactId).toBe(502);
    expect(res.body.twentyfourContactCheck).toEqual({
      state: 'checked',
      name: 'Kari Hansen (kari.hansen@demomaskin.no)',
      message: null,
    });
  });
});
