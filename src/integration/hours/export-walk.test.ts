// Scenario: a workspace whose hours take many time slices to send. Each slice goes on from where
// the last one stopped (it does not plan the workspace again), a run with nothing left to send
// ends however short its slice, an hour changed or added behind the run's place is still sent in
// the same run, lost answers make no second hour, and the run's counts are those of a run done
// in one slice (decision 76).
import type { KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { seededRandom } from '../../../test/seeded-random.ts';
import type { Db } from '../../db/database.ts';
import { createSandbox, type Sandbox } from '../../sandbox/server.ts';
import { createEmployee } from '../../workspace/employees.ts';
import { approveHours, unapproveHours } from '../../workspace/hour-approval.ts';
import { createHourType } from '../../workspace/hour-types.ts';
import { createHourEntry, updateHourEntry } from '../../workspace/hours.ts';
import { createProject } from '../../workspace/projects.ts';
import { executeRun } from '../sync/engine.ts';
import { getRecord, recordSynced } from '../sync/records.ts';
import type { RunOutcome } from '../sync/run-context.ts';
import { createOrJoinRun, getRunById, listRunRecords } from '../sync/runs.ts';
import { connectedWorkspace } from '../sync/test-support.ts';
import { exportHours, type HourExportResult, HourExportStopped } from './export.ts';
import { ruleSettings } from './facts.ts';
import { hoursDue } from './plan-due.ts';
import { type HourWalk, readWalk } from './plan-walk.ts';
import { type HoursWorld, hoursWorld, writeHourSettings } from './test-support.ts';

/** A slice already used up when it starts: as when planning alone outlasts the slice. */
const usedSlice = () => ({ yieldAt: Date.now() - 1 });

/** The 2025 day `n` days after 1 April, e.g. 0 → "2025-04-01". */
function day(n: number): string {
  return new Date(Date.UTC(2025, 3, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Counts the hour rows (with their facts) the export reads, by watching the query results. */
function countingFactRows(db: Db): { db: Db; read: () => number } {
  let rows = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      for (const r of args.result.rows) if ('hour_type_code' in r) rows++;
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), read: () => rows };
}

/** Runs slice after slice of one run's hours export until it reports nothing left. */
async function slices(
  w: HoursWorld,
  deps: HoursWorld['deps'],
  runId: string,
  pageSize: number,
  between: (slice: number, walk: HourWalk) => Promise<void> = async () => {},
): Promise<{ count: number; results: HourExportResult[] }> {
  const run = { id: runId, workspaceId: w.f.workspaceId };
  const rules = await ruleSettings(deps.db, w.f.workspaceId);
  const results: HourExportResult[] = [];
  for (let n = 1; n <= 200; n++) {
    const r = await exportHours(deps, run, w.session, rules, { ...usedSlice(), pageSize });
    results.push(r);
    if (!r.workLeft) return { count: n, results };
    await between(n, await readWalk(deps.db, runId));
  }
  throw new Error('the run never reported its hours done');
}

describeEachDatabase('hours export across time slices', (getDb) => {
  it('goes on from its saved place each slice, sends every hour once and reads each hour once', async () => {
    const db = getDb();
    const w = await hoursWorld(db);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await w.approvedHour({ date: day(i) }));
    const counted = countingFactRows(db);
    const run = await w.newRun();
    const places: string[] = [];
    const { count } = await slices(w, { ...w.deps, db: counted.db }, run.id, 10, async (_n, walk) => {
      if (walk.stage === 'walk' && walk.after) places.push(`${walk.after.date} ${walk.after.id}`);
    });
    // Six pages of ten, the end of the walk, the sweep: a slice each.
    expect(count).toBeGreaterThanOrEqual(7);
    expect(places.length).toBeGreaterThanOrEqual(5);
    expect([...places].sort()).toEqual(places);
    expect(new Set(places).size).toBe(places.length);
    // Planning the workspace again every slice would read 60 rows a slice (~400 in all).
    expect(counted.read()).toBeLessThan(2 * ids.length);
    for (const id of ids) expect(w.inSandbox(id)).toHaveLength(1);
    expect(w.sandbox.calls.counts()['TimeService.SaveHour']).toBe(ids.length);
    expect((await getRunById(db, run.id))?.counts).toMatchObject({ created: 60, updated: 0, failed: 0 });
    expect((await readWalk(db, run.id)).stage).toBe('done');
  });

  it('sends an hour changed or added behind the place while the run walks, in the same run', async () => {
    const db = getDb();
    const w = await hoursWorld(db);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await w.approvedHour({ date: day(i) }));
    const edited = ids[2] as string;
    let added = '';
    const run = await w.newRun();
    await slices(w, w.deps, run.id, 10, async (n, walk) => {
      if (n !== 1) return;
      // After the first page: its third hour is corrected, and an hour is added before all others.
      expect(walk).toMatchObject({ stage: 'walk', after: { date: day(9) } });
      await unapproveHours(db, w.f.workspaceId, [edited], 'admin@demo.no');
      await updateHourEntry(db, w.f.workspaceId, edited, { hours: '3' });
      await approveHours(db, w.f.workspaceId, [edited], 'admin@demo.no');
      added = await w.approvedHour({ date: '2025-02-01' });
    });
    expect(w.inSandbox(edited)).toEqual([expect.objectContaining({ TotalHours: '3', Approved: 'True' })]);
    expect(w.inSandbox(added)).toHaveLength(1);
    for (const id of ids) expect(w.inSandbox(id)).toHaveLength(1);
    expect((await getRunById(db, run.id))?.counts).toMatchObject({ created: 31, updated: 1, failed: 0 });
    // Nothing is left for the auto-export to find.
    expect(await hoursDue(db, w.f.workspaceId, new Date())).toBe(false);
  });

  it('counts a run of many slices as a run of one: created, unchanged, waiting and its log lines', async () => {
    const db = getDb();
    const counts = [];
    const logs = [];
    // One slice; slices of a page of 4; slices that stop inside a page of 100 (groups of 50).
    for (const pageSize of [undefined, 4, 100]) {
      const w = await hoursWorld(db);
      for (let i = 0; i < 10; i++) await w.approvedHour({ date: day(i) });
      await exportHours(w.deps, await w.newRun(), w.session, await ruleSettings(db, w.f.workspaceId));
      for (let i = 10; i < 70; i++) await w.approvedHour({ date: day(i) });
      for (let i = 0; i < 5; i++) {
        await createHourEntry(db, w.f.workspaceId, {
          employeeId: w.f.olaId,
          projectId: w.f.projectId,
          hourTypeId: w.f.ordId,
          date: day(80 + i),
          hours: '1',
        });
      }
      for (let i = 0; i < 3; i++) await w.approvedHour({ date: `2024-12-0${i + 1}` });
      const run = await w.newRun();
      if (pageSize) {
        const { count } = await slices(w, w.deps, run.id, pageSize);
        expect(count).toBeGreaterThan(2);
      } else {
        const r = await exportHours(w.deps, run, w.session, await ruleSettings(db, w.f.workspaceId));
        expect(r.workLeft).toBe(false);
      }
      counts.push((await getRunById(db, run.id))?.counts);
      logs.push(
        (await listRunRecords(db, run.id, { actions: ['skip'] }))
          .map((l) => `${l.label} | ${l.reason}`)
          .sort(),
      );
    }
    expect(counts[0]).toMatchObject({ created: 60, unchanged: 10, skipped: 8, updated: 0, failed: 0 });
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[2]).toEqual(counts[0]);
    expect(logs[0]).toEqual([
      '3 timer venter: før startdato | 3 timer (1 arbeidere, 1 prosjekter)',
      '5 timer venter: ikke godkjent | 5 timer (1 arbeidere, 1 prosjekter)',
    ]);
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
  });

  it('a dry run reports its whole plan in one go and sends nothing', async () => {
    const db = getDb();
    const w = await hoursWorld(db);
    for (let i = 0; i < 12; i++) await w.approvedHour({ date: day(i) });
    const { run } = await createOrJoinRun(db, w.deps.clock, {
      workspaceId: w.f.workspaceId,
      trigger: 'manual',
      entity: 'hour',
      dryRun: true,
    });
    const rules = await ruleSettings(db, w.f.workspaceId);
    const r = await exportHours(w.deps, run, w.session, rules, { ...usedSlice(), pageSize: 5 });
    expect(r).toMatchObject({ created: 12, workLeft: false });
    expect(w.sandbox.calls.counts()['TimeService.SaveHour'] ?? 0).toBe(0);
    expect((await getRunById(db, run.id))?.counts).toMatchObject({ created: 12 });
    expect(await listRunRecords(db, run.id, { actions: ['create'] })).toHaveLength(12);
  });

  it('with answers lost across slices, each hour is in 24SO exactly once', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo', random: seededRandom(76) });
    const w = await hoursWorld(db, { sandbox });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await w.approvedHour({ date: day(i) }));
    const rules = await ruleSettings(db, w.f.workspaceId);
    await w.session.call('authenticate', 'HasSession', '');
    sandbox.setFaults({ dropResponseRate: 0.3 });
    const run = await w.newRun();
    for (let n = 0; n < 300; n++) {
      try {
        const r = await exportHours(w.deps, run, w.session, rules, { ...usedSlice(), pageSize: 10 });
        if (!r.workLeft) break;
      } catch (error) {
        // A lost answer to the settling's read: the run tries again in its next slice.
        if (!(error instanceof HourExportStopped)) throw error;
      }
    }
    expect((await readWalk(db, run.id)).stage).toBe('done');
    const dropped = sandbox.calls.list().filter((c) => c.operation === 'SaveHour' && c.outcome === 'dropped');
    expect(dropped.length).toBeGreaterThan(0);
    sandbox.setFaults({ dropResponseRate: 0 });
    // What the lost answers left open is settled by the next run.
    await exportHours(w.deps, await w.newRun(), w.session, rules);
    const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
    const markers = (client?.hours ?? []).map(
      (h) => String(h.InternalNote ?? '').match(/\[broen:([^\]]+)\]/)?.[1],
    );
    expect(markers.filter((m) => m !== undefined).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(await getRecord(db, w.f.workspaceId, 'hour', id)).toMatchObject({
        state: 'synced',
        remoteId: String(w.inSandbox(id)[0]?.Id),
      });
    }
  });
});

