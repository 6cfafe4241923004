// Scenario: the office sees why each hour waits — every rule, in Norwegian, with where to fix it —
// and a waiting hour is released by itself as soon as its cause is fixed.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { updateEmployee } from '../../workspace/employees.ts';
import { approveHours } from '../../workspace/hour-approval.ts';
import { createHourEntry } from '../../workspace/hours.ts';
import { setEnabled } from '../settings.ts';
import { recordSynced } from '../sync/records.ts';
import { hourTransfers, loadHourRows, ruleSettings } from './facts.ts';
import { decimalHours, osloToUtc } from './payload.ts';
import { planHours } from './plan.ts';
import { type HourFacts, hourReasons } from './rules.ts';
import { hoursWorld, writeHourSettings } from './test-support.ts';

const facts: HourFacts = {
  hourId: 'h1',
  date: '2025-03-14',
  approved: true,
  projectId: 'p1',
  projectLabel: '1001 Boligfelt',
  projectRemoteId: '1001',
  employeeId: 'e1',
  employeeName: 'Ola Nordmann',
  contactId: 501,
  hourTypeCode: 'ORD',
};
const on = { enabled: true, startDate: '2025-01-01', workTypeByHourType: { ORD: '1' } };

describe('hour rules', () => {
  it('passes an hour that meets every rule', () => {
    expect(hourReasons(facts, on)).toEqual([]);
  });

  it('names every failing rule with a Norwegian message and where to fix it', () => {
    const reasons = hourReasons(
      {
        ...facts,
        approved: false,
        projectRemoteId: null,
        contactId: null,
        date: '2024-12-31',
        hourTypeCode: 'OT50',
      },
      on,
    );
    expect(reasons.map((r) => [r.rule, r.fixUrl])).toEqual([
      ['not-approved', '/timer/h1'],
      ['project-not-synced', '/prosjekter/p1'],
      ['no-contact-id', '/arbeidere/admin?sok=Ola%20Nordmann#arbeider-e1'],
      ['before-start-date', '/integrasjoner/24sevenoffice/innstillinger#s-timer'],
      ['hour-type-unmapped', '/integrasjoner/24sevenoffice/innstillinger#s-timer'],
    ]);
    expect(reasons.map((r) => r.message)).toEqual([
      'Timen er ikke godkjent.',
      'Prosjektet 1001 Boligfelt er ikke overført til 24SevenOffice ennå.',
      'Arbeideren Ola Nordmann har ingen kontakt-ID fra 24SevenOffice.',
      'Datoen 31.12.2024 er før startdatoen for timer (01.01.2025).',
      'Timetypen OT50 er ikke koblet til en arbeidstype i 24SevenOffice.',
    ]);
  });

  it('holds everything while the integration is off or hours have no start date', () => {
    expect(hourReasons(facts, { ...on, enabled: false }).map((r) => r.rule)).toEqual(['integration-off']);
    expect(hourReasons(facts, { ...on, startDate: null }).map((r) => r.rule)).toEqual(['hours-sync-off']);
  });

  it('in a dry run, a project the same run creates first does not hold its hours', () => {
    const notInTwentyfour = { ...facts, projectRemoteId: null };
    expect(hourReasons(notInTwentyfour, on).map((r) => r.rule)).toEqual(['project-not-synced']);
    expect(hourReasons(notInTwentyfour, { ...on, projectsCreatedFirst: ['p1'] })).toEqual([]);
    expect(hourReasons(notInTwentyfour, { ...on, projectsCreatedFirst: ['p2'] }).map((r) => r.rule)).toEqual([
      'project-not-synced',
    ]);
  });

  it('the start date itself is included', () => {
    expect(hourReasons({ ...facts, date: '2025-01-01' }, on)).toEqual([]);
  });
});

