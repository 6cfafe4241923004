import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';

// Scenario: a driver's app records kilometres and toll passes on a project; the office lists
// them per project, kind and period, and the amounts are exact to the øre.
describeEachDatabase('REST API /transport', (getDb) => {
  let h: AppHarness;
  let projectId: string;
  let otherProjectId: string;
  let employeeId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    projectId = (await h.request('POST', '/api/v1/projects', { body: { number: '1001', name: 'Boligfelt' } }))
      .body.id;
    otherProjectId = (
      await h.request('POST', '/api/v1/projects', { body: { number: '1002', name: 'VA-anlegg' } })
    ).body.id;
    employeeId = (await h.request('POST', '/api/v1/employees', { body: { name: 'Ola Nordmann' } })).body.id;
    const rows = [
      [
        'km-march',
        { projectId, employeeId, date: '2025-03-03', kind: 'km', quantity: '42,5', unitPrice: '5.00' },
      ],
      ['toll-march', { projectId, date: '2025-03-10', kind: 'toll', quantity: '2', unitPrice: '37.33' }],
      ['km-april', { projectId, date: '2025-04-01', kind: 'km', quantity: '10', unitPrice: '5.00' }],
      [
        'other-project',
        { projectId: otherProjectId, date: '2025-03-05', kind: 'other', quantity: '1', unitPrice: '899' },
      ],
    ] as const;
    for (const [name, body] of rows) {
      const res = await h.request('POST', '/api/v1/transport', { body });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
    }
  });

  const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((t) => t.id);

  it('answers quantities, prices and the exact amount as decimal strings', async () => {
    const res = await h.request('GET', `/api/v1/transport/${ids['km-march']}`);
    expect(res.body).toMatchObject({
      kind: 'km',
      quantity: '42.5',
      unitPrice: '5.00',
      amount: '212.50',
      employeeId,
    });
    const toll = await h.request('GET', `/api/v1/transport/${ids['toll-march']}`);
    expect(toll.body).toMatchObject({ quantity: '2', unitPrice: '37.33', amount: '74.66' });
  });

  it('filters by project, kind and date range', async () => {
    const byProject = await h.request('GET', `/api/v1/transport?projectId=${projectId}`);
    expect(idsOf(byProject)).toEqual([ids['km-march'], ids['toll-march'], ids['km-april']]);
    const km = await h.request('GET', `/api/v1/transport?projectId=${projectId}&kind=km`);
    expect(idsOf(km)).toEqual([ids['km-march'], ids['km-april']]);
    const march = await h.request('GET', '/api/v1/transport?from=2025-03-01&to=2025-03-31');
    expect(idsOf(march)).toEqual([ids['km-march'], ids['other-project'], ids['toll-march']]);
    const byEmployee = await h.request('GET', `/api/v1/transport?employeeId=${employeeId}`);
    expect(idsOf(byEmployee)).toEqual([ids['km-march']]);
  });

  it('pages through a period with limit and cursor', async () => {
    const first = await h.request('GET', '/api/v1/transport?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await h.request('GET', `/api/v1/transport?limit=3&cursor=${first.body.nextCursor}`);
    expect(idsOf(second)).toEqual([ids['km-april']]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a bad kind, a bad date and too many decimals, naming each field', async () => {
    const res = await h.request('POST', '/api/v1/transport', {
      body: { projectId, date: '2025-13-01', kind: 'fly', quantity: '1.234', unitPrice: '5' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['date', 'kind', 'quantity']);
    const badFilter = await h.request('GET', '/api/v1/transport?from=14.03.2025');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors[0].path).toBe('from');
  });

  it('patches the quantity and recomputes the amount; deletes softly', async () => {
    const patched = await h.request('PATCH', `/api/v1/transport/${ids['km-april']}`, {
      body: { quantity: '12.25' },
    });
    expect(patched.body).toMatchObject({ quantity: '12.25', amount: '61.25' });
    expect((await h.request('DELETE', `/api/v1/transport/${ids['km-april']}`)).status).toBe(204);
    const list = await h.request('GET', `/api/v1/transport?projectId=${projectId}`);
    expect(idsOf(list)).not.toContain(ids['km-april']);
  });

  it("refuses another workspace's project on projectId", async () => {
    const res = await h.request('POST', '/api/v1/transport', {
      token: h.b.token,
      body: { projectId, date: '2025-03-03', kind: 'km', quantity: '1', unitPrice: '5' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['projectId']);
  });
});
