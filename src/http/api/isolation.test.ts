import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';

// Scenario: two companies share one Broen; company B's token tries every way to see or touch
// company A's records and gets nothing but 404s and lists without them.
describeEachDatabase('REST API workspace isolation', (getDb) => {
  let h: AppHarness;
  /** One record of A per resource path. */
  const records: Record<string, { id: string; body: unknown }> = {};

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    const create = async (path: string, body: Record<string, unknown>) => {
      const res = await h.request('POST', `/api/v1/${path}`, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      records[path] = { id: res.body.id, body: res.body };
      return res.body.id as string;
    };
    const customerId = await create('customers', { name: 'Hemmelig Kunde AS', orgNumber: '923456783' });
    const employeeId = await create('employees', { name: 'Hemmelig Arbeider' });
    const hourTypeId = await create('hour-types', { code: 'ORD', name: 'Ordinær' });
    const machineId = await create('machines', { number: 'GM-01', name: 'Gravemaskin' });
    await create('products', { number: 'P-1001', name: 'Pukk' });
    const projectId = await create('projects', { number: '1001', name: 'Hemmelig prosjekt', customerId });
    await create('hours', { employeeId, projectId, hourTypeId, machineId, date: '2025-03-10', hours: '7.5' });
    await create('transport', {
      projectId,
      employeeId,
      date: '2025-03-10',
      kind: 'km',
      quantity: '10',
      unitPrice: '5',
    });
    // B has records of its own, so its lists are not trivially empty.
    await h.request('POST', '/api/v1/customers', { token: h.b.token, body: { name: 'B sin kunde AS' } });
  });

  const PATHS = [
    'customers',
    'employees',
    'hour-types',
    'machines',
    'products',
    'projects',
    'hours',
    'transport',
  ];
  const asB = { token: '' };
  beforeAll(() => {
    asB.token = h.b.token;
  });

  for (const path of PATHS) {
    it(`${path}: B gets 404 for A's record on read, change and delete`, async () => {
      const { id } = records[path];
      expect((await h.request('GET', `/api/v1/${path}/${id}`, asB)).status).toBe(404);
      const patch = await h.request('PATCH', `/api/v1/${path}/${id}`, { ...asB, body: {} });
      expect(patch.status).toBe(404);
      expect(patch.headers.get('content-type')).toContain('application/problem+json');
      expect((await h.request('DELETE', `/api/v1/${path}/${id}`, asB)).status).toBe(404);
      // A's record is untouched by B's attempts.
      const mine = await h.request('GET', `/api/v1/${path}/${id}`);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual(records[path].body);
    });

    it(`${path}: B's lists never contain A's rows, with or without filters`, async () => {
      const all = await h.request('GET', `/api/v1/${path}?limit=200`, asB);
      expect(all.status).toBe(200);
      expect(JSON.stringify(all.body)).not.toContain(records[path].id);
      // A's own list does contain it, so the check above can fail.
      const mine = await h.request('GET', `/api/v1/${path}?limit=200`);
      expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(records[path].id);
    });
  }

  it("hours and transport: filtering by A's project, worker or machine gives B nothing", async () => {
    const projectId = records.projects.id;
    const employeeId = records.employees.id;
    for (const query of [`projectId=${projectId}`, `employeeId=${employeeId}`]) {
      for (const path of ['hours', 'transport']) {
        const res = await h.request('GET', `/api/v1/${path}?${query}`, asB);
        expect(res.body).toEqual({ items: [], nextCursor: null });
      }
    }
    const byMachine = await h.request('GET', `/api/v1/hours?machineId=${records.machines.id}`, asB);
    expect(byMachine.body.items).toEqual([]);
    const byCustomer = await h.request('GET', `/api/v1/projects?customerId=${records.customers.id}`, asB);
    expect(byCustomer.body.items).toEqual([]);
  });

  it("hours: B cannot approve, un-approve or read the history of A's hour", async () => {
    const id = records.hours.id;
    expect((await h.request('POST', `/api/v1/hours/${id}/approve`, asB)).status).toBe(404);
    expect((await h.request('POST', `/api/v1/hours/${id}/unapprove`, asB)).status).toBe(404);
    expect((await h.request('GET', `/api/v1/hours/${id}/approval-events`, asB)).status).toBe(404);
    const bulk = await h.request('POST', '/api/v1/hours/approve', { ...asB, body: { ids: [id] } });
    expect(bulk.body.results).toEqual([
      { id, ok: false, error: expect.objectContaining({ code: 'not_found' }) },
    ]);
    const mine = await h.request('GET', `/api/v1/hours/${id}`);
    expect(mine.body.approved).toBe(false);
  });

  it("hours: B's bulk un-approve cannot reopen A's approved hour", async () => {
    const id = records.hours.id;
    expect((await h.request('POST', `/api/v1/hours/${id}/approve`)).status).toBe(200);
    const bulk = await h.request('POST', '/api/v1/hours/unapprove', { ...asB, body: { ids: [id] } });
    expect(bulk.body.results).toEqual([
      { id, ok: false, error: expect.objectContaining({ code: 'not_found' }) },
    ]);
    expect((await h.request('GET', `/api/v1/hours/${id}`)).body.approved).toBe(true);
    expect((await h.request('POST', `/api/v1/hours/${id}/unapprove`)).status).toBe(200);
  });

  it("B cannot point its own records at A's, on create or on change, field by field", async () => {
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await h.request('POST', `/api/v1/${path}`, { ...asB, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const own = {
      customerId: await post('customers', { name: 'B Kunde AS' }),
      projectManagerId: await post('employees', { name: 'B Leder' }),
      employeeId: await post('employees', { name: 'B Arbeider' }),
      hourTypeId: await post('hour-types', { code: 'ORD', name: 'Ordinær' }),
      machineId: await post('machines', { number: 'GM-01', name: 'B Gravemaskin' }),
      projectId: await post('projects', { number: '1001', name: 'B prosjekt' }),
    };
    const theirs: Record<string, string> = {
      customerId: records.customers.id,
      projectManagerId: records.employees.id,
      employeeId: records.employees.id,
      hourTypeId: records['hour-types'].id,
      machineId: records.machines.id,
      projectId: records.projects.id,
    };
    const cases: { path: string; body: Record<string, unknown>; fields: (keyof typeof own)[] }[] = [
      {
        path: 'projects',
        body: {
          number: '2001',
          name: 'B nytt',
          customerId: own.customerId,
          projectManagerId: own.projectManagerId,
        },
        fields: ['customerId', 'projectManagerId'],
      },
      {
        path: 'hours',
        body: {
          employeeId: own.employeeId,
          projectId: own.projectId,
          hourTypeId: own.hourTypeId,
          machineId: own.machineId,
          date: '2025-03-11',
          hours: '2',
        },
        fields: ['employeeId', 'projectId', 'hourTypeId', 'machineId'],
      },
      {
        path: 'transport',
        body: {
          projectId: own.projectId,
          employeeId: own.employeeId,
          date: '2025-03-11',
          kind: 'toll',
          quantity: '1',
          unitPrice: '45.00',
        },
        fields: ['projectId', 'employeeId'],
      },
    ];
    for (const { path, body, fields } of cases) {
      const mine = await post(path, body);
      for (const field of fields) {
        const swapped = { ...body, [field]: theirs[field] };
        if (path === 'projects') swapped.number = `3${field.length}`;
        const created = await h.request('POST', `/api/v1/${path}`, { ...asB, body: swapped });
        expect(created.status, `${path} POST ${field}`).toBe(400);
        expect(
          created.body.errors.map((e: { path: string }) => e.path),
          `${path} POST ${field}`,
        ).toEqual([field]);
        const changed = await h.request('PATCH', `/api/v1/${path}/${mine}`, {
          ...asB,
          body: { [field]: theirs[field] },
        });
        expect(changed.status, `${path} PATCH ${field}`).toBe(400);
        expect(
          changed.body.errors.map((e: { path: string }) => e.path),
          `${path} PATCH ${field}`,
        ).toEqual([field]);
      }
      expect((await h.request('GET', `/api/v1/${path}/${mine}`, asB)).body).toMatchObject(body);
    }
  });

  it("imports: B's CSV naming A's project, worker, hour type, machine and customer numbers is refused", async () => {
    const before = await h.request('GET', `/api/v1/hours?projectId=${records.projects.id}&limit=200`);
    const employeeNumber = (records.employees.body as { number: number }).number;
    // A workspace with no registers of its own names A's numbers: they must not be found.
    const outsider = await h.addWorkspace('outsider');
    const blind = await h.request('POST', '/api/v1/imports/hours', {
      token: outsider.token,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: `ansatt;prosjekt;timetype;maskin;dato;timer\n${employeeNumber};1001;ORD;GM-01;10.03.2025;7,5\n`,
    });
    expect(blind.status).toBe(422);
    expect(blind.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['rows.2.ansatt', 'rows.2.prosjekt', 'rows.2.timetype', 'rows.2.maskin']),
    );
    const projects = await h.request('POST', '/api/v1/imports/projects', {
      token: outsider.token,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: `prosjektnummer;navn;kunde\n5001;Lånt kunde;${(records.customers.body as { number: number }).number}\n`,
    });
    expect(projects.status).toBe(422);
    expect(projects.body.errors.map((e: { path: string }) => e.path)).toEqual(['rows.2.kunde']);
    const after = await h.request('GET', `/api/v1/hours?projectId=${records.projects.id}&limit=200`);
    expect(after.body.items).toEqual(before.body.items);
  });

  it("A's cursor does not open A's rows to B", async () => {
    const second = await h.request('POST', '/api/v1/customers', { body: { name: 'Hemmelig Kunde 2 AS' } });
    const page = await h.request('GET', '/api/v1/customers?limit=1');
    expect(page.body.nextCursor).not.toBeNull();
    const mine = await h.request('GET', `/api/v1/customers?limit=200&cursor=${page.body.nextCursor}`);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(second.body.id);
    const res = await h.request('GET', `/api/v1/customers?limit=200&cursor=${page.body.nextCursor}`, asB);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(second.body.id);
  });
});
