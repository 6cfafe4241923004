import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kysely, sql } from 'kysely';
import type { Logger } from '../config/logger.ts';
import { type Db, dialectOf } from '../db/database.ts';
import type { EnqueueOptions, Job, JobHandler, JobOutcome, JobQueue, JobWorker } from './queue.ts';
import type { JobRow } from './tables.ts';

// The embedded job engine: a job table in the app's own database. A worker claims one due job
// at a time with a lease (one atomic UPDATE; on PostgreSQL the candidate row is picked with
// FOR UPDATE SKIP LOCKED so workers never wait on each other), renews the lease while it runs,
// and a job whose lease ran out — its process died — is claimed again by any worker.

export interface JobDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The queue side (enqueue) over the job table; usable from any process.
 * @example const queue = embeddedQueue({ db, clock, logger }); await queue.enqueue('sync.run', { runId });
 */
export function embeddedQueue(deps: JobDeps, onEnqueue?: () => void): JobQueue {
  return {
    async enqueue(kind: string, payload: unknown, options: EnqueueOptions = {}) {
      const at = deps.clock().toISOString();
      const id = randomUUID();
      const inserted = await deps.db
        .insertInto('jobs')
        .values({
          id,
          kind,
          payload: JSON.stringify(payload ?? null),
          state: 'queued',
          run_at: (options.runAt ?? deps.clock()).toISOString(),
          attempts: 0,
          max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          lease_owner: null,
          lease_until: null,
          unique_key: options.uniqueKey ?? null,
          last_error: null,
          created_at: at,
          updated_at: at,
          finished_at: null,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
        onEnqueue?.();
        return { id, deduplicated: false };
      }
      const live = await deps.db
        .selectFrom('jobs')
        .select('id')
        .where('unique_key', '=', options.uniqueKey ?? '')
        .executeTakeFirst();
      if (live) return { id: live.id, deduplicated: true };
      // The live job ended between our insert and read: try once more.
      return this.enqueue(kind, payload, options);
    },
  };
}

/**
 * Claims the next due job of the given kinds (or one whose lease expired) for `owner`.
 * @example const job = await claimJob(db, clock, ['sync.run'], 'worker-1', 60_000);
 */
export async function claimJob(
  db: Db,
  clock: () => Date,
  kinds: readonly string[],
  owner: string,
  leaseMs: number,
): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined;
  const now = clock().toISOString();
  const leaseUntil = new Date(clock().getTime() + leaseMs).toISOString();
  const lock =
    dialectOf(db as unknown as Kysely<unknown>) === 'postgres' ? sql`for update skip locked` : sql``;
  const due = sql`(
    (state = 'queued' and run_at <= ${now}) or (state = 'running' and lease_until < ${now})
  ) and kind in (${sql.join(kinds)})`;
  const result = await sql<JobRow>`
    update jobs set state = 'running', lease_owner = ${owner}, lease_until = ${leaseUntil},
      attempts = attempts + 1, updated_at = ${now}
    where id = (select id from jobs where ${due} order by run_at, id limit 1 ${lock})
      and ${due}
    returning *`.execute(db);
  return result.rows[0];
}

/** Backoff after a failed attempt: 5 s, 20 s, 80 s … capped at 15 minutes. */
export function backoffMs(attempt: number): number {
  return Math.min(15 * 60_000, 5_000 * 4 ** Math.max(0, attempt - 1));
}

export interface WorkerOptions {
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  /** How long a claim lasts without a heartbeat. */
  leaseMs?: number;
  /** Identifies this worker in leases and logs. */
  workerId?: string;
}

/**
 * A worker running jobs from the table, one at a time, with heartbeats and graceful stop.
 * @example const worker = new EmbeddedWorker(deps, { 'sync.run': handleSyncRun }); worker.start();
 */
export class EmbeddedWorker implements JobWorker {
  readonly workerId: string;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private current: AbortController | undefined;

  constructor(
    private readonly deps: JobDeps,
    private readonly handlers: Record<string, JobHandler>,
    options: WorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? (Number(process.env.BROEN_JOB_LEASE_MS) || 60_000);
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** A queue whose enqueues wake this worker at once. */
  queue(): JobQueue {
    return embeddedQueue(this.deps, () => this.nudge());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes an idle worker (a job was just queued in this process). */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current?.abort();
    this.wake?.();
    await this.loop;
  }

  /** Runs due jobs until none is left; for tests and the one-shot CLI. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (error) {
        this.deps.logger.error({ err: error }, 'job worker loop error');
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async runOne(): Promise<boolean> {
    const row = await claimJob(
      this.deps.db,
      this.deps.clock,
      Object.keys(this.handlers),
      this.workerId,
      this.leaseMs,
    );
    if (!row) return false;
    const handler = this.handlers[row.kind];
    if (!handler) return false;
    const controller = new AbortController();
    this.current = controller;
    const heartbeat = setInterval(
      () => {
        void this.renew(row.id).then((kept) => {
          if (!kept) controller.abort();
        });
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    const job: Job = {
      id: row.id,
      kind: row.kind,
      payload: JSON.parse(row.payload),
      attempt: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
    };
    try {
      const outcome = await handler(job, { signal: controller.signal, workerId: this.workerId });
      await this.settle(row, outcome);
    } catch (error) {
      await this.fail(row, error);
    } finally {
      clearInterval(heartbeat);
      this.current = undefined;
    }
    return true;
  }

  private async renew(id: string): Promise<boolean> {
    const result = await this.deps.db
      .updateTable('jobs')
      .set({ lease_until: new Date(this.deps.clock().getTime() + this.leaseMs).toISOString() })
      .where('id', '=', id)
      .where('lease_owner', '=', this.workerId)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async settle(row: JobRow, outcome: JobOutcome): Promise<void> {
    const now = this.deps.clock().toISOString();
    const q = this.deps.db
      .updateTable('jobs')
      .where('id', '=', row.id)
      .where('lease_owner', '=', this.workerId);
    if (outcome.kind === 'done') {
      await q
        .set({
          state: 'done',
          unique_key: null,
          lease_owner: null,
          lease_until: null,
          finished_at: now,
          updated_at: now,
        })
        .execute();
      return;
    }
    await q
      .set((eb) => ({
        state: 'queued',
        run_at: outcome.at.toISOString(),
        attempts: eb('attempts', '-', 1),
        lease_owner: null,
        lease_until: null,
        last_error: outcome.note ?? null,
        updated_at: now,
      }))
      .execute();
  }

  private async fail(row: JobRow, error: unknown): Promise<void> {
    const now = this.deps.clock();
    const message = error instanceof Error ? error.message : String(error);
    const attempts = Number(row.attempts);
    const final = attempts >= Number(row.max_attempts);
    this.deps.logger.warn({ jobId: row.id, kind: row.kind, attempts, final, err: error }, 'job failed');
    await this.deps.db
      .updateTable('jobs')
      .set(
        final
          ? {
              state: 'failed',
              unique_key: null,
              lease_owner: null,
              lease_until: null,
              last_error: message,
              finished_at: now.toISOString(),
              updated_at: now.toISOString(),
            }
          : {
              state: 'queued',
              run_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
              lease_owner: null,
              lease_until: null,
              last_error: message,
              updated_at: now.toISOString(),
            },
      )
      .where('id', '=', row.id)
      .where('lease_owner', '=', this.workerId)
      .execute();
  }
}
