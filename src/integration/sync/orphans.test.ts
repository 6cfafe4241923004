// Scenario: a worker that lost its job's lease (stalled past it, the job taken over) and then meets an error on the job's last attempt leaves the run to the worker that holds the job now, which ends it. And a contractor's sync run is live, but the worker that holds its job dies every time and the job is given up; the next tick of the automatic trigger, and the next «Synkroniser nå» that would join the run, each give it a new job — and once it has lost its job more than MAX_RESUMES times it ends failed with a message telling the admin what happened, and the click starts a fresh run that finishes.
import { expect, it } from 'vitest';
import { until } from '../../../test/until.ts';
import type { Db } from '../../db/database.ts';
import { FRESH_MS, MAX_RESUMES } from '../../jobs/carry-on.ts';
import { describeEachJobEngine } from '../../jobs/test-engines.ts';
import type { Claim } from '../../jobs/worker.ts';
import { createSandbox } from '../../sandbox/server.ts';
import { createCustomer } from '../../workspace/customers.ts';
import { newWorkspace } from '../../workspace/test-support.ts';
import { LOST_JOB_MESSAGE, SYNC_JOB, syncJobKey } from './orphans.ts';
import type { SyncDeps } from './run-context.ts';
import { createOrJoinRun, getRunById } from './runs.ts';
import { AUTO_JOB, autoJobHandler } from './scheduler.ts';
import { startSync, syncJobHandler } from './service.ts';
import { connectToSandbox, sandboxConnection } from './test-support.ts';

/** A workspace connected to a sandbox of its own, and the sync's deps on it (`clock`: the runs' clock). */
async function connectedSync(
  db: Db,
  name: string,
  clock?: () => Date,
): Promise<{ ws: { id: string }; deps: SyncDeps }> {
  const sandbox = createSandbox({ seed: 'empty' });
  const connection = sandboxConnection(db, {
    fetch: (r) => sandbox.fetch(r),
    baseUrl: 'http://sandbox.test',
  });
  const ws = await newWorkspace(db, name);
  await connectToSandbox(connection, ws.id);
  return { ws, deps: { db, clock: clock ?? connection.clock, logger: connection.logger, connection } };
}

