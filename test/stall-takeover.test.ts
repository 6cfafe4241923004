// Scenario: a worker process stalls (SIGSTOP, as a long GC pause would) just before it sends a
// batch of customers to 24SO; its job lease runs out, another worker takes the run over, finds
// nothing of that batch in 24SO and sends it; then the stalled worker wakes up (SIGCONT) still
// meaning to send. The fence (decision 66) stops it: 24SO holds each customer once. On the
// embedded job table (SQLite) and on pg-boss (PostgreSQL).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/config/logger.ts';
import { getRunById } from '../src/integration/sync/runs.ts';
import { SYNC_JOB, startSync, syncJobHandler } from '../src/integration/sync/service.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { createCustomer } from '../src/workspace/customers.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';
import { postgresAvailable } from './databases.ts';
import { requireOrSkip } from './requirements.ts';
import {
  onEmbeddedEngine,
  onPgBossEngine,
  type StallChild,
  type StallSetup,
  sandboxCalls,
  startStallChild,
  waitFor,
} from './stall-support.ts';

// Long enough that a worker starting on a busy machine (tsx loading, logging in) sends its first
// batch before its lease runs out: with 2 s, pg-boss's own check aborted the slice first at loads
// of 12–18, and the stall was never reached.
const LEASE_MS = 6_000;
const CUSTOMERS = 30;
const logger = createLogger('silent');

async function scenario(setup: StallSetup): Promise<void> {
  const sandbox = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'empty', logger });
  const secret = randomBytes(32);
  let child: StallChild | undefined;
  try {
    const { db } = setup;
    const clock = () => new Date();
    const ws = await createWorkspace(
      db,
      { slug: `stall-${randomBytes(3).toString('hex')}`, name: 'Stall AS' },
      clock,
    );
    const connection = sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret });
    await connectToSandbox(connection, ws.id);
    for (let i = 0; i < CUSTOMERS; i++) await createCustomer(db, ws.id, { name: `Kunde ${i} AS` });
    const companies = async () =>
      (
        (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
          clients: { companies: { ExternalId: string }[] }[];
        }
      ).clients.flatMap((c) => c.companies);
    const saves = () => sandboxCalls(sandbox.url, 'SaveCompanies');

    const engine = setup.engine();
    const { run } = await startSync(
      { db, clock, queue: engine.queue },
      { workspaceId: ws.id, trigger: 'manual', entity: 'customer', dryRun: false },
    );

    child = startStallChild({
      ...setup.childEnv,
      SANDBOX_URL: sandbox.url,
      SECRET_KEY: secret.toString('base64'),
      STALL_AT: '2',
      BROEN_SYNC_BATCH_SIZE: '10',
    });
    await child.stalled();
    expect(await companies()).toHaveLength(10);

    // Another worker takes the run over once the stalled one's lease ran out, and finishes it.
    const taker = engine.worker({ [SYNC_JOB]: syncJobHandler({ db, clock, logger, connection }) });
    taker.start();
    await waitFor(
      'the run to be done by the other worker',
      async () => (await getRunById(db, run.id))?.state === 'done',
    );
    await taker.stop();
    expect(await companies()).toHaveLength(CUSTOMERS);
    const savesBefore = await saves();
    expect(savesBefore).toBeGreaterThanOrEqual(2);

    // The stalled worker wakes up in the middle of its send.
    expect(await child.resume(), child.output()).toBe(0);
    expect(child.output()).toContain('DONE');

    const all = await companies();
    expect(all).toHaveLength(CUSTOMERS);
    expect(new Set(all.map((c) => c.ExternalId)).size).toBe(CUSTOMERS);
    // Its batch never reached 24SO: not a single SaveCompanies after it woke up.
    expect(await saves()).toBe(savesBefore);
    expect((await getRunById(db, run.id))?.state).toBe('done');
  } finally {
    child?.kill();
    await sandbox.close();
  }
}

describe('a worker stalled past its job lease sends nothing after another took its job over', () => {
  it('embedded job table (SQLite file, two processes)', () => onEmbeddedEngine(LEASE_MS, scenario), 120_000);
});

describe('a worker stalled past its pg-boss expiry sends nothing after another took its job over [postgres]', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;
  it('pg-boss (PostgreSQL, two processes)', () => onPgBossEngine(LEASE_MS, scenario), 120_000);
});
