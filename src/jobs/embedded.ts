import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from '../config/logger.ts';
import { type Db, dialectOf } from '../db/database.ts';
import {
  type EnqueueOptions,
  type JobHandler,
  type JobOutcome,
  type JobQueue,
  MAX_TAKEOVERS_IN_A_ROW,
} from './queue.ts';
import type { JobRow } from './tables.ts';
import { type Claim, JobRunner, type JobStore, type WorkerOptions } from './worker.ts';

// The embedded job engine: a job table in the app's own database. A worker claims one due job
// at a time with a lease (one atomic UPDATE; on PostgreSQL the candidate row is picked with
// FOR UPDATE SKIP LOCKED so workers never wait on each other), renews the lease while it runs,
// and a job whose lease ran out — its process died — is claimed again by any worker. The worker
// loop (slots, abort, graceful stop) is shared with the pg-boss engine: worker.ts.

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
export function embeddedQueue(
  deps: JobDeps,
  onEnqueue?: () => void,
  maxTakeovers = MAX_TAKEOVERS_IN_A_ROW,
): JobQueue {
  return {
    async enqueue(kind: string, payload: unknown, options: EnqueueOptions = {}) {
      // A job under this key whose worker was lost too often in a row is given up first, as a
      // worker would: it is no longer live (isLive), so it must not take the new one's place.
      if (options.uniqueKey) {
        for (const job of await giveUpLostJobs(deps.db, deps.clock, [kind], maxTakeovers)) {
          deps.logger.error({ jobId: job.id, kind: job.kind }, takeoversMessage(maxTakeovers + 1));
        }
      }
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
          takeovers: 0,
          max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          lease_owner: null,
          lease_until: null,
          epoch: 0,
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
    async isLive(kind: string, uniqueKey: string) {
      // The key is held while queued or running; a running job whose holder died is live while
      // another worker may still take it over.
      const now = deps.clock().toISOString();
      const live = await deps.db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', kind)
        .where('unique_key', '=', uniqueKey)
        .where((eb) =>
          eb.or([
            eb('state', '=', 'queued'),
            eb('lease_until', '>=', now),
            eb('takeovers', '<', maxTakeovers),
          ]),
        )
        .executeTakeFirst();
      return live !== undefined;
    },
  };
}

/** Why a job was given up after too many takeovers in a row (kept as its last error). */
export function takeoversMessage(takeovers: number): string {
  return (
    `given up: its worker was lost ${takeovers} times in a row (killed, crashed or stalled) ` +
    'before the job returned; it may be what brings the worker down'
  );
}

/**
 * Gives up the jobs of these kinds whose holder died after `maxTakeovers` takeovers in a row:
 * failed with the reason, their unique key freed. Returns them, for the log.
 * @example const gone = await giveUpLostJobs(db, clock, ['sync.run'], 10);
 */
export async function giveUpLostJobs(
  db: Db,
  clock: () => Date,
  kinds: readonly string[],
  maxTakeovers = MAX_TAKEOVERS_IN_A_ROW,
): Promise<{ id: string; kind: string }[]> {
  if (kinds.length === 0) return [];
  const now = clock().toISOString();
  const result = await sql<{ id: string; kind: string }>`
    update jobs set state = 'failed', unique_key = null, lease_owner = null, lease_until = null,
      last_error = ${takeoversMessage(maxTakeovers + 1)}, finished_at = ${now}, updated_at = ${now}
    where state = 'running' and lease_until < ${now} and takeovers >= ${maxTakeovers}
      and kind in (${sql.join(kinds)})
    returning id, kind`.execute(db);
  return result.rows;
}

/**
 * Claims the next due job of the given kinds (or one whose lease expired) for `owner`. A claim
 * of a queued job counts an attempt; a takeover of a job whose holder died counts a takeover
 * instead (decision 81), and one taken over `maxTakeovers` times in a row is left for
 * `giveUpLostJobs`.
 * @example const job = await claimJob(db, clock, ['sync.run'], 'worker-1', 60_000);
 */
export async function claimJob(
  db: Db,
  clock: () => Date,
  kinds: readonly string[],
  owner: string,
  leaseMs: number,
  maxTakeovers = MAX_TAKEOVERS_IN_A_ROW,
): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined;
  const now = clock().toISOString();
  const leaseUntil = new Date(clock().getTime() + leaseMs).toISOString();
  const lock = dialectOf(db) === 'postgres' ? sql`for update skip locked` : sql``;
  const due = sql`(
    (state = 'queued' and run_at <= ${now}) or (state = 'running' and lease_until < ${now} and takeovers < ${maxTakeovers})
  ) and kind in (${sql.join(kinds)})`;
  const result = await sql<JobRow>`
    update jobs set
      attempts = case when state = 'running' then attempts else attempts + 1 end,
      takeovers = case when state = 'running' then takeovers + 1 else takeovers end,
      state = 'running', lease_owner = ${owner}, lease_until = ${leaseUntil},
      epoch = epoch + 1, updated_at = ${now}
    where id = (select id from jobs where ${due} order by run_at, id limit 1 ${lock})
      and ${due}
    returning *`.execute(db);
  return result.rows[0];
}

/** Backoff after a failed attempt: 5 s, 20 s, 80 s … capped at 15 minutes (base 5 s by default). */
export function backoffMs(attempt: number, baseMs = 5_000): number {
  return Math.min(15 * 60_000, baseMs * 4 ** Math.max(0, attempt - 1));
}

