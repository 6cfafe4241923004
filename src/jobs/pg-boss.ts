import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from '../config/logger.ts';
import { backoffMs } from './embedded.ts';
import { type JobOutcome, type JobQueue, MAX_TAKEOVERS_IN_A_ROW } from './queue.ts';
import { type JobStats, pgBossJobStats } from './stats.ts';
import type { Claim, JobStore } from './worker.ts';

// The pg-boss engine (PostgreSQL, any number of processes): pg-boss keeps the jobs in its own
// schema, claims them with FOR UPDATE SKIP LOCKED and, in its maintenance, fails an active job
// whose expiry passed so another worker takes it over. What pg-boss 10 does not do, done here
// with its API in our own transactions (decision 45):
// - a unique key held while queued *or* running (its policies hold a key per state only):
//   enqueue takes an advisory lock on the key and looks for a live job first;
// - run again later without counting an attempt, and our backoff (5 s × 4ⁿ, ≤ 15 min; pg-boss's
//   is uncapped and jittered): the job is completed and a new one sent in one transaction,
//   carrying the attempts used so far — so the job id changes when a job is handed back;
// - attempts count thrown errors only (decision 81): pg-boss's own retries are spent only on a
//   job whose holder died (expired), up to MAX_TAKEOVERS_IN_A_ROW per pg-boss job; a thrown
//   error is retried here, as a new job carrying the attempts used in its envelope;
// - a lease that can be renewed: pg-boss's expiry is fixed when a job starts, so the worker
//   aborts its handler at two thirds of it; the handler hands the job back at its next safe
//   point, long before another worker could take it over.

interface Envelope {
  payload: unknown;
  /** Attempts used by earlier pg-boss jobs of the same logical job (thrown errors before a hand-back). */
  attemptsBefore: number;
  maxAttempts: number;
}

export interface PgBossOptions {
  connectionString: string;
  /** pg-boss's own schema (BROEN_PGBOSS_SCHEMA, default `pgboss`). */
  schema: string;
  /** The lease: an active job not settled within this is taken over (default 300 s). */
  expireInSeconds?: number;
  /** How often expired jobs are looked for (default 30 s). */
  maintenanceIntervalSeconds?: number;
  /** First retry delay; each further one is 4× longer (BROEN_JOB_BACKOFF_MS, default 5 s). */
  backoffBaseMs?: number;
  /** Connections this process opens for jobs (default 4). */
  poolSize?: number;
  /** Takeovers in a row before a job is given up (default MAX_TAKEOVERS_IN_A_ROW; tests lower it). */
  maxTakeovers?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * A job past its expiry with no takeover left: its holder is gone and pg-boss's maintenance is
 * about to fail it, so it is no longer live and a new job may take its unique key.
 */
const GIVEN_UP = `state = 'active' and started_on + expire_in < now() and retry_count >= retry_limit`;

/**
 * One process's pg-boss: the queue and, for a worker, the store the shared worker loop runs on.
 * @example const jobs = new PgBossJobs({ connectionString, schema: 'pgboss' }, logger); new JobRunner(jobs.store(), logger, handlers);
 */
export class PgBossJobs {
  private readonly pool: pg.Pool;
  private readonly boss: PgBoss;
  private readonly expireInSeconds: number;
  private readonly backoffBaseMs: number;
  private readonly maxTakeovers: number;
  private started: Promise<void> | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  private creating: Promise<void> = Promise.resolve();
  private rotation = 0;
  private closed = false;

