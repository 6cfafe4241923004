// Scenario: «Synkroniser nå» sends a new project and, in the same run, its approved hours; when
// 24SO quarantines the client the run waits for the stated time and then goes on.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createSandbox } from '../../sandbox/server.ts';
import { createEmployee, updateEmployee } from '../../workspace/employees.ts';
import { approveHours } from '../../workspace/hour-approval.ts';
import { createHourType } from '../../workspace/hour-types.ts';
import { createHourEntry } from '../../workspace/hours.ts';
import { createProject } from '../../workspace/projects.ts';
import { autoJobHandler, dueKinds } from '../sync/scheduler.ts';
import { getRunDetail, startSync } from '../sync/service.ts';
import { connectedWorkspace } from '../sync/test-support.ts';
import { writeHourSettings } from './test-support.ts';

const HOUR_MS = 3_600_000;

describeEachDatabase('hours in a sync run', (getDb) => {
  async function world() {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo' });
    const f = await connectedWorkspace(db, sandbox, {});
    const ws = f.workspaceId;
    await writeHourSettings(db, ws, {
      sync: 'manual',
      startDate: '2025-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const ola = await createEmployee(db, ws, {
      number: 1,
      name: 'Ola Nordmann',
      twentyfourContactId: 501,
    } as never);
    const ord = await createHourType(db, ws, { code: 'ORD', name: 'Ordinær' });
    const project = await createProject(db, ws, { number: '7001', name: 'Nytt prosjekt' });
    const ids: string[] = [];
    for (const date of ['2025-05-05', '2025-05-06']) {
      const h = await createHourEntry(db, ws, {
        employeeId: ola.id,
        projectId: project.id,
        hourTypeId: ord.id,
        date,
        hours: '7.5',
      });
      ids.push(h.id);
    }
    await approveHours(db, ws, ids, 'admin@demo.no');
    const hoursOf = () =>
      (sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS')?.hours ?? []).filter((h) =>
        ids.some((id) => String(h.InternalNote).includes(id)),
      );
    const start = () =>
      startSync(
        { db, clock: f.deps.clock, queue: f.worker.queue() },
        { workspaceId: ws, trigger: 'manual', entity: null, dryRun: false },
      );
    return { db, sandbox, f, ws, ids, hoursOf, start };
  }

  it('exports the project first and its hours in the same run; a second run sends nothing', async () => {
    const w = await world();
    const { run } = await w.start();
    await w.f.worker.drain();
    const detail = await getRunDetail(w.db, w.ws, run.id);
    expect(detail).toMatchObject({ state: 'done', counts: { created: 3, failed: 0 } });
    expect(w.hoursOf()).toHaveLength(2);
    expect(detail?.records.filter((r) => r.entity === 'hour' && r.action === 'create')).toHaveLength(2);

    w.sandbox.calls.clear();
    const second = await w.start();
    await w.f.worker.drain();
    expect((await getRunDetail(w.db, w.ws, second.run.id))?.counts).toMatchObject({ created: 0, updated: 0 });
    expect(w.sandbox.calls.counts()['TimeService.SaveHour'] ?? 0).toBe(0);
  });

  it('auto: a waiting hour is due and sent by itself as soon as its worker is linked', async () => {
    const w = await world();
    // Project in 24SO first, hours automatic; Ola loses his contact id so his hours wait.
    await startSync(
      { db: w.db, clock: w.f.deps.clock, queue: w.f.worker.queue() },
      { workspaceId: w.ws, trigger: 'manual', entity: 'project', dryRun: false },
    );
    await w.f.worker.drain();
    await writeHourSettings(w.db, w.ws, {
      sync: 'auto',
      startDate: '2025-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const ola = await w.db
      .selectFrom('employees')
      .select('id')
      .where('workspace_id', '=', w.ws)
      .executeTakeFirstOrThrow();
    await updateEmployee(w.db, w.ws, ola.id, { twentyfourContactId: null });
    expect(await dueKinds(w.f.deps, w.ws)).toEqual([]);

    await updateEmployee(w.db, w.ws, ola.id, { twentyfourContactId: 501 });
    expect(await dueKinds(w.f.deps, w.ws)).toEqual(['hour']);
    const { run } = await startSync(
      { db: w.db, clock: w.f.deps.clock, queue: w.f.worker.queue() },
      { workspaceId: w.ws, trigger: 'auto', entity: 'hour', dryRun: false },
    );
    await w.f.worker.drain();
    expect((await getRunDetail(w.db, w.ws, run.id))?.counts).toMatchObject({ created: 2 });
    expect(w.hoursOf()).toHaveLength(2);
    expect(await dueKinds(w.f.deps, w.ws)).toEqual([]);
  });

  it('auto: a live run taking every kind is joined as it is; a queued run for one kind is widened', async () => {
    const w = await world();
    await writeHourSettings(w.db, w.ws, {
      sync: 'auto',
      startDate: '2025-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const auto = () =>
      autoJobHandler(w.f.deps, () => w.f.worker.queue())(
        {} as never,
        {
          signal: new AbortController().signal,
        } as never,
      );
    const live = () =>
      w.db
        .selectFrom('sync_runs')
        .select(['id', 'entity'])
        .where('workspace_id', '=', w.ws)
        .where('active_key', 'is not', null)
        .execute();

    // Queued for projects only: not covered, so the trigger looks; nothing is automatic and
    // due yet (the hours wait for their project), so the run stays as asked.
    const { run: narrow } = await startSync(
      { db: w.db, clock: w.f.deps.clock, queue: w.f.worker.queue() },
      { workspaceId: w.ws, trigger: 'manual', entity: 'project', dryRun: false },
    );
    await auto();
    expect(await live()).toEqual([{ id: narrow.id, entity: 'project' }]);
    await w.f.worker.drain();
    expect(w.hoursOf()).toHaveLength(0);

    // A queued run for every kind: joined as it is (still one run), and it sends the hours.
    const { run: all } = await w.start();
    await auto();
    expect(await live()).toEqual([{ id: all.id, entity: null }]);
    await w.f.worker.drain();
    expect(w.hoursOf()).toHaveLength(2);
    expect(await live()).toEqual([]);
  });

  it('manual: nothing moves by itself; «Synkroniser nå» sends it', async () => {
    const w = await world();
    expect(await dueKinds(w.f.deps, w.ws)).toEqual([]);
    const { run } = await w.start();
    await w.f.worker.drain();
    expect((await getRunDetail(w.db, w.ws, run.id))?.state).toBe('done');
    expect(w.hoursOf()).toHaveLength(2);
  });

  it('waits for the quarantine to end instead of spinning: its job is due at the reset time', async () => {
    // The sandbox counts requestsPerHour per clock hour, as 24SO does: a quarantine met in the
    // last seconds of an hour ends while the test still looks at it (CI met one at 06:00).
    // Start in a part of the hour that leaves the test room.
    while (HOUR_MS - (Date.now() % HOUR_MS) < 45_000) await new Promise((r) => setTimeout(r, 250));
    const w = await world();
    // The project goes first in a run of its own; then a budget of calls that runs out mid-hours.
    const first = await startSync(
      { db: w.db, clock: w.f.deps.clock, queue: w.f.worker.queue() },
      { workspaceId: w.ws, trigger: 'manual', entity: 'project', dryRun: false },
    );
    await w.f.worker.drain();
    expect((await getRunDetail(w.db, w.ws, first.run.id))?.state).toBe('done');
    const used = w.sandbox.calls.list().length;
    w.sandbox.setFaults({ requestsPerHour: used + 1 });
    const { run } = await w.start();
    await w.f.worker.drain();
    const waiting = await getRunDetail(w.db, w.ws, run.id);
    expect(waiting?.state).toBe('waiting');
    expect(waiting?.waitingUntil).not.toBeNull();
    const callsWhileWaiting = w.sandbox.calls.list().length;
    expect(w.hoursOf()).toHaveLength(1);
    expect(waiting?.message).toContain('Venter på 24SevenOffice');
    // Nothing spins while it waits: no further call is made.
    await w.f.worker.drain();
    expect(w.sandbox.calls.list().length).toBe(callsWhileWaiting);
    const job = await w.db
      .selectFrom('jobs')
      .select(['state', 'run_at'])
      .where('state', '=', 'queued')
      .executeTakeFirst();
    expect(job?.run_at).toBe(waiting?.waitingUntil);
  }, 90_000);
});
