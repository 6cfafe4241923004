// Scenario: a worker process stalls (SIGSTOP, as a long GC pause would) just before it sends a
// batch of customers to 24SO; its job lease runs out, another worker takes the run over, finds
// nothing of that batch in 24SO and sends it; then the stalled worker wakes up (SIGCONT) still
// meaning to send. The fence (decision 66) stops it: 24SO holds each customer once. On the
// embedded job table (SQLite) and on pg-boss (PostgreSQL).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/config/logger.ts';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { getRunById } from '../src/integration/sync/runs.ts';
import { SYNC_JOB, startSync, syncJobHandler } from '../src/integration/sync/service.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { embeddedStore } from '../src/jobs/embedded.ts';
import { PgBossJobs } from '../src/jobs/pg-boss.ts';
import type { JobQueue, JobWorker } from '../src/jobs/queue.ts';
import { JobRunner } from '../src/jobs/worker.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { createCustomer } from '../src/workspace/customers.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';
import { createTestDatabase, postgresAvailable, TEST_PG_URL } from './databases.ts';
import { requireOrSkip } from './requirements.ts';

const CHILD = fileURLToPath(new URL('./stall-child.ts', import.meta.url));
const LEASE_MS = 2_000;
const CUSTOMERS = 30;
const logger = createLogger('silent');

interface Setup {
  db: Db;
  childEnv: Record<string, string>;
  /** The queue and the taking-over worker of this engine, as another process would have them. */
  engine(): { queue: JobQueue; worker(handlers: Parameters<typeof makeRunner>[1]): JobWorker };
  close(): Promise<void>;
}

function makeRunner(
  store: ConstructorParameters<typeof JobRunner>[0],
  handlers: ConstructorParameters<typeof JobRunner>[2],
) {
  return new JobRunner(store, logger, handlers, { pollMs: 50, concurrency: 1 });
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function processState(pid: number): string {
  // /proc/<pid>/stat: "pid (comm) S …"; the state letter follows the closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function scenario(setup: Setup): Promise<void> {
  const sandbox = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'empty', logger });
  const secret = randomBytes(32);
  let child: ChildProcess | undefined;
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
    const saves = async () =>
      ((await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()) as { counts: Record<string, number> })
        .counts['company.SaveCompanies'] ?? 0;

    const engine = setup.engine();
    const { run } = await startSync(
      { db, clock, queue: engine.queue },
      { workspaceId: ws.id, trigger: 'manual', entity: 'customer', dryRun: false },
    );

    let output = '';
    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        ...setup.childEnv,
        SANDBOX_URL: sandbox.url,
        SECRET_KEY: secret.toString('base64'),
        STALL_AT: '2',
        LEASE_MS: String(LEASE_MS),
        BROEN_SYNC_BATCH_SIZE: '10',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    const pid = child.pid as number;
    await waitFor('the worker to stall before its second batch', () => {
      if (child?.exitCode !== null) throw new Error(`the worker exited: ${output}`);
      return output.includes('STALLED');
    });
    await waitFor('the worker process to be stopped', () => processState(pid) === 'T');
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

    // The stalled worker wakes up in the middle of its send.
    child.kill('SIGCONT');
    expect(await exited, output).toBe(0);
    expect(output).toContain('DONE');

    const all = await companies();
    expect(all).toHaveLength(CUSTOMERS);
    expect(new Set(all.map((c) => c.ExternalId)).size).toBe(CUSTOMERS);
    // Its batch never reached 24SO: not a single SaveCompanies after it woke up.
    expect(await saves()).toBe(savesBefore);
    expect((await getRunById(db, run.id))?.state).toBe('done');
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await sandbox.close();
  }
}

describe('a worker stalled past its job lease sends nothing after another took its job over', () => {
  it('embedded job table (SQLite file, two processes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broen-stall-'));
    const dbFile = join(dir, 'broen.sqlite');
    const db = openDatabase({ sqliteFile: dbFile });
    await migrateToLatest(db);
    const deps = { db, clock: () => new Date(), logger };
    try {
      await scenario({
        db,
        childEnv: { ENGINE: 'embedded', DB_FILE: dbFile },
        engine: () => {
          const store = embeddedStore(deps, { leaseMs: LEASE_MS });
          return {
            queue: store.queue(),
            worker: (handlers) => makeRunner(embeddedStore(deps, { leaseMs: LEASE_MS }), handlers),
          };
        },
        close: async () => {},
      });
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a worker stalled past its pg-boss expiry sends nothing after another took its job over [postgres]', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;
  it('pg-boss (PostgreSQL, two processes)', async () => {
    const t = await createTestDatabase('postgres');
    const bossSchema = `pgboss_stall_${randomBytes(4).toString('hex')}`;
    const opened: PgBossJobs[] = [];
    const jobs = () => {
      const j = new PgBossJobs(
        {
          connectionString: TEST_PG_URL,
          schema: bossSchema,
          expireInSeconds: LEASE_MS / 1000,
          maintenanceIntervalSeconds: 1,
          poolSize: 2,
        },
        logger,
      );
      opened.push(j);
      return j;
    };
    try {
      await jobs().ready();
      await scenario({
        db: t.db,
        childEnv: {
          ENGINE: 'pg-boss',
          DATABASE_URL: TEST_PG_URL,
          PG_SCHEMA: t.schema as string,
          PGBOSS_SCHEMA: bossSchema,
        },
        engine: () => {
          const j = jobs();
          return { queue: j.queue(), worker: (handlers) => makeRunner(jobs().store(), handlers) };
        },
        close: async () => {},
      });
    } finally {
      for (const j of opened) await j.close().catch(() => undefined);
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`drop schema if exists ${bossSchema} cascade`);
      await admin.end();
      await t.destroy();
    }
  }, 120_000);
});