describe('summer time', () => {
  it('converts Oslo wall-clock to UTC in winter and summer', () => {
    expect(osloToUtc('2025-01-15', '07:00').toISOString()).toBe('2025-01-15T06:00:00.000Z');
    expect(osloToUtc('2025-07-15', '07:00').toISOString()).toBe('2025-07-15T05:00:00.000Z');
  });

  it('gets the spring night right: 01:00–05:00 is three real hours; 02:30 does not exist and moves forward', () => {
    const start = osloToUtc('2025-03-30', '01:00');
    const stop = osloToUtc('2025-03-30', '05:00');
    expect(start.toISOString()).toBe('2025-03-30T00:00:00.000Z');
    expect(stop.toISOString()).toBe('2025-03-30T03:00:00.000Z');
    expect(osloToUtc('2025-03-30', '02:30').toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });

  it('gets the autumn night right: 02:30 happens twice and the first (summer) one is taken', () => {
    expect(osloToUtc('2025-10-26', '01:00').toISOString()).toBe('2025-10-25T23:00:00.000Z');
    expect(osloToUtc('2025-10-26', '02:30').toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(osloToUtc('2025-10-26', '05:00').toISOString()).toBe('2025-10-26T04:00:00.000Z');
  });

  it('writes minutes as 24SO decimal hours', () => {
    expect([decimalHours(450), decimalHours(480), decimalHours(15), decimalHours(20)]).toEqual([
      '7.5',
      '8',
      '0.25',
      '0.33',
    ]);
  });
});

describeEachDatabase('hour rules in the database', (getDb) => {
  it('reads each rule for many hours in one query and releases an hour as soon as its cause is fixed', async () => {
    const db = getDb();
    const w = await hoursWorld(db);
    const ws = w.f.workspaceId;
    const notApproved = (
      await createHourEntry(db, ws, {
        employeeId: w.f.olaId,
        projectId: w.f.projectId,
        hourTypeId: w.f.ordId,
        date: '2025-03-14',
        hours: '1',
      })
    ).id;
    const otherProject = await w.approvedHour({ projectId: w.f.otherProjectId });
    const noContact = await w.approvedHour({ employeeId: w.f.kariId });
    await updateEmployee(db, ws, w.f.kariId, { twentyfourContactId: null });
    const early = await w.approvedHour({ date: '2024-06-01' });
    const ready = await w.approvedHour();
    const states = await hourTransfers(db, ws, [notApproved, otherProject, noContact, early, ready]);
    const rulesOf = (id: string) => states.get(id)?.reasons.map((r) => r.rule);
    expect(rulesOf(notApproved)).toEqual(['not-approved']);
    expect(rulesOf(otherProject)).toEqual(['project-not-synced']);
    expect(rulesOf(noContact)).toEqual(['no-contact-id']);
    expect(rulesOf(early)).toEqual(['before-start-date']);
    expect(states.get(ready)).toMatchObject({ state: 'ready', reasons: [] });

    const planned = async () =>
      planHours(
        await loadHourRows(db, ws, { includeDeleted: true }),
        await ruleSettings(db, ws),
        new Date().toISOString(),
      )
        .writes.map((x) => x.row.hourId)
        .sort();
    expect(await planned()).toEqual([ready]);

    // Fix each cause; each hour is released with no other action.
    await approveHours(db, ws, [notApproved], 'admin@demo.no');
    await recordSynced(db, () => new Date(), [
      {
        workspaceId: ws,
        entity: 'project',
        localId: w.f.otherProjectId,
        remoteId: '2050',
        fingerprint: null,
        runId: null,
      },
    ]);
    await updateEmployee(db, ws, w.f.kariId, { twentyfourContactId: 502 });
    await writeHourSettings(db, ws, { ...(await w.currentHours()), startDate: '2024-06-01' });
    expect(await planned()).toEqual([notApproved, otherProject, noContact, early, ready].sort());

    // Unmapping the hour type or switching the integration off holds them all again.
    await writeHourSettings(db, ws, { ...(await w.currentHours()), workTypeByHourType: {} });
    expect((await hourTransfers(db, ws, [ready])).get(ready)?.reasons.map((r) => r.rule)).toEqual([
      'hour-type-unmapped',
    ]);
    await setEnabled(db, () => new Date(), { workspaceId: ws, actor: 'test', enabled: false });
    expect(await planned()).toEqual([]);
  });
});