export interface EmbeddedOptions {
  /** How long a claim lasts without a heartbeat (BROEN_JOB_LEASE_MS, default 60 s). */
  leaseMs?: number;
  /** First retry delay; each further one is 4× longer (BROEN_JOB_BACKOFF_MS, default 5 s). */
  backoffBaseMs?: number;
  /** Takeovers in a row before a job is given up (default MAX_TAKEOVERS_IN_A_ROW; tests lower it). */
  maxTakeovers?: number;
}

/**
 * The job table as a store for the shared worker loop.
 * @example const worker = new JobRunner(embeddedStore(deps), deps.logger, handlers);
 */
export function embeddedStore(deps: JobDeps, options: EmbeddedOptions = {}): JobStore {
  const leaseMs = options.leaseMs ?? (Number(process.env.BROEN_JOB_LEASE_MS) || 60_000);
  const backoffBaseMs = options.backoffBaseMs ?? (Number(process.env.BROEN_JOB_BACKOFF_MS) || 5_000);
  const maxTakeovers = options.maxTakeovers ?? MAX_TAKEOVERS_IN_A_ROW;
  return {
    queue: (onEnqueue) => embeddedQueue(deps, onEnqueue, maxTakeovers),
    async claim(kinds, workerId) {
      for (const job of await giveUpLostJobs(deps.db, deps.clock, kinds, maxTakeovers)) {
        deps.logger.error({ jobId: job.id, kind: job.kind }, takeoversMessage(maxTakeovers + 1));
      }
      const row = await claimJob(deps.db, deps.clock, kinds, workerId, leaseMs, maxTakeovers);
      if (row && Number(row.takeovers) > 0 && row.state === 'running') {
        deps.logger.warn(
          { jobId: row.id, kind: row.kind, attempt: Number(row.attempts), takeovers: Number(row.takeovers) },
          'job taken over after its worker was lost; the attempt is not counted',
        );
      }
      return row ? embeddedClaim(deps, row, workerId, leaseMs, backoffBaseMs) : undefined;
    },
  };
}

function embeddedClaim(
  deps: JobDeps,
  row: JobRow,
  owner: string,
  leaseMs: number,
  backoffBaseMs: number,
): Claim {
  // Every move is conditional on still holding the claim — its epoch, which each claim raises —
  // so a worker that lost its job (the lease ran out and another worker, or this one again, took
  // it) can no longer keep or settle it.
  const epoch = Number(row.epoch);
  const mine = () =>
    deps.db
      .updateTable('jobs')
      .where('id', '=', row.id)
      .where('epoch', '=', epoch)
      .where('lease_owner', '=', owner);
  return {
    job: {
      id: row.id,
      kind: row.kind,
      payload: JSON.parse(row.payload),
      attempt: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      takeovers: Number(row.takeovers),
    },
    epoch,
    leaseMs,
    renewable: true,
    keepEveryMs: Math.max(50, Math.floor(leaseMs / 3)),
    async keep() {
      const result = await mine()
        .set({ lease_until: new Date(deps.clock().getTime() + leaseMs).toISOString() })
        .where('state', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async held() {
      const found = await deps.db
        .selectFrom('jobs')
        .select('id')
        .where('id', '=', row.id)
        .where('epoch', '=', epoch)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'running')
        .executeTakeFirst();
      return found !== undefined;
    },
    async settle(outcome: JobOutcome) {
      const now = deps.clock().toISOString();
      if (outcome.kind === 'done') {
        await mine()
          .set({
            state: 'done',
            takeovers: 0,
            unique_key: null,
            lease_owner: null,
            lease_until: null,
            finished_at: now,
            updated_at: now,
          })
          .execute();
        return;
      }
      await mine()
        .set((eb) => ({
          state: 'queued',
          run_at: outcome.at.toISOString(),
          attempts: eb('attempts', '-', 1),
          // The handler came back: the takeovers in a row start over.
          takeovers: 0,
          lease_owner: null,
          lease_until: null,
          last_error: outcome.note ?? null,
          updated_at: now,
        }))
        .execute();
    },
    async fail(error: unknown) {
      const now = deps.clock();
      const message = error instanceof Error ? error.message : String(error);
      const attempts = Number(row.attempts);
      const final = attempts >= Number(row.max_attempts);
      await mine()
        .set(
          final
            ? {
                state: 'failed',
                takeovers: 0,
                unique_key: null,
                lease_owner: null,
                lease_until: null,
                last_error: message,
                finished_at: now.toISOString(),
                updated_at: now.toISOString(),
              }
            : {
                state: 'queued',
                takeovers: 0,
                run_at: new Date(now.getTime() + backoffMs(attempts, backoffBaseMs)).toISOString(),
                lease_owner: null,
                lease_until: null,
                last_error: message,
                updated_at: now.toISOString(),
              },
        )
        .execute();
    },
  };
}

/**
 * A worker running jobs from the table, with heartbeats and graceful stop.
 * @example const worker = new EmbeddedWorker(deps, { 'sync.run': handleSyncRun }); worker.start();
 */
export class EmbeddedWorker extends JobRunner {
  constructor(
    deps: JobDeps,
    handlers: Record<string, JobHandler>,
    options: WorkerOptions & EmbeddedOptions = {},
  ) {
    super(embeddedStore(deps, options), deps.logger, handlers, options);
  }
}
