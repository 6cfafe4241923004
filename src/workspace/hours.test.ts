// Scenario: workers' hours are recorded with sound durations, frozen once approved, and listed by filters and pages.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { approveHour, unapproveHour } from './hour-approval.ts';
import { hourEntrySchema } from './hour-schemas.ts';
import {
  createHourEntry,
  findHourEntriesByIds,
  getHourEntry,
  listHourEntries,
  softDeleteHourEntry,
  updateHourEntry,
} from './hours.ts';
import { createMachine, softDeleteMachine } from './machines.ts';
import { createProject } from './projects.ts';
import { caught, newWorkspace, steppingClock } from './test-support.ts';
import { hoursFixture } from './workspace-fixture.ts';

describeEachDatabase('hours', (getDb) => {
  it('records 7.5 hours; billable follows the hour type unless given', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const base = { employeeId: f.olaId, projectId: f.projectId, date: '2025-03-14' };
    const h = await createHourEntry(db, f.workspaceId, {
      ...base,
      hourTypeId: f.ordId,
      hours: '7,5',
      description: 'Graving',
    });
    expect(h).toMatchObject({
      minutes: 450,
      hours: '7.5',
      billable: true,
      approved: false,
      approvedBy: null,
      description: 'Graving',
    });
    expect(hourEntrySchema.parse(h)).toEqual(h);
    const internal = await createHourEntry(db, f.workspaceId, {
      ...base,
      hourTypeId: f.internId,
      hours: '1',
    });
    expect(internal.billable).toBe(false);
    const forced = await createHourEntry(db, f.workspaceId, {
      ...base,
      hourTypeId: f.internId,
      hours: '1',
      billable: true,
    });
    expect(forced.billable).toBe(true);
    expect(await getHourEntry(db, f.workspaceId, h.id)).toEqual(h);
  });

  it('computes minutes from start and end, and refuses disagreeing or reversed times', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const base = { employeeId: f.olaId, projectId: f.projectId, hourTypeId: f.ordId, date: '2025-03-14' };
    const h = await createHourEntry(db, f.workspaceId, { ...base, startTime: '07:00', endTime: '15:15' });
    expect(h).toMatchObject({ minutes: 495, hours: '8.25', startTime: '07:00', endTime: '15:15' });
    const agree = await createHourEntry(db, f.workspaceId, {
      ...base,
      startTime: '07:00',
      endTime: '08:00',
      hours: '1',
    });
    expect(agree.minutes).toBe(60);
    expect(
      await caught(() =>
        createHourEntry(db, f.workspaceId, { ...base, startTime: '07:00', endTime: '08:00', hours: '2' }),
      ),
    ).toMatchObject({
      code: 'invalid',
      field: 'hours',
      message: 'Timene stemmer ikke med start- og sluttid.',
    });
    expect(
      await caught(() =>
        createHourEntry(db, f.workspaceId, { ...base, startTime: '22:00', endTime: '02:00' }),
      ),
    ).toMatchObject({
      code: 'invalid',
      field: 'endTime',
    });
    expect(
      await caught(() => createHourEntry(db, f.workspaceId, { ...base, startTime: '07:00' })),
    ).toMatchObject({
      code: 'invalid',
      field: 'endTime',
    });
    expect(await caught(() => createHourEntry(db, f.workspaceId, base))).toMatchObject({
      code: 'invalid',
      field: 'hours',
    });
  });

  it('allows at most 24 hours per entry and whole minutes only', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const base = { employeeId: f.olaId, projectId: f.projectId, hourTypeId: f.ordId, date: '2025-03-14' };
    expect((await createHourEntry(db, f.workspaceId, { ...base, hours: '24' })).minutes).toBe(1440);
    expect(await caught(() => createHourEntry(db, f.workspaceId, { ...base, hours: '24.25' }))).toMatchObject(
      {
        code: 'rule_violation',
        message: 'En timeregistrering kan være på høyst 24 timer.',
      },
    );
    expect(await caught(() => createHourEntry(db, f.workspaceId, { ...base, hours: '0.01' }))).toMatchObject({
      code: 'invalid',
      field: 'hours',
    });
    expect(await caught(() => createHourEntry(db, f.workspaceId, { ...base, hours: '0' }))).toMatchObject({
      code: 'invalid',
    });
    expect(
      await caught(() => createHourEntry(db, f.workspaceId, { ...base, date: '2025-02-29', hours: '1' })),
    ).toMatchObject({
      code: 'invalid',
      field: 'date',
    });
  });

  it("refuses references to another workspace's employee, project, hour type or machine", async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const other = await hoursFixture(db);
    const base = {
      employeeId: f.olaId,
      projectId: f.projectId,
      hourTypeId: f.ordId,
      date: '2025-03-14',
      hours: '1',
    };
    for (const [field, value] of [
      ['employeeId', other.olaId],
      ['projectId', other.projectId],
      ['hourTypeId', other.ordId],
      ['machineId', other.machineId],
    ] as const) {
      expect(
        await caught(() => createHourEntry(db, f.workspaceId, { ...base, [field]: value })),
      ).toMatchObject({
        code: 'invalid',
        field,
      });
    }
    const mine = await createHourEntry(db, f.workspaceId, { ...base, machineId: f.machineId });
    expect(await getHourEntry(db, other.workspaceId, mine.id)).toBeUndefined();
    expect(await findHourEntriesByIds(db, other.workspaceId, [mine.id])).toEqual([]);
    expect(await caught(() => updateHourEntry(db, other.workspaceId, mine.id, { hours: '2' }))).toMatchObject(
      {
        code: 'not_found',
      },
    );
    expect(await softDeleteHourEntry(db, other.workspaceId, mine.id)).toBe(false);
  });

  it('an approved hour cannot be edited or deleted until it is un-approved', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const clock = steppingClock();
    const h = await createHourEntry(
      db,
      f.workspaceId,
      { employeeId: f.olaId, projectId: f.projectId, hourTypeId: f.ordId, date: '2025-03-14', hours: '7.5' },
      clock,
    );
    await approveHour(db, f.workspaceId, h.id, 'admin@demo.no', clock);
    const edit = await caught(() => updateHourEntry(db, f.workspaceId, h.id, { hours: '8' }, clock));
    expect(edit).toMatchObject({
      code: 'rule_violation',
      message: 'Timen er godkjent. Fjern godkjenningen før du endrer den.',
    });
    expect(await caught(() => softDeleteHourEntry(db, f.workspaceId, h.id, clock))).toMatchObject({
      code: 'rule_violation',
    });
    expect((await getHourEntry(db, f.workspaceId, h.id))?.minutes).toBe(450);
    await unapproveHour(db, f.workspaceId, h.id, 'admin@demo.no', clock);
    const edited = await updateHourEntry(db, f.workspaceId, h.id, { hours: '8' }, clock);
    expect(edited).toMatchObject({ minutes: 480, approved: false });
    expect(await softDeleteHourEntry(db, f.workspaceId, h.id, clock)).toBe(true);
    expect(await getHourEntry(db, f.workspaceId, h.id)).toBeUndefined();
  });

  it('updates: hours alone clear the times, a new end time recomputes, clearing times keeps the duration', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const h = await createHourEntry(db, f.workspaceId, {
      employeeId: f.olaId,
      projectId: f.projectId,
      hourTypeId: f.ordId,
      date: '2025-03-14',
      startTime: '07:00',
      endTime: '15:00',
    });
    const later = await updateHourEntry(db, f.workspaceId, h.id, { endTime: '16:30' });
    expect(later).toMatchObject({ minutes: 570, startTime: '07:00', endTime: '16:30' });
    const cleared = await updateHourEntry(db, f.workspaceId, h.id, { startTime: null, endTime: null });
    expect(cleared).toMatchObject({ minutes: 570, startTime: null, endTime: null });
    const plain = await updateHourEntry(db, f.workspaceId, h.id, { hours: '6', projectId: f.otherProjectId });
    expect(plain).toMatchObject({
      minutes: 360,
      startTime: null,
      endTime: null,
      projectId: f.otherProjectId,
    });
    expect(await getHourEntry(db, f.workspaceId, h.id)).toEqual(plain);
  });

  it('lists by project, employee, date range and approval, paging without duplicates or gaps', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const h = await createHourEntry(db, f.workspaceId, {
        employeeId: i % 2 === 0 ? f.olaId : f.kariId,
        projectId: i % 3 === 0 ? f.otherProjectId : f.projectId,
        hourTypeId: f.ordId,
        date: `2025-03-${String(1 + (i % 10)).padStart(2, '0')}`,
        hours: '1',
      });
      ids.push(h.id);
    }
    await approveHour(db, f.workspaceId, ids[0] as string, 'admin');
    await approveHour(db, f.workspaceId, ids[4] as string, 'admin');

    const all: string[] = [];
    const dates: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listHourEntries(db, f.workspaceId, { projectId: f.projectId }, { limit: 4, cursor });
      all.push(...page.items.map((h) => h.id));
      dates.push(...page.items.map((h) => h.date));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
    expect([...dates].sort()).toEqual(dates);

    const desc: string[] = [];
    cursor = null;
    do {
      const page = await listHourEntries(
        db,
        f.workspaceId,
        { projectId: f.projectId, order: 'desc' },
        { limit: 7, cursor },
      );
      desc.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(desc).toEqual([...all].reverse());

    const ola = await listHourEntries(db, f.workspaceId, { employeeId: f.olaId }, { limit: 100 });
    expect(ola.items).toHaveLength(15);
    const range = await listHourEntries(
      db,
      f.workspaceId,
      { from: '2025-03-03', to: '2025-03-04' },
      { limit: 100 },
    );
    expect(range.items.every((h) => h.date === '2025-03-03' || h.date === '2025-03-04')).toBe(true);
    expect(range.items).toHaveLength(6);
    const approved = await listHourEntries(db, f.workspaceId, { approved: true });
    expect(approved.items.map((h) => h.id).sort()).toEqual([ids[0], ids[4]].sort());
    expect(
      (await listHourEntries(db, f.workspaceId, { approved: false }, { limit: 100 })).items,
    ).toHaveLength(28);
  });

  it('deleted references are refused for new hours', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const f = await hoursFixture(db);
    const machine = await createMachine(db, f.workspaceId, { number: 'X-1', name: 'Borte' });
    await softDeleteMachine(db, f.workspaceId, machine.id);
    expect(
      await caught(() =>
        createHourEntry(db, f.workspaceId, {
          employeeId: f.olaId,
          projectId: f.projectId,
          hourTypeId: f.ordId,
          machineId: machine.id,
          date: '2025-03-14',
          hours: '1',
        }),
      ),
    ).toMatchObject({ code: 'invalid', field: 'machineId', message: 'Maskinen finnes ikke.' });
    // A project in a workspace without hours lists nothing.
    const p = await createProject(db, ws.id, { number: '1', name: 'Tomt' });
    expect((await listHourEntries(db, ws.id, { projectId: p.id })).items).toEqual([]);
  });
});