describeEachJobEngine('a live sync run whose job is gone', (engine) => {
  it('is given a new job by the tick and by a start that joins it, and ends failed after MAX_RESUMES', async () => {
    const e = engine();
    const db = e.db;
    // No takeover allowed: a job whose worker dies once is given up, so its run has no job.
    const options = { leaseMs: 1_000, maxTakeovers: 0 };
    const queue = e.queue(options);
    // The runs' clock: moved on past FRESH_MS once the run exists, so its lost job is not
    // taken for one its start is about to enqueue.
    let later = 0;
    const clock = () => new Date(Date.now() + later);
    const { ws, deps } = await connectedSync(db, 'Foreldreløs Graving AS', clock);
    await createCustomer(db, ws.id, { name: 'Kunde AS' });
    const start = (q = queue) =>
      startSync(
        { db, clock: deps.clock, queue: q, logger: deps.logger },
        { workspaceId: ws.id, trigger: 'api', entity: 'customer', dryRun: false },
      );
    // The automatic trigger's tick, as its recurring job runs it on a worker of its own.
    let ticks = 0;
    const tick = async () => {
      await queue.enqueue(AUTO_JOB, {}, { uniqueKey: `tick-${ticks++}` });
      const ticker = e.worker({ [AUTO_JOB]: autoJobHandler(deps, () => queue) }, options);
      expect(await ticker.drain()).toBeGreaterThanOrEqual(1);
    };
    const resumes = async (runId: string) =>
      Number(
        (await db.selectFrom('sync_runs').select('resumes').where('id', '=', runId).executeTakeFirstOrThrow())
          .resumes,
      );
    const live = () => queue.isLive(SYNC_JOB, syncJobKey(run.id));
    // A worker "process" claims the run's job and dies; the job is given up when its lease ends.
    const kill = async () => {
      expect(await live()).toBe(true);
      const dead = await e.store(options).claim([SYNC_JOB], 'dying-worker');
      expect(dead?.job.payload).toEqual({ runId: run.id });
      await until(async () => !(await live()));
      expect((await getRunById(db, run.id))?.state).toBe('queued');
    };

    const { run, joined } = await start();
    expect(joined).toBe(false);
    later = FRESH_MS + 1_000;
    for (let resume = 1; resume <= MAX_RESUMES; resume++) {
      await kill();
      if (resume % 2 === 1) await tick();
      else {
        const again = await start();
        expect(again).toMatchObject({ joined: true, run: { id: run.id } });
      }
      expect(await live()).toBe(true);
      expect(await resumes(run.id)).toBe(resume);
    }

    // Lost once more: the click that would join it ends it, and starts a run of its own — sent
    // with a lease a healthy worker on a busy machine finishes a slice in (pg-boss fixes it when
    // the job is sent; with 1 s its slice was cut off and, no takeover allowed, the job given up).
    await kill();
    const healthy = { leaseMs: 30_000, maxTakeovers: 0 };
    const fresh = await start(e.queue(healthy));
    expect(fresh.joined).toBe(false);
    expect(fresh.run.id).not.toBe(run.id);
    expect(await getRunById(db, run.id)).toMatchObject({ state: 'failed', message: LOST_JOB_MESSAGE });
    expect(await live()).toBe(false);

    // The fresh run has its job, and a healthy worker finishes it.
    const worker = e.worker({ [SYNC_JOB]: syncJobHandler(deps) }, { ...healthy, pollMs: 20 });
    worker.start();
    try {
      await until(async () => (await getRunById(db, fresh.run.id))?.state === 'done');
    } finally {
      await worker.stop();
    }
    expect((await getRunById(db, fresh.run.id))?.counts).toMatchObject({ created: 1, failed: 0 });
  }, 120_000);

  it('is ended by the tick once it has been resumed MAX_RESUMES times, freeing the workspace', async () => {
    const e = engine();
    const db = e.db;
    const options = { leaseMs: 1_000, maxTakeovers: 0 };
    const queue = e.queue(options);
    const { ws, deps } = await connectedSync(db, 'Tapt Jobb AS');
    const { run } = await startSync(
      { db, clock: deps.clock, queue },
      { workspaceId: ws.id, trigger: 'api', entity: 'customer', dryRun: false },
    );
    // Resumed as often as it may be already (as the first test shows, one lost job at a time).
    await db.updateTable('sync_runs').set({ resumes: MAX_RESUMES }).where('id', '=', run.id).execute();
    await e.store(options).claim([SYNC_JOB], 'dying-worker');
    await until(async () => !(await queue.isLive(SYNC_JOB, syncJobKey(run.id))));
    await queue.enqueue(AUTO_JOB, {}, { uniqueKey: 'tick' });
    expect(
      await e.worker({ [AUTO_JOB]: autoJobHandler(deps, () => queue) }, options).drain(),
    ).toBeGreaterThanOrEqual(1);
    expect(await getRunById(db, run.id)).toMatchObject({ state: 'failed', message: LOST_JOB_MESSAGE });
    expect(await queue.isLive(SYNC_JOB, syncJobKey(run.id))).toBe(false);
    const next = await startSync(
      { db, clock: deps.clock, queue },
      { workspaceId: ws.id, trigger: 'api', entity: 'customer', dryRun: false },
    );
    expect(next.joined).toBe(false);
  }, 60_000);

  it('gives a run just created its job without counting a resume: its start may not have enqueued it yet', async () => {
    const e = engine();
    const db = e.db;
    const queue = e.queue();
    const { ws, deps } = await connectedSync(db, 'Fersk Graving AS');
    // A start in another process created the run and has not enqueued its job yet; a tick runs.
    const { run } = await createOrJoinRun(db, deps.clock, {
      workspaceId: ws.id,
      trigger: 'api',
      entity: 'customer',
      dryRun: false,
    });
    await queue.enqueue(AUTO_JOB, {}, { uniqueKey: 'fresh-tick' });
    expect(await e.worker({ [AUTO_JOB]: autoJobHandler(deps, () => queue) }).drain()).toBeGreaterThanOrEqual(
      1,
    );
    expect(await queue.isLive(SYNC_JOB, syncJobKey(run.id))).toBe(true);
    const row = await db
      .selectFrom('sync_runs')
      .select('resumes')
      .where('id', '=', run.id)
      .executeTakeFirst();
    expect(Number(row?.resumes)).toBe(0);
    // The start's own enqueue then joins the job the tick gave it.
    const job = await queue.enqueue(SYNC_JOB, { runId: run.id }, { uniqueKey: syncJobKey(run.id) });
    expect(job.deduplicated).toBe(true);
  }, 60_000);

  it('is not failed by a worker that lost its job, only by the one holding it', async () => {
    const e = engine();
    const db = e.db;
    const options = { leaseMs: 1_000 };
    const queue = e.queue(options);
    const { ws, deps } = await connectedSync(db, 'Gammel Arbeider AS');
    const { run } = await createOrJoinRun(db, deps.clock, {
      workspaceId: ws.id,
      trigger: 'api',
      entity: 'customer',
      dryRun: false,
    });
    // One attempt, so the error below is the last one's; a kind of its own, so the claims below
    // take this job and not one another test of this database left queued.
    const kind = `${SYNC_JOB}.stalled`;
    await queue.enqueue(kind, { runId: run.id }, { uniqueKey: syncJobKey(run.id), maxAttempts: 1 });
    // A fault the run cannot get past: the stored settings no longer parse.
    await db
      .updateTable('integration_settings')
      .set({ document: '{ødelagt' })
      .where('workspace_id', '=', ws.id)
      .execute();
    const claimWhenDue = async (workerId: string) => {
      const store = e.store(options);
      let claim: Claim | undefined;
      await until(async () => {
        claim = await store.claim([kind], workerId);
        return claim !== undefined;
      });
      return claim as Claim;
    };
    const handle = (claim: Claim) =>
      syncJobHandler(deps)(claim.job, {
        signal: new AbortController().signal,
        workerId: 'test',
        epoch: claim.epoch,
        leaseMs: claim.leaseMs,
        stillHeld: () => claim.held(),
      });
    const stale = await claimWhenDue('stalled-worker');
    // Its lease runs out while it is stalled, and another worker takes the job over.
    const holder = await claimWhenDue('taking-worker');
    expect(holder.job).toMatchObject({ attempt: 1, maxAttempts: 1, takeovers: 1 });
    expect(await stale.held()).toBe(false);
    // The stalled worker wakes up into the fault on the job's last attempt: the run stays live.
    await expect(handle(stale)).rejects.toThrow(SyntaxError);
    expect(await getRunById(db, run.id)).toMatchObject({ state: 'running', message: null });
    // The worker holding the job meets the same fault: it ends the run, with the reason.
    await expect(handle(holder)).rejects.toThrow(SyntaxError);
    const ended = await getRunById(db, run.id);
    expect(ended?.state).toBe('failed');
    expect(ended?.message).toMatch(/^Synkroniseringen stoppet etter 1 forsøk: /);
  }, 60_000);
});
