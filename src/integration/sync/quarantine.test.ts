// Scenario: Broen runs two worker processes on one database. 24SO puts the installation in quarantine while the first worker runs one contractor's sync; the second worker, with no 24SO session of its own yet, then gets another contractor's run — it waits for the same end time without sending 24SO a single call, and both runs say «venter på 24SO til kl. …».
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { until } from '../../../test/until.ts';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { describeEachJobEngine } from '../../jobs/test-engines.ts';
import { createSandbox } from '../../sandbox/server.ts';
import type { FetchLike } from '../../twentyfour/transport.ts';
import { newWorkspace } from '../../workspace/test-support.ts';
import { createDbCallBudget, readCallBudget } from '../call-budget.ts';
import { SessionCache } from '../session-cache.ts';
import type { ConnectionDeps } from '../session-calls.ts';
import { createTwentyFourGateway } from '../twentyfour-gateway.ts';
import type { SyncDeps } from './run-context.ts';
import { getRunById } from './runs.ts';
import { SYNC_JOB, startSync, syncJobHandler } from './service.ts';
import { connectToSandbox, sandboxConnection } from './test-support.ts';

describeEachJobEngine('a 24SO quarantine across worker processes', (engine) => {
  it('pauses the runs of every worker until it ends, and the second worker sends nothing', async () => {
    const e = engine();
    const db = e.db;
    const sandbox = createSandbox({ seed: 'empty' });
    /** Every SOAP operation that reached 24SO, from either worker. */
    const sent: string[] = [];
    const fetch: FetchLike = (request) => {
      sent.push(request.headers.get('soapaction') ?? '?');
      return sandbox.fetch(request);
    };
    const base = sandboxConnection(db, { fetch, baseUrl: 'http://sandbox.test' });
    const [a, b] = [await newWorkspace(db, 'Aas Anlegg AS'), await newWorkspace(db, 'Berg Bygg AS')];
    if (!a || !b) throw new Error('no workspaces');
    await connectToSandbox(base, a.id, { clientIndex: 0 });
    await connectToSandbox(base, b.id, { clientIndex: 1 });
    const at = new Date().toISOString();
    for (const [ws, n] of [
      [a.id, 1],
      [b.id, 2],
    ] as const) {
      await db
        .insertInto('customers')
        .values({
          id: randomUUID(),
          workspace_id: ws,
          number: n,
          name: `Kunde ${n}`,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }

    // Two worker processes: each its own 24SO sessions, one call budget in the database.
    const process = (): SyncDeps => {
      const connection: ConnectionDeps = {
        ...base,
        sessions: new SessionCache(base.clock),
        gateway: createTwentyFourGateway({
          fetch,
          logger: base.logger,
          clock: base.clock,
          applicationId: SANDBOX_APPLICATION_ID,
          baseUrl: 'http://sandbox.test',
          budget: createDbCallBudget(base, { scope: 'installation', callsPerHour: 7200 }),
        }),
      };
      return { db, clock: base.clock, logger: base.logger, connection };
    };
    const deps1 = process();
    const deps2 = process();
    const worker1 = e.worker({ [SYNC_JOB]: syncJobHandler(deps1) }, { concurrency: 1, pollMs: 20 });
    const worker2 = e.worker({ [SYNC_JOB]: syncJobHandler(deps2) }, { concurrency: 1, pollMs: 20 });
    const run = (queue: ReturnType<typeof worker1.queue>, workspaceId: string) =>
      startSync(
        { db, clock: base.clock, queue },
        { workspaceId, trigger: 'api', entity: 'customer', dryRun: false },
      );

    // 24SO's hourly limit is already spent by the connects: its next answer is a quarantine.
    sandbox.setFaults({ requestsPerHour: 1 });
    try {
      worker1.start();
      const runA = (await run(worker1.queue(), a.id)).run;
      await until(async () => (await getRunById(db, runA.id))?.state === 'waiting');
      const budget = await readCallBudget(db, base.clock, { scope: 'installation', callsPerHour: 7200 });
      expect(budget.quarantinedUntil).not.toBeNull();
      const sentByFirst = sent.length;

      worker2.start();
      const runB = (await run(worker2.queue(), b.id)).run;
      await until(async () => (await getRunById(db, runB.id))?.state === 'waiting');
      const [waitingA, waitingB] = [await getRunById(db, runA.id), await getRunById(db, runB.id)];
      expect(sent.length).toBe(sentByFirst);
      for (const w of [waitingA, waitingB]) {
        expect(w?.waitingUntil).toBe(budget.quarantinedUntil?.toISOString());
        expect(w?.message).toMatch(/^Venter på 24SevenOffice til kl\. \d\d:\d\d/);
      }
      // Nothing was written in 24SO, and nothing is marked as sent here.
      expect(waitingA?.counts.created).toBe(0);
      expect(waitingB?.counts.created).toBe(0);
    } finally {
      await Promise.all([worker1.stop(), worker2.stop()]);
      sandbox.setFaults({ requestsPerHour: 7200 });
    }
  }, 120_000);
});
