import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness, FIXED_NOW } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';

// Scenario: a payroll tool registers, finds, edits and removes customers through the REST API.
describeEachDatabase('REST API /customers', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  it('creates a customer and answers with every camelCase field', async () => {
    const res = await h.request('POST', '/api/v1/customers', {
      body: {
        name: 'Nordvik Bygg AS',
        orgNumber: '923 456 783',
        email: 'Post@Nordvik.no',
        invoiceEmail: 'faktura@nordvik.no',
        phone: '+47 900 00 000',
        address: { street: 'Strandveien 1', postalCode: '9008', city: 'Tromsø' },
        paymentTermsDays: 30,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: 10001,
      name: 'Nordvik Bygg AS',
      orgNumber: '923456783',
      email: 'post@nordvik.no',
      invoiceEmail: 'faktura@nordvik.no',
      phone: '+47 900 00 000',
      address: { street: 'Strandveien 1', postalCode: '9008', city: 'Tromsø', country: 'NO' },
      paymentTermsDays: 30,
      active: true,
      createdAt: FIXED_NOW.toISOString(),
    });
    const got = await h.request('GET', `/api/v1/customers/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('names the bad field in a problem+json 400', async () => {
    const res = await h.request('POST', '/api/v1/customers', {
      body: { name: 'X AS', orgNumber: '123456789' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(res.body.errors).toContainEqual({
      path: 'orgNumber',
      message: expect.stringMatching(/kontrollsiffer/),
    });
  });

  it('says each problem of a field once', async () => {
    const res = await h.request('POST', '/api/v1/customers', { body: { name: 'Kort AS', orgNumber: '123' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'orgNumber', message: 'Organisasjonsnummeret må ha 9 siffer.' },
    ]);
  });

  it('reports a missing name and a wrong type together', async () => {
    const res = await h.request('POST', '/api/v1/customers', { body: { paymentTermsDays: 'fjorten' } });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['name', 'paymentTermsDays']);
  });

  it('refuses malformed JSON and an empty body with 400', async () => {
    const bad = await h.request('POST', '/api/v1/customers', { body: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/JSON/);
    const empty = await h.request('POST', '/api/v1/customers', { body: '' });
    expect(empty.status).toBe(400);
  });

  it('answers 409 naming `number` when the customer number is taken', async () => {
    await h.request('POST', '/api/v1/customers', { body: { number: 20001, name: 'Første AS' } });
    const res = await h.request('POST', '/api/v1/customers', { body: { number: 20001, name: 'Andre AS' } });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ path: 'number', message: expect.stringContaining('20001') }]);
  });

  it('lists every problem at once: format errors and a number in use together', async () => {
    await h.request('POST', '/api/v1/customers', { body: { number: 20011, name: 'Første AS' } });
    const res = await h.request('POST', '/api/v1/customers', {
      body: { number: 20011, name: 'Andre AS', orgNumber: '123456789', address: { postalCode: 'ABCD' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(3);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'orgNumber', message: expect.stringContaining('Organisasjonsnummeret er ikke gyldig') },
        { path: 'address.postalCode', message: 'Norske postnummer har 4 siffer.' },
        { path: 'number', message: 'Kundenummer 20011 er allerede i bruk.' },
      ]),
    );
    const hours = await h.request('POST', '/api/v1/hours', {
      body: { employeeId: 'ingen', projectId: 'ingen', hourTypeId: 'ingen', date: '2025-02-31', hours: '25' },
    });
    expect(hours.status).toBe(400);
    expect(hours.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['date', 'employeeId', 'hourTypeId', 'hours', 'projectId'].sort(),
    );
  });

  it('accepts a second customer with the same org. number, and says so in the answer', async () => {
    const first = await h.request('POST', '/api/v1/customers', {
      body: { number: 20021, name: 'Nordvik Bygg AS', orgNumber: '812345672' },
    });
    expect(first.body.warnings).toBeUndefined();
    const dup = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Dup org', orgNumber: '812 345 672' },
    });
    expect(dup.status).toBe(201);
    expect(dup.body.warnings).toEqual([
      {
        path: 'orgNumber',
        message: expect.stringContaining('Kunde 20021 Nordvik Bygg AS har samme organisasjonsnummer.'),
        customerId: first.body.id,
        customerNumber: 20021,
      },
    ]);
  });

  it('patches only the fields sent', async () => {
    const created = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Fjellheim Entreprenør AS', email: 'post@fjellheim.no' },
    });
    const res = await h.request('PATCH', `/api/v1/customers/${created.body.id}`, {
      body: { paymentTermsDays: 45 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      paymentTermsDays: 45,
      email: 'post@fjellheim.no',
      name: 'Fjellheim Entreprenør AS',
    });
    const missing = await h.request('PATCH', '/api/v1/customers/no-such-id', { body: { name: 'X' } });
    expect(missing.status).toBe(404);
  });

  it('soft-deletes: gone from reads and lists, 404 on a second delete', async () => {
    const created = await h.request('POST', '/api/v1/customers', { body: { name: 'Slettes AS' } });
    const del = await h.request('DELETE', `/api/v1/customers/${created.body.id}`);
    expect(del.status).toBe(204);
    expect((await h.request('GET', `/api/v1/customers/${created.body.id}`)).status).toBe(404);
    expect((await h.request('DELETE', `/api/v1/customers/${created.body.id}`)).status).toBe(404);
    const list = await h.request('GET', '/api/v1/customers?limit=200');
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
  });

  it('filters by active and search, and pages with a cursor', async () => {
    const w = await h.addWorkspace('paging');
    for (let i = 1; i <= 5; i++) {
      await h.request('POST', '/api/v1/customers', {
        token: w.token,
        body: { number: 100 + i, name: `Kunde ${i} AS`, active: i !== 3 },
      });
    }
    const first = await h.request('GET', '/api/v1/customers?limit=2', { token: w.token });
    expect(first.body.items.map((c: { number: number }) => c.number)).toEqual([101, 102]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await h.request('GET', `/api/v1/customers?limit=2&cursor=${first.body.nextCursor}`, {
      token: w.token,
    });
    expect(second.body.items.map((c: { number: number }) => c.number)).toEqual([103, 104]);
    const last = await h.request('GET', `/api/v1/customers?limit=2&cursor=${second.body.nextCursor}`, {
      token: w.token,
    });
    expect(last.body).toMatchObject({ items: [{ number: 105 }], nextCursor: null });

    const inactive = await h.request('GET', '/api/v1/customers?active=false', { token: w.token });
    expect(inactive.body.items.map((c: { number: number }) => c.number)).toEqual([103]);
    const search = await h.request('GET', '/api/v1/customers?search=kunde%204', { token: w.token });
    expect(search.body.items.map((c: { number: number }) => c.number)).toEqual([104]);
  });

  it('bounds limit to 1–200 and refuses a forged cursor', async () => {
    const tooMany = await h.request('GET', '/api/v1/customers?limit=201');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('limit');
    const zero = await h.request('GET', '/api/v1/customers?limit=0');
    expect(zero.status).toBe(400);
    const forged = await h.request('GET', '/api/v1/customers?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].path).toBe('cursor');
    const badFilter = await h.request('GET', '/api/v1/customers?active=ja');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].path).toBe('active');
  });
});
