import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness, tickingClock } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';

// Scenario: a time app posts workers' hours; the office filters them by project, worker,
// period and approval, approves a week in one call, and approved hours stay frozen.
describeEachDatabase('REST API /hours', (getDb) => {
  let h: AppHarness;
  const ref: Record<string, string> = {};
  const hour: Record<string, string> = {};

  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/api/v1${path}`, { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    // A clock that moves, so the approval history has a real order.
    h = await createAppHarness(getDb(), { clock: tickingClock() });
    ref.ola = await post('/employees', { name: 'Ola Nordmann' });
    ref.kari = await post('/employees', { name: 'Kari Hansen' });
    ref.nordvik = await post('/projects', { number: '1001', name: 'Boligfelt Nordvik' });
    ref.va = await post('/projects', { number: '1002', name: 'VA-anlegg Fjellheim' });
    ref.ord = await post('/hour-types', { code: 'ORD', name: 'Ordinær', hourlyPrice: '650.00' });
    ref.intern = await post('/hour-types', { code: 'INT', name: 'Internt', billable: false });
    ref.gm01 = await post('/machines', { number: 'GM-01', name: 'Gravemaskin Volvo EC220' });
    const base = { employeeId: ref.ola, projectId: ref.nordvik, hourTypeId: ref.ord };
    hour.mon = await post('/hours', { ...base, date: '2025-03-10', hours: '7.5', description: 'Graving' });
    hour.tue = await post('/hours', { ...base, date: '2025-03-11', startTime: '07:00', endTime: '15:30' });
    hour.wed = await post('/hours', { ...base, date: '2025-03-12', minutes: 45, machineId: ref.gm01 });
    hour.kari = await post('/hours', { ...base, employeeId: ref.kari, date: '2025-03-10', hours: '8' });
    hour.va = await post('/hours', {
      ...base,
      projectId: ref.va,
      hourTypeId: ref.intern,
      date: '2025-04-02',
      hours: '2',
    });
  });

  const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((x) => x.id);

  it('stores the duration exactly whichever way it was given', async () => {
    const mon = await h.request('GET', `/api/v1/hours/${hour.mon}`);
    expect(mon.body).toMatchObject({
      minutes: 450,
      hours: '7.5',
      approved: false,
      billable: true,
      description: 'Graving',
    });
    const tue = await h.request('GET', `/api/v1/hours/${hour.tue}`);
    expect(tue.body).toMatchObject({ minutes: 510, hours: '8.5', startTime: '07:00', endTime: '15:30' });
    const wed = await h.request('GET', `/api/v1/hours/${hour.wed}`);
    expect(wed.body).toMatchObject({ minutes: 45, hours: '0.75', machineId: ref.gm01 });
    const va = await h.request('GET', `/api/v1/hours/${hour.va}`);
    expect(va.body.billable).toBe(false);
  });

  it('filters by project, employee, date range and approval', async () => {
    expect(idsOf(await h.request('GET', `/api/v1/hours?projectId=${ref.va}`))).toEqual([hour.va]);
    const ola = await h.request('GET', `/api/v1/hours?employeeId=${ref.ola}&projectId=${ref.nordvik}`);
    expect(idsOf(ola)).toEqual([hour.mon, hour.tue, hour.wed]);
    const week = await h.request('GET', '/api/v1/hours?from=2025-03-11&to=2025-03-12');
    expect(idsOf(week)).toEqual([hour.tue, hour.wed]);
    const machine = await h.request('GET', `/api/v1/hours?machineId=${ref.gm01}`);
    expect(idsOf(machine)).toEqual([hour.wed]);
    const notBillable = await h.request('GET', '/api/v1/hours?billable=false');
    expect(idsOf(notBillable)).toEqual([hour.va]);
    const newestFirst = await h.request('GET', `/api/v1/hours?employeeId=${ref.ola}&order=desc&limit=1`);
    expect(idsOf(newestFirst)).toEqual([hour.va]);
  });

  it('pages through hours with limit and cursor without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await h.request(
        'GET',
        `/api/v1/hours?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((x) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    // Date order; the two hours of 10 March by id.
    expect(seen).toEqual([...[hour.mon, hour.kari].sort(), hour.tue, hour.wed, hour.va]);
    expect(new Set(seen).size).toBe(5);
  });

  it('approves one hour, then refuses to change or delete it with 422 until un-approved', async () => {
    const approved = await h.request('POST', `/api/v1/hours/${hour.mon}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: hour.mon, approved: true, approvedBy: 'API-token «test»' });
    expect(Date.parse(approved.body.approvedAt)).toBeGreaterThan(Date.parse(approved.body.createdAt));

    const patch = await h.request('PATCH', `/api/v1/hours/${hour.mon}`, { body: { hours: '8' } });
    expect(patch.status).toBe(422);
    expect(patch.headers.get('content-type')).toContain('application/problem+json');
    expect(patch.body.detail).toMatch(/godkjent/);
    expect((await h.request('DELETE', `/api/v1/hours/${hour.mon}`)).status).toBe(422);

    const approvedList = await h.request('GET', '/api/v1/hours?approved=true');
    expect(idsOf(approvedList)).toEqual([hour.mon]);

    const unapproved = await h.request('POST', `/api/v1/hours/${hour.mon}/unapprove`);
    expect(unapproved.body).toMatchObject({ approved: false, approvedBy: null, approvedAt: null });
    const edited = await h.request('PATCH', `/api/v1/hours/${hour.mon}`, { body: { hours: '8' } });
    expect(edited.status).toBe(200);
    expect(edited.body.minutes).toBe(480);

    const events = await h.request('GET', `/api/v1/hours/${hour.mon}/approval-events`);
    expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(['approved', 'unapproved']);
  });

  it('approves many at once with a result per id; unknown and foreign ids do not stop the rest', async () => {
    const foreignEmployee = (
      await h.request('POST', '/api/v1/employees', { token: h.b.token, body: { name: 'B' } })
    ).body.id;
    const res = await h.request('POST', '/api/v1/hours/approve', {
      body: { ids: [hour.tue, hour.wed, 'no-such-hour', foreignEmployee, hour.tue] },
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        id: hour.tue,
        ok: true,
        changed: true,
        hour: expect.objectContaining({ approved: true }),
      }),
      expect.objectContaining({ id: hour.wed, ok: true, changed: true }),
      { id: 'no-such-hour', ok: false, error: { code: 'not_found', message: 'Timen finnes ikke.' } },
      { id: foreignEmployee, ok: false, error: { code: 'not_found', message: 'Timen finnes ikke.' } },
    ]);
    const again = await h.request('POST', '/api/v1/hours/approve', { body: { ids: [hour.tue] } });
    expect(again.body.results[0]).toMatchObject({ ok: true, changed: false });

    const open = await h.request('POST', '/api/v1/hours/unapprove', { body: { ids: [hour.tue, hour.wed] } });
    expect(open.body.results.map((r: { changed: boolean }) => r.changed)).toEqual([true, true]);
    expect(idsOf(await h.request('GET', '/api/v1/hours?approved=true'))).toEqual([]);
  });

  it('names the bad element of a bulk body, and refuses an empty list', async () => {
    const bad = await h.request('POST', '/api/v1/hours/approve', { body: { ids: [hour.tue, 42] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['ids.1']);
    const empty = await h.request('POST', '/api/v1/hours/approve', { body: { ids: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('ids');
    const missing = await h.request('POST', '/api/v1/hours/no-such-hour/approve');
    expect(missing.status).toBe(404);
  });

  it('refuses durations that disagree, and references from another workspace', async () => {
    const disagree = await h.request('POST', '/api/v1/hours', {
      body: {
        employeeId: ref.ola,
        projectId: ref.nordvik,
        hourTypeId: ref.ord,
        date: '2025-03-13',
        hours: '7',
        startTime: '07:00',
        endTime: '15:00',
      },
    });
    expect(disagree.status).toBe(400);
    expect(disagree.body.errors.map((e: { path: string }) => e.path)).toEqual(['hours']);

    const tooLong = await h.request('POST', '/api/v1/hours', {
      body: {
        employeeId: ref.ola,
        projectId: ref.nordvik,
        hourTypeId: ref.ord,
        date: '2025-03-13',
        hours: '25',
      },
    });
    expect(tooLong.status).toBe(422);

    const foreign = await h.request('POST', '/api/v1/hours', {
      token: h.b.token,
      body: {
        employeeId: ref.ola,
        projectId: ref.nordvik,
        hourTypeId: ref.ord,
        date: '2025-03-13',
        hours: '1',
      },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors.map((e: { path: string }) => e.path)).toContain('employeeId');
  });
});
