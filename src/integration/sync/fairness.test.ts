// Scenario: two contractors share a worker that runs one job at a time; the first queued a 1,000-customer export, the second three customers a moment later — the second's run is done long before the first's, because a run hands its job back after its time slice, and the first still ends with every customer created once.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { until } from '../../../test/until.ts';
import type { Db } from '../../db/database.ts';
import { describeEachJobEngine } from '../../jobs/test-engines.ts';
import { createSandbox } from '../../sandbox/server.ts';
import { newWorkspace } from '../../workspace/test-support.ts';
import type { RunOutcome, SyncDeps } from './run-context.ts';
import { getRunById } from './runs.ts';
import { SYNC_JOB, startSync, syncJobHandler } from './service.ts';
import { connectToSandbox, sandboxConnection } from './test-support.ts';

async function insertCustomers(db: Db, workspaceId: string, n: number): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 250) {
    const rows = [];
    for (let j = i; j < Math.min(n, i + 250); j++) {
      rows.push({
        id: randomUUID(),
        workspace_id: workspaceId,
        number: 10_000 + j,
        name: `Kunde ${j} AS`,
        email: `post${j}@kunde.no`,
        created_at: at,
        updated_at: at,
      });
    }
    await db.insertInto('customers').values(rows).execute();
  }
}

describeEachJobEngine('sync fairness between workspaces', (engine) => {
  it('lets a small workspace finish before a big backlog queued ahead of it, with concurrency 1', async () => {
    const e = engine();
    const db = e.db;
    const sandbox = createSandbox({ seed: 'empty' });
    const connection = sandboxConnection(db, {
      fetch: (r) => sandbox.fetch(r),
      baseUrl: 'http://sandbox.test',
      timeoutMs: 30_000,
    });
    const big = await newWorkspace(db, 'Stor Entreprenør AS');
    const small = await newWorkspace(db, 'Liten Graving AS');
    await connectToSandbox(connection, big.id, { clientIndex: 0 });
    await connectToSandbox(connection, small.id, { clientIndex: 1 });
    await insertCustomers(db, big.id, 1_000);
    await insertCustomers(db, small.id, 3);

    const deps: SyncDeps = { db, clock: connection.clock, logger: connection.logger, connection };
    const outcomes: RunOutcome[] = [];
    const worker = e.worker(
      // A slice of 0 ms: each slice writes exactly one batch (a run always moves on by one), so
      // the big run is handed back after its first batch however fast this machine is — with
      // 100 ms, a quiet machine once wrote all 1,000 customers inside the first slice.
      { [SYNC_JOB]: syncJobHandler(deps, (o) => outcomes.push(o), { sliceMs: 0 }) },
      { concurrency: 1, pollMs: 20 },
    );
    const queue = worker.queue();
    const start = (workspaceId: string) =>
      startSync(
        { db, clock: deps.clock, queue },
        { workspaceId, trigger: 'api', entity: 'customer', dryRun: false },
      );
    const bigRun = (await start(big.id)).run;
    const smallRun = (await start(small.id)).run;
    worker.start();
    try {
      await until(async () => (await getRunById(db, bigRun.id))?.state === 'done', 120_000);
    } finally {
      await worker.stop();
    }
    const bigDone = await getRunById(db, bigRun.id);
    const smallDone = await getRunById(db, smallRun.id);
    expect(smallDone).toMatchObject({ state: 'done', counts: { created: 3 } });
    // The big run was handed back at least once, and counted each customer once over its slices.
    expect(outcomes.filter((o) => o.state === 'interrupted').length).toBeGreaterThan(0);
    expect(bigDone).toMatchObject({ state: 'done', counts: { created: 1_000, unchanged: 0, failed: 0 } });
    expect(Date.parse(smallDone?.endedAt ?? '')).toBeLessThan(Date.parse(bigDone?.endedAt ?? ''));
  }, 180_000);
});
