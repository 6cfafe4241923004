// Scenario: the auto-export asks every 20 s whether a run would send an hour. It says yes for a
// new approved hour, a sent hour unapproved or deleted since, and a refused hour due again; no
// once a run has sent them, and no for a sent hour approved again unchanged — by planning only
// the hours its SQL probes find, never the whole workspace.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { approveHours, unapproveHours } from '../../workspace/hour-approval.ts';
import { softDeleteHourEntry } from '../../workspace/hours.ts';
import { exportHours } from './export.ts';
import { ruleSettings } from './facts.ts';
import { hoursDue } from './plan-due.ts';
import { hoursWorld } from './test-support.ts';

describeEachDatabase('hoursDue', (getDb) => {
  it('is exactly «a run would send something»', async () => {
    const db = getDb();
    const w = await hoursWorld(db);
    const ws = w.f.workspaceId;
    const due = () => hoursDue(db, ws, new Date());
    const run = async () => exportHours(w.deps, await w.newRun(), w.session, await ruleSettings(db, ws));
    expect(await due()).toBe(false);
    const a = await w.approvedHour();
    const b = await w.approvedHour({ date: '2025-03-15' });
    expect(await due()).toBe(true);
    await run();
    expect(await due()).toBe(false);

    // Unapproved and approved again with the same values: nothing for 24SO, once a run has looked.
    await unapproveHours(db, ws, [a], 'admin@demo.no');
    expect(await due()).toBe(true);
    await approveHours(db, ws, [a], 'admin@demo.no');
    expect(await due()).toBe(false);

    await unapproveHours(db, ws, [b], 'admin@demo.no');
    await softDeleteHourEntry(db, ws, b);
    expect(await due()).toBe(true);
    await run();
    expect(await due()).toBe(false);

    // A refused hour waits for its retry time, then is due again.
    const { updateEmployee } = await import('../../workspace/employees.ts');
    await updateEmployee(db, ws, w.f.kariId, { twentyfourContactId: 999 });
    await w.approvedHour({ employeeId: w.f.kariId, date: '2025-03-20' });
    await run();
    expect(await due()).toBe(false);
    expect(await hoursDue(db, ws, new Date(Date.now() + 2 * 60_000))).toBe(true);
  });
});
