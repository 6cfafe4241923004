import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/config/logger.ts';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { embeddedStore } from '../src/jobs/embedded.ts';
import { PgBossJobs } from '../src/jobs/pg-boss.ts';
import type { JobHandler, JobQueue, JobWorker } from '../src/jobs/queue.ts';
import { JobRunner } from '../src/jobs/worker.ts';
import { createTestDatabase, TEST_PG_URL, withSchemaLock } from './databases.ts';
import { until } from './until.ts';

// What the stall tests share (stall-takeover.test.ts, transfer-stall.test.ts): a database and a
// job engine that two processes use — the embedded job table on a SQLite file, or pg-boss on
// PostgreSQL — and the worker process of stall-child.ts, which stops itself with SIGSTOP at a
// chosen point and goes on when the test sends SIGCONT.

const CHILD = fileURLToPath(new URL('./stall-child.ts', import.meta.url));
const logger = createLogger('silent');

/** A database and a job engine shared with the stalling child process. */
export interface StallSetup {
  db: Db;
  /** What the child needs to open the same database and engine. */
  childEnv: Record<string, string>;
  /** The queue and the taking-over worker of this engine, as another process would have them. */
  engine(): { queue: JobQueue; worker(handlers: Record<string, JobHandler>): JobWorker };
}

function runner(store: ConstructorParameters<typeof JobRunner>[0], handlers: Record<string, JobHandler>) {
  return new JobRunner(store, logger, handlers, { pollMs: 50, concurrency: 4 });
}

/**
 * Runs `scenario` on the embedded job table over a SQLite file two processes open.
 * @example await onEmbeddedEngine(2_000, (setup) => scenario(setup));
 */
export async function onEmbeddedEngine(leaseMs: number, scenario: (setup: StallSetup) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'broen-stall-'));
  const dbFile = join(dir, 'broen.sqlite');
  const db = openDatabase({ sqliteFile: dbFile });
  await migrateToLatest(db);
  const deps = { db, clock: () => new Date(), logger };
  try {
    await scenario({
      db,
      childEnv: { ENGINE: 'embedded', DB_FILE: dbFile, LEASE_MS: String(leaseMs) },
      engine: () => ({
        queue: embeddedStore(deps, { leaseMs }).queue(),
        worker: (handlers) => runner(embeddedStore(deps, { leaseMs }), handlers),
      }),
    });
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `scenario` on pg-boss, in a PostgreSQL schema and a pg-boss schema of its own.
 * @example await onPgBossEngine(2_000, (setup) => scenario(setup));
 */
export async function onPgBossEngine(leaseMs: number, scenario: (setup: StallSetup) => Promise<void>) {
  const t = await createTestDatabase('postgres');
  const bossSchema = `pgboss_stall_${randomBytes(4).toString('hex')}`;
  const opened: PgBossJobs[] = [];
  const jobs = () => {
    const j = new PgBossJobs(
      {
        connectionString: TEST_PG_URL,
        schema: bossSchema,
        expireInSeconds: leaseMs / 1000,
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
        LEASE_MS: String(leaseMs),
      },
      engine: () => {
        const j = jobs();
        return { queue: j.queue(), worker: (handlers) => runner(jobs().store(), handlers) };
      },
    });
  } finally {
    for (const j of opened) await j.close().catch(() => undefined);
    await withSchemaLock((admin) => admin.query(`drop schema if exists ${bossSchema} cascade`));
    await t.destroy();
  }
}

/**
 * Polls `check` until it holds (a busy machine gets room: one minute by default).
 * @example await waitFor('the run to be done', async () => (await getRun()).state === 'done');
 */
export function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  return until(check, ms, what);
}

/** The stalling worker process, started by `startStallChild`. */
export interface StallChild {
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once it has stopped itself (SIGSTOP) at its stall point. */
  stalled(): Promise<void>;
  /** Lets it go on (SIGCONT) and resolves with its exit code. */
  resume(): Promise<number | null>;
  /** Kills it if it still runs (for a `finally`). */
  kill(): void;
}

/**
 * Starts stall-child.ts with `env` (its variables are described there).
 * @example const child = startStallChild({ ...setup.childEnv, SANDBOX_URL, SECRET_KEY, STALL_AT: '2' });
 */
export function startStallChild(env: Record<string, string>): StallChild {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (c: Buffer) => {
    output += c.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid as number;
  return {
    output: () => output,
    async stalled() {
      await waitFor('the worker to reach its stall point', () => {
        if (child.exitCode !== null) throw new Error(`the worker exited: ${output}`);
        return output.includes('STALLED');
      });
      await waitFor('the worker process to be stopped', () => processState(pid) === 'T');
    },
    resume() {
      child.kill('SIGCONT');
      return exited;
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function processState(pid: number): string {
  // /proc/<pid>/stat: "pid (comm) S …"; the state letter follows the closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/**
 * The sandbox's count of calls of one operation (any service), or of all calls without one.
 * @example const saves = await sandboxCalls(sandbox.url, 'SaveInvoices');
 */
export async function sandboxCalls(sandboxUrl: string, operation?: string): Promise<number> {
  const { counts } = (await (await fetch(`${sandboxUrl}/_sandbox/calls`)).json()) as {
    counts: Record<string, number>;
  };
  let n = 0;
  for (const [key, count] of Object.entries(counts)) {
    if (operation === undefined || key.endsWith(`.${operation}`)) n += count;
  }
  return n;
}
