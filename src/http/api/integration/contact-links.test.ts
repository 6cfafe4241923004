// Scenario: the admin's tooling links workers to 24SO contacts: suggestions per worker, every
// sure one at once, and refusals for a contact the client lacks or another worker holds.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { type FixtureWorkspace, insertFixtureRefs, insertHours } from '../../../integration/test-fixtures.ts';
import { createSandbox } from '../../../sandbox/server.ts';

describeEachDatabase('REST API /integration/contact-suggestions and /contact-links', (getDb) => {
  let h: AppHarness;
  let fixture: FixtureWorkspace;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    const sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: 'api@demo.no', password: 'demo-password' },
    });
    const maskin = clients.body.clients.find((c: { name: string }) => c.name === 'Demo Maskin AS');
    await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: 'api@demo.no', password: 'demo-password', identityId: maskin.identityId },
    });
    // «Ola Nordmann» without e-mail, with 12 approved ORD hours.
    fixture = await insertFixtureRefs(h.db, h.a.id);
    ids.ola = fixture.employeeId;
    await insertHours(h.db, fixture, { code: 'ORD', count: 12, approved: true });
    await insertHours(h.db, fixture, { code: 'OT100', count: 3, approved: true });
    const saved = await h.request('PUT', '/api/v1/integration/settings', {
      body: { hours: { workTypeByHourType: { ORD: '1' } } },
    });
    expect(saved.status).toBe(200);
    for (const [key, body] of [
      ['kari', { name: 'Kari Hansen', email: 'KARI.HANSEN@demomaskin.no' }],
      ['per', { name: 'Per Olsen', email: 'per.olsen@demomaskin.no' }],
      ['jonas', { name: 'Jonas Berg', email: 'jonas.berg@demomaskin.no' }],
    ] as const) {
      const res = await h.request('POST', '/api/v1/employees', { body });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    }
  });

  const suggestions = async () => {
    const res = await h.request('GET', '/api/v1/integration/contact-suggestions');
    expect(res.status).toBe(200);
    return res.body;
  };
  const contactOf = async (id: string) =>
    (await h.request('GET', `/api/v1/employees/${id}`)).body.twentyfourContactId;

  it('suggests a contact per worker, sure only on one e-mail match, and counts the hours waiting', async () => {
    const body = await suggestions();
    const of = (id: string) => body.items.find((i: { employeeId: string }) => i.employeeId === id).suggestion;
    expect(of(ids.kari)).toEqual({
      contactId: '502',
      name: 'Kari Hansen',
      email: 'kari.hansen@demomaskin.no',
      matchedBy: 'email',
      sure: true,
    });
    expect(of(ids.ola)).toMatchObject({ contactId: '501', matchedBy: 'name', sure: false });
    expect(of(ids.per)).toMatchObject({ contactId: '503', matchedBy: 'name', sure: false });
    expect(of(ids.jonas)).toBeNull();
    // OT100 has no work type: those hours wait for the mapping, not for the contact.
    expect(body.waitingHours).toEqual({ entries: 12, minutes: 12 * 450 });
  });

  it('refuses a contact the client does not have, or one contact for two workers, changing nothing', async () => {
    const missing = await h.request('POST', '/api/v1/integration/contact-links', {
      body: { links: [{ employeeId: ids.ola, contactId: 999 }] },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      {
        path: 'links.0.contactId',
        message:
          'Kontakt-id 999 finnes ikke i 24SevenOffice-klienten «Demo Maskin AS». Velg en kontakt fra listen.',
      },
    ]);
    const twice = await h.request('POST', '/api/v1/integration/contact-links', {
      body: {
        links: [
          { employeeId: ids.ola, contactId: 501 },
          { employeeId: ids.per, contactId: 501 },
        ],
      },
    });
    expect(twice.status).toBe(422);
    expect(twice.body.errors[0].message).toBe('Kontakt-id 501 er valgt for to arbeidere (rad 1 og 2).');
    expect(await contactOf(ids.ola)).toBeNull();
    const empty = await h.request('POST', '/api/v1/integration/contact-links', { body: {} });
    expect(empty.status).toBe(400);
  });

  it('links every sure suggestion at once, then refuses a contact already linked to another worker', async () => {
    // With an Idempotency-Key: the links are checked against 24SO's contact list outside the
    // request's transaction, and a retry gets the first answer back.
    const once = { body: { acceptSuggestions: true }, headers: { 'Idempotency-Key': 'koble-1' } };
    const all = await h.request('POST', '/api/v1/integration/contact-links', once);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ linked: 1 });
    const retried = await h.request('POST', '/api/v1/integration/contact-links', once);
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.body).toEqual({ linked: 1 });
    expect(await contactOf(ids.kari)).toBe(502);
    expect(await contactOf(ids.per)).toBeNull();

    const taken = await h.request('POST', '/api/v1/integration/contact-links', {
      body: {
        links: [
          { employeeId: ids.ola, contactId: 501 },
          { employeeId: ids.per, contactId: 502 },
        ],
      },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([
      {
        path: 'links.1.contactId',
        message: 'Kontakt-id 502 i 24SevenOffice er allerede koblet til Kari Hansen (nr. 2).',
      },
    ]);
    // All or nothing: Ola's valid link in the same request was not made either.
    expect(await contactOf(ids.ola)).toBeNull();

    const ola = await h.request('POST', '/api/v1/integration/contact-links', {
      body: { links: [{ employeeId: ids.ola, contactId: 501 }] },
    });
    expect(ola.status).toBe(200);
    expect((await suggestions()).waitingHours).toEqual({ entries: 0, minutes: 0 });
  });

  it('needs a connection', async () => {
    const res = await h.request('GET', '/api/v1/integration/contact-suggestions', { token: h.b.token });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('Ikke koblet til 24SevenOffice.');
  });
});
