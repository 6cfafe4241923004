// Scenario: the office approves a week's hours in one go, un-approves one to fix it, and the history shows both.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  approveHour,
  approveHours,
  hourApprovalRequestSchema,
  listApprovalEvents,
  unapproveHour,
  unapproveHours,
} from './hour-approval.ts';
import { createHourEntry, getHourEntry, softDeleteHourEntry } from './hours.ts';
import { caught, steppingClock } from './test-support.ts';
import { hoursFixture } from './workspace-fixture.ts';

describeEachDatabase('hour approval', (getDb) => {
  async function threeHours(db: ReturnType<typeof getDb>) {
    const f = await hoursFixture(db);
    const ids: string[] = [];
    for (const date of ['2025-03-10', '2025-03-11', '2025-03-12']) {
      const h = await createHourEntry(db, f.workspaceId, {
        employeeId: f.olaId,
        projectId: f.projectId,
        hourTypeId: f.ordId,
        date,
        hours: '7.5',
      });
      ids.push(h.id);
    }
    return { f, ids };
  }

  it('approves many at once with a result per id, recording who and when', async () => {
    const db = getDb();
    const { f, ids } = await threeHours(db);
    const clock = steppingClock('2025-03-14T12:00:00.000Z');
    const results = await approveHours(
      db,
      f.workspaceId,
      [ids[0], ids[1], 'missing', ids[0]] as string[],
      'admin@demo.no',
      clock,
    );
    expect(results.map((r) => [r.id, r.ok, r.ok ? r.changed : r.error.code])).toEqual([
      [ids[0], true, true],
      [ids[1], true, true],
      ['missing', false, 'not_found'],
    ]);
    const first = results[0];
    expect(first?.ok && first.hour).toMatchObject({
      approved: true,
      approvedBy: 'admin@demo.no',
      approvedAt: '2025-03-14T12:00:00.000Z',
    });
    expect(await getHourEntry(db, f.workspaceId, ids[0] as string)).toMatchObject({
      approved: true,
      approvedBy: 'admin@demo.no',
      approvedAt: '2025-03-14T12:00:00.000Z',
    });
    expect((await getHourEntry(db, f.workspaceId, ids[2] as string))?.approved).toBe(false);
  });

  it('approving an approved hour changes nothing and keeps the first approver', async () => {
    const db = getDb();
    const { f, ids } = await threeHours(db);
    const clock = steppingClock('2025-03-14T12:00:00.000Z');
    await approveHour(db, f.workspaceId, ids[0] as string, 'kari', clock);
    const [again] = await approveHours(db, f.workspaceId, [ids[0] as string], 'ola', clock);
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(again?.ok && again.hour.approvedBy).toBe('kari');
    expect(await listApprovalEvents(db, f.workspaceId, ids[0] as string)).toHaveLength(1);
  });

  it('un-approving is recorded and clears approver and time', async () => {
    const db = getDb();
    const { f, ids } = await threeHours(db);
    const clock = steppingClock('2025-03-14T12:00:00.000Z');
    const id = ids[1] as string;
    await approveHour(db, f.workspaceId, id, 'admin@demo.no', clock);
    const hour = await unapproveHour(db, f.workspaceId, id, 'kari@demo.no', clock);
    expect(hour).toMatchObject({ approved: false, approvedBy: null, approvedAt: null });
    const events = await listApprovalEvents(db, f.workspaceId, id);
    expect(events.map((e) => [e.action, e.actor, e.at])).toEqual([
      ['approved', 'admin@demo.no', '2025-03-14T12:00:00.000Z'],
      ['unapproved', 'kari@demo.no', '2025-03-14T12:00:01.000Z'],
    ]);
    const [noop] = await unapproveHours(db, f.workspaceId, [ids[2] as string], 'kari@demo.no', clock);
    expect(noop).toMatchObject({ ok: true, changed: false });
    expect(await listApprovalEvents(db, f.workspaceId, ids[2] as string)).toEqual([]);
  });

  it("cannot approve another workspace's or a deleted hour", async () => {
    const db = getDb();
    const { f, ids } = await threeHours(db);
    const other = await hoursFixture(db);
    const [foreign] = await approveHours(db, other.workspaceId, [ids[0] as string], 'intruder');
    expect(foreign).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Timen finnes ikke.' } });
    expect((await getHourEntry(db, f.workspaceId, ids[0] as string))?.approved).toBe(false);
    await softDeleteHourEntry(db, f.workspaceId, ids[2] as string);
    expect(await caught(() => approveHour(db, f.workspaceId, ids[2] as string, 'admin'))).toMatchObject({
      code: 'not_found',
    });
    expect(await listApprovalEvents(db, other.workspaceId, ids[0] as string)).toEqual([]);
  });

  it('approves 1200 hours in one call', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const now = '2025-03-14T08:00:00.000Z';
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      id: `bulk-${f.workspaceId}-${i}`,
      workspace_id: f.workspaceId,
      employee_id: f.olaId,
      project_id: f.projectId,
      hour_type_id: f.ordId,
      date: '2025-03-10',
      minutes: 60,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      start_time: null,
      end_time: null,
      machine_id: null,
      approved_by: null,
      approved_at: null,
    }));
    for (let i = 0; i < rows.length; i += 300)
      await db
        .insertInto('hour_entries')
        .values(rows.slice(i, i + 300))
        .execute();
    const results = await approveHours(
      db,
      f.workspaceId,
      rows.map((r) => r.id),
      'admin',
    );
    expect(results.filter((r) => r.ok && r.changed)).toHaveLength(1200);
    const approved = await db
      .selectFrom('hour_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', f.workspaceId)
      .where('approved', '=', 1)
      .executeTakeFirst();
    expect(Number(approved?.n)).toBe(1200);
  });

  it('the request schema needs at least one id', () => {
    expect(hourApprovalRequestSchema.safeParse({ ids: [] }).success).toBe(false);
    expect(hourApprovalRequestSchema.safeParse({ ids: ['a'] }).success).toBe(true);
  });
});