describeEachDatabase('a sync run whose slice is used before its hours start', (getDb) => {
  /** A workspace connected to its own sandbox, with `n` approved hours on a project in 24SO. */
  async function office(db: Db, sandbox: Sandbox, n: number) {
    const f = await connectedWorkspace(db, sandbox, {});
    const ws = f.workspaceId;
    await writeHourSettings(db, ws, {
      sync: 'manual',
      startDate: '2025-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const ola = await createEmployee(db, ws, { name: 'Ola Nordmann', twentyfourContactId: 501 } as never);
    const ord = await createHourType(db, ws, { code: 'ORD', name: 'Ordinær' });
    const project = await createProject(db, ws, { number: '1001', name: 'Boligfelt' });
    await recordSynced(db, f.deps.clock, [
      {
        workspaceId: ws,
        entity: 'project',
        localId: project.id,
        remoteId: '1001',
        fingerprint: null,
        runId: null,
      },
    ]);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const h = await createHourEntry(db, ws, {
        employeeId: ola.id,
        projectId: project.id,
        hourTypeId: ord.id,
        date: day(i),
        hours: '7.5',
      });
      ids.push(h.id);
    }
    await approveHours(db, ws, ids, 'admin@demo.no');
    const inSandbox = () =>
      (sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS')?.hours ?? []).filter((h) =>
        ids.some((id) => String(h.InternalNote).includes(id)),
      );
    const { run } = await createOrJoinRun(db, f.deps.clock, {
      workspaceId: ws,
      trigger: 'manual',
      entity: 'hour',
      dryRun: false,
    });
    return { f, ids, inSandbox, run };
  }

  it('ends done once nothing is left to send, instead of being handed back for ever', async () => {
    // Decision 80: a big workspace's run stayed live for 43 minutes with nothing left to send —
    // each slice planned its hours for longer than the slice, found nothing and was handed back.
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo' });
    const o = await office(db, sandbox, 70);
    const outcomes: RunOutcome['state'][] = [];
    for (let n = 0; n < 10 && outcomes.at(-1) !== 'done'; n++) {
      outcomes.push((await executeRun(o.f.deps, o.run.id, undefined, usedSlice())).state);
    }
    expect(outcomes.at(-1)).toBe('done');
    // Two groups of hours, then the sweep: a slice each at most.
    expect(outcomes.length).toBeLessThanOrEqual(4);
    expect(o.inSandbox()).toHaveLength(70);
    expect((await getRunById(db, o.run.id))?.counts).toMatchObject({ created: 70, failed: 0 });
  });

  it('with answers lost, slice after slice, ends done with every hour once in 24SO', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo', random: seededRandom(80) });
    const o = await office(db, sandbox, 120);
    sandbox.setFaults({ dropResponseRate: 0.2 });
    let last: RunOutcome | undefined;
    for (let n = 0; n < 300; n++) {
      last = await executeRun(o.f.deps, o.run.id, undefined, usedSlice());
      if (last.state === 'done' || last.state === 'failed') break;
    }
    expect(last?.state).toBe('done');
    expect(sandbox.calls.list().some((c) => c.operation === 'SaveHour' && c.outcome === 'dropped')).toBe(
      true,
    );
    sandbox.setFaults({ dropResponseRate: 0 });
    // Saves left unsettled by lost read-backs are settled by the next run, without a second hour.
    const { run: next } = await createOrJoinRun(db, o.f.deps.clock, {
      workspaceId: o.f.workspaceId,
      trigger: 'manual',
      entity: 'hour',
      dryRun: false,
    });
    expect((await executeRun(o.f.deps, next.id)).state).toBe('done');
    const held = o.inSandbox().map((h) => String(h.InternalNote).match(/\[broen:([^\]]+)\]/)?.[1]);
    expect(held.sort()).toEqual([...o.ids].sort());
  });
});
