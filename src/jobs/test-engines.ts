import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  createTestDatabase,
  describeEachDatabase,
  postgresAvailable,
  TEST_PG_URL,
  type TestDatabase,
  withSchemaLock,
} from '../../test/databases.ts';
import { requireOrSkip } from '../../test/requirements.ts';
import { createLogger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { embeddedStore } from './embedded.ts';
import { PgBossJobs } from './pg-boss.ts';
import type { JobHandler, JobQueue } from './queue.ts';
import { embeddedJobStats, type JobStats } from './stats.ts';
import { JobRunner, type JobStore } from './worker.ts';

// Test support: the same suite on every job engine — the embedded table on SQLite and on
// PostgreSQL, and pg-boss on PostgreSQL in a pg-boss schema of its own per suite.

export interface EngineOptions {
  /** Embedded: the lease. pg-boss: the expiry (whole seconds, at least 1). */
  leaseMs?: number;
  backoffBaseMs?: number;
  /** Takeovers in a row before a job is given up (pg-boss: fixed by the sender, like the lease). */
  maxTakeovers?: number;
}

export interface EngineUnderTest {
  name: 'embedded' | 'pg-boss';
  /** The app database (also for the embedded engine's table). */
  db: Db;
  /** A store as one process would have it; each call is a new "process". */
  store(options?: EngineOptions): JobStore;
  /** A worker on a new store. */
  worker(
    handlers: Record<string, JobHandler>,
    options?: EngineOptions & { concurrency?: number; pollMs?: number },
  ): JobRunner;
  /** pg-boss fixes a job's expiry when it is sent, so the sender's lease counts. */
  queue(options?: EngineOptions): JobQueue;
  /** What /metrics reports about the jobs (`JobEngine.stats`). */
  stats(now: Date): Promise<JobStats>;
}

const logger = createLogger('silent');

/**
 * Runs `suite` on the embedded engine (SQLite, PostgreSQL) and on pg-boss (PostgreSQL).
 * @example describeEachJobEngine('jobs', (engine) => { it('…', async () => { engine().queue() … }) });
 */
export function describeEachJobEngine(name: string, suite: (engine: () => EngineUnderTest) => void): void {
  describeEachDatabase(`${name} (embedded)`, (getDb) => {
    const opened: JobStore[] = [];
    afterAll(async () => {
      for (const s of opened) await s.close?.();
    });
    const store = (options: EngineOptions = {}) => {
      const s = embeddedStore({ db: getDb(), clock: () => new Date(), logger }, options);
      opened.push(s);
      return s;
    };
    suite(() => ({
      name: 'embedded',
      db: getDb(),
      store,
      worker: (handlers, options = {}) => new JobRunner(store(options), logger, handlers, options),
      queue: (options) => store(options).queue(),
      stats: (now) => embeddedJobStats(getDb(), now),
    }));
  });

  describe(`${name} (pg-boss) [postgres]`, async () => {
    if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;
    let t: TestDatabase | undefined;
    const getDb = () => {
      if (!t) throw new Error('test database not ready');
      return t.db;
    };
    const schema = `pgboss_t_${randomBytes(5).toString('hex')}`;
    const opened: PgBossJobs[] = [];
    const jobs = (options: EngineOptions = {}) => {
      const j = new PgBossJobs(
        {
          connectionString: TEST_PG_URL,
          schema,
          expireInSeconds: Math.max(1, Math.round((options.leaseMs ?? 60_000) / 1000)),
          maintenanceIntervalSeconds: 1,
          backoffBaseMs: options.backoffBaseMs,
          maxTakeovers: options.maxTakeovers,
          poolSize: 3,
        },
        logger,
      );
      opened.push(j);
      return j;
    };
    beforeAll(async () => {
      t = await createTestDatabase('postgres');
      // Create pg-boss's schema once, before several "processes" start on it.
      await jobs().ready();
    });
    afterAll(async () => {
      for (const j of opened) await j.close().catch(() => undefined);
      await withSchemaLock((admin) => admin.query(`drop schema if exists ${schema} cascade`));
      await t?.destroy();
    });
    suite(() => ({
      name: 'pg-boss',
      db: getDb(),
      store: (options) => jobs(options).store(),
      worker: (handlers, options = {}) => new JobRunner(jobs(options).store(), logger, handlers, options),
      queue: (options) => jobs(options).queue(),
      stats: (now) => jobs().stats(now),
    }));
  });
}