  constructor(
    private readonly options: PgBossOptions,
    private readonly logger: Logger,
  ) {
    this.expireInSeconds = options.expireInSeconds ?? 300;
    this.backoffBaseMs = options.backoffBaseMs ?? (Number(process.env.BROEN_JOB_BACKOFF_MS) || 5_000);
    this.maxTakeovers = options.maxTakeovers ?? MAX_TAKEOVERS_IN_A_ROW;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 4,
      application_name: 'broen-jobs',
    });
    this.pool.on('error', (error) => logger.error({ err: error }, 'pg-boss pool error'));
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.pool.query(text, values) },
      schema: options.schema,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
      // Broen schedules nothing through pg-boss's cron; its automatic trigger is a job.
      schedule: false,
    });
    this.boss.on('error', (error: unknown) => logger.error({ err: error }, 'pg-boss error'));
  }

  /** Creates or migrates pg-boss's schema once per process, then starts its maintenance. */
  ready(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      // One creation at a time in this process (each holds a connection while it waits for
      // the lock below, so parallel ones could take the whole pool).
      created = this.creating.then(() => this.ready()).then(() => this.createQueue(name));
      this.creating = created.catch(() => undefined);
      created.catch(() => this.queues.delete(name));
      this.queues.set(name, created);
    }
    return created;
  }

  /**
   * pg-boss's create_queue adds a partition and its foreign keys to the queue table; two run at
   * once — two kinds in one process, or two processes starting — deadlock (40P01), and the
   * loser's enqueue fails: that lost the automatic trigger a worker schedules on start. So a
   * queue that exists is not created again, and creations take a session lock across processes.
   */
  private async createQueue(name: string): Promise<void> {
    const exists = await this.pool.query(`select 1 from ${this.options.schema}.queue where name = $1`, [
      name,
    ]);
    if (exists.rows.length > 0) return;
    const lock = await this.pool.connect();
    const key = `${this.options.schema}:create_queue`;
    let broken = false;
    try {
      await lock.query('select pg_advisory_lock(hashtext($1))', [key]);
      try {
        await this.boss.createQueue(name);
      } finally {
        await lock.query('select pg_advisory_unlock(hashtext($1))', [key]);
      }
    } catch (error) {
      // Closing the connection releases the lock whatever state it is in.
      broken = true;
      throw error;
    } finally {
      lock.release(broken);
    }
  }

  queue(onEnqueue?: () => void): JobQueue {
    return {
      enqueue: async (kind, payload, options = {}) => {
        await this.ensureQueue(kind);
        const envelope: Envelope = {
          payload: payload ?? null,
          attemptsBefore: 0,
          maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        };
        const result = await this.inTransaction(async (db) => {
          if (options.uniqueKey) {
            await this.lockKey(db, kind, options.uniqueKey);
            const live = await db.executeSql(
              `select id from ${this.options.schema}.job
               where name = $1 and singleton_key = $2 and state < 'completed' and not (${GIVEN_UP}) limit 1`,
              [kind, options.uniqueKey],
            );
            const id = live.rows[0]?.id as string | undefined;
            if (id) return { id, deduplicated: true };
          }
          const id = await this.send(db, kind, envelope, options.runAt ?? new Date(), options.uniqueKey);
          return { id, deduplicated: false };
        });
        if (!result.deduplicated) onEnqueue?.();
        return result;
      },
      isLive: async (kind, uniqueKey) => {
        await this.ensureQueue(kind);
        // Created, retry or active — but not given up (GIVEN_UP).
        const live = await this.pool.query(
          `select 1 from ${this.options.schema}.job
           where name = $1 and singleton_key = $2 and state < 'completed' and not (${GIVEN_UP})
           limit 1`,
          [kind, uniqueKey],
        );
        return live.rows.length > 0;
      },
    };
  }

  store(): JobStore {
    return {
      queue: (onEnqueue) => this.queue(onEnqueue),
      claim: (kinds) => this.claim(kinds),
      close: () => this.close(),
    };
  }

  /** Jobs by kind and state, and the oldest due one, from pg-boss's tables (for /metrics). */
  stats(now: Date): Promise<JobStats> {
    return pgBossJobStats((text, values) => this.pool.query(text, values), this.options.schema, now);
  }

  /** Stops pg-boss's maintenance and closes this process's job connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const started = this.started;
    if (started !== undefined) {
      await started.catch(() => undefined);
      await this.boss.stop({ graceful: false, close: false });
    }
    await this.pool.end();
  }

  private async claim(kinds: readonly string[]): Promise<Claim | undefined> {
    if (kinds.length === 0) return undefined;
    await Promise.all(kinds.map((k) => this.ensureQueue(k)));
    // pg-boss fetches per queue; start with another kind each time so none starves another.
    const start = this.rotation++ % kinds.length;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(start + i) % kinds.length] as string;
      const [row] = await this.boss.fetch<Envelope>(kind, { batchSize: 1, includeMetadata: true });
      if (row) return this.toClaim(row);
    }
    return undefined;
  }

  private toClaim(row: PgBoss.JobWithMetadata<Envelope>): Claim {
    const envelope = row.data;
    const startedOn = new Date(row.startedOn).getTime();
    const expireMs = intervalMs(row.expireIn) ?? this.expireInSeconds * 1000;
    // Keep it only until two thirds of the fixed expiry: then the handler is aborted and hands
    // the job back before pg-boss's maintenance could give it to another worker.
    const keepUntil = Date.now() + Math.floor((expireMs * 2) / 3);
    // pg-boss's retries are takeovers after a lost holder, which do not count an attempt.
    const attempt = envelope.attemptsBefore + 1;
    if (row.retryCount > 0) {
      this.logger.warn(
        { jobId: row.id, kind: row.name, attempt, takeovers: row.retryCount },
        'job taken over after its worker was lost; the attempt is not counted',
      );
    }
    const uniqueKey = row.singletonKey ?? undefined;
    const handOver = (at: Date, attemptsBefore: number, output: object) =>
      this.ifStillMine(row, startedOn, uniqueKey, async (db) => {
        await this.boss.complete(row.name, row.id, output, { db });
        await this.send(db, row.name, { ...envelope, attemptsBefore }, at, uniqueKey);
      });
    return {
      job: {
        id: row.id,
        kind: row.name,
        payload: envelope.payload,
        attempt,
        maxAttempts: envelope.maxAttempts,
        takeovers: row.retryCount,
      },
      // The fencing token is the start time pg-boss gave this claim: a takeover after the expiry
      // starts the job again, later (decision 66).
      epoch: startedOn,
      leaseMs: expireMs,
      renewable: false,
      keepEveryMs: Math.max(50, Math.min(5_000, Math.floor(expireMs / 10))),
      keep: async () => Date.now() < keepUntil && (await this.stillActive(row, startedOn)),
      held: () => this.stillActive(row, startedOn),
      settle: async (outcome: JobOutcome) => {
        if (outcome.kind === 'done') {
          await this.ifStillMine(row, startedOn, uniqueKey, (db) =>
            this.boss.complete(row.name, row.id, {}, { db }).then(() => undefined),
          );
          return;
        }
        // Run again later, the attempt not counted.
        await handOver(outcome.at, attempt - 1, { handedBack: outcome.note ?? 'later' });
      },
      fail: async (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= envelope.maxAttempts) {
          // Final: pg-boss's retries are kept for takeovers, so spend them first or it would retry.
          await this.ifStillMine(row, startedOn, uniqueKey, async (db) => {
            await db.executeSql(
              `update ${this.options.schema}.job set retry_limit = retry_count where name = $1 and id = $2`,
              [row.name, row.id],
            );
            await this.boss.fail(row.name, row.id, { message }, { db });
          });
          return;
        }
        const at = new Date(Date.now() + backoffMs(attempt, this.backoffBaseMs));
        await handOver(at, attempt, { failed: message });
      },
    };
  }

  /** Whether the job is still active under the start time (the epoch) this claim fetched. */
  private async stillActive(row: PgBoss.JobWithMetadata<Envelope>, startedOn: number): Promise<boolean> {
    const current = await this.pool.query(
      `select started_on from ${this.options.schema}.job where name = $1 and id = $2 and state = 'active'`,
      [row.name, row.id],
    );
    const held = current.rows[0]?.started_on as Date | undefined;
    return held !== undefined && held.getTime() === startedOn;
  }

  /**
   * Runs `fn` in a transaction if this worker still holds the job: it is active with the start
   * time we fetched it with. After its expiry another worker may have taken it; then nothing.
   */
  private async ifStillMine(
    row: PgBoss.JobWithMetadata<Envelope>,
    startedOn: number,
    uniqueKey: string | undefined,
    fn: (db: PgBoss.Db) => Promise<void>,
  ): Promise<void> {
    await this.inTransaction(async (db) => {
      if (uniqueKey) await this.lockKey(db, row.name, uniqueKey);
      const current = await db.executeSql(
        `select started_on from ${this.options.schema}.job
         where name = $1 and id = $2 and state = 'active' for update`,
        [row.name, row.id],
      );
      const held = current.rows[0]?.started_on as Date | undefined;
      if (!held || held.getTime() !== startedOn) {
        this.logger.warn(
          { jobId: row.id, kind: row.name },
          'job was taken over after its expiry; not settled here',
        );
        return;
      }
      await fn(db);
    });
  }

  private async send(
    db: PgBoss.Db,
    kind: string,
    envelope: Envelope,
    at: Date,
    uniqueKey: string | undefined,
  ): Promise<string> {
    const id = await this.boss.send(kind, envelope, {
      db,
      startAfter: at,
      singletonKey: uniqueKey,
      expireInSeconds: this.expireInSeconds,
      // pg-boss retries only a job whose holder died (expired), at once as with the embedded
      // engine's lease, and without counting an attempt; after that many in a row it fails the
      // job (decision 81). Thrown errors are retried here, with our backoff.
      retryLimit: this.maxTakeovers,
      retryDelay: 0,
      retryBackoff: false,
    });
    if (!id) throw new Error(`pg-boss did not accept a ${kind} job`);
    return id;
  }

  /** Serialises enqueues and hand-backs of one unique key (released at commit). */
  private async lockKey(db: PgBoss.Db, kind: string, key: string): Promise<void> {
    await db.executeSql('select pg_advisory_xact_lock(hashtext($1))', [
      `${this.options.schema}:${kind}:${key}`,
    ]);
  }

  private async inTransaction<T>(fn: (db: PgBoss.Db) => Promise<T>): Promise<T> {
    await this.ready();
    const client = await this.pool.connect();
    const db: PgBoss.Db = { executeSql: (text, values) => client.query(text, values) };
    try {
      await client.query('begin');
      const result = await fn(db);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** A PostgreSQL interval as node-postgres returns it, in milliseconds. */
function intervalMs(value: unknown): number | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as {
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    milliseconds?: number;
  };
  const ms =
    (((v.days ?? 0) * 24 + (v.hours ?? 0)) * 60 + (v.minutes ?? 0)) * 60_000 +
    (v.seconds ?? 0) * 1000 +
    (v.milliseconds ?? 0);
  return ms > 0 ? ms : undefined;
}
