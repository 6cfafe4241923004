import type { Logger } from '../../config/logger.ts';
import type { JobHandler, JobQueue } from '../../jobs/queue.ts';
import { LeaseLost } from '../../jobs/worker.ts';
import { executeRun } from './engine.ts';
import { carryOn, SYNC_JOB, syncJobKey } from './orphans.ts';
import { type Clock, listRecords, retryFailedRecords, type SyncRecord } from './records.ts';
import type { RunOutcome, SyncDeps } from './run-context.ts';
import {
  createOrJoinRun,
  getRun,
  getRunById,
  listRunRecords,
  listRuns,
  moveRun,
  type RunRecord,
  type SyncRun,
} from './runs.ts';
import type { RecordState, RunTrigger, SyncEntity } from './tables.ts';
import type { Patience } from './unanswered-pause.ts';

// The sync engine's functions for the REST API, the CLI and the web pages: start (or join) a
// run, read runs and per-record states, retry the failed ones. A run is executed by a job.

export { SYNC_JOB };

export interface StartDeps {
  db: SyncDeps['db'];
  clock: Clock;
  queue: JobQueue;
  logger?: Logger;
}

export interface StartRequest {
  workspaceId: string;
  trigger: RunTrigger;
  /** Null: every kind. */
  entity: SyncEntity | null;
  dryRun: boolean;
  requestedBy?: string | null;
}

/**
 * Starts a run as a job, or joins the workspace's live run (one at a time per workspace).
 * @example const { run, joined } = await startSync(deps, { workspaceId, trigger: 'api', entity: 'customer', dryRun: false });
 */
export async function startSync(
  deps: StartDeps,
  request: StartRequest,
): Promise<{ run: SyncRun; joined: boolean }> {
  for (let tries = 1; ; tries++) {
    const result = await createOrJoinRun(deps.db, deps.clock, request);
    if (!result.joined) {
      await deps.queue.enqueue(SYNC_JOB, { runId: result.run.id }, { uniqueKey: syncJobKey(result.run.id) });
      return result;
    }
    // Joining a live run: make sure a job carries it on (decision 81). One whose job was lost
    // too often is ended there, and this request starts a run of its own instead.
    if ((await carryOn(deps, result.run.id)) !== 'ended' || tries >= 3) return result;
  }
}

/** How long one job runs a run before handing it back (BROEN_SYNC_SLICE_MS, default 30 s). */
export function syncSliceMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.BROEN_SYNC_SLICE_MS ?? 30_000);
  return Number.isFinite(n) && n >= 10 ? n : 30_000;
}

/**
 * The job handler that executes runs; a quarantine re-schedules the job for when it ends.
 * A run gets a time slice: when it is used up the run stops at its next safe point (between
 * batches) and the job goes to the back of the queue, so a workspace with a big backlog does
 * not hold up the others even on a worker that runs one job at a time (decision 46).
 * @example worker = new EmbeddedWorker(deps, { [SYNC_JOB]: syncJobHandler(syncDeps) });
 */
export function syncJobHandler(
  deps: SyncDeps,
  onOutcome?: (outcome: RunOutcome) => void,
  /** `patience`: how a run waits out unanswered reads (decision 77; tests shorten it). */
  options: { sliceMs?: number; patience?: Patience } = {},
): JobHandler {
  const sliceMs = options.sliceMs ?? syncSliceMs();
  return async (job, ctx) => {
    const runId = (job.payload as { runId?: unknown } | null)?.runId;
    if (typeof runId !== 'string') return { kind: 'done' };
    // Everything this run logs names its workspace, run and job (docs/operations.md).
    const workspaceId = (await getRunById(deps.db, runId))?.workspaceId;
    const logger = deps.logger.child({ workspaceId, runId, jobId: job.id });
    const runDeps: SyncDeps = { ...deps, logger, connection: { ...deps.connection, logger } };
    let outcome: RunOutcome;
    try {
      // The stop signal is the job's own (stopping, lease lost); the slice is a deadline the
      // run checks at its safe points, so it never cuts a batch short.
      outcome = await executeRun(runDeps, runId, ctx.signal, {
        yieldAt: Date.now() + sliceMs,
        patience: options.patience,
      });
    } catch (error) {
      // Out of attempts: end the run with the reason, so the workspace is free for the next one —
      // only while this worker still holds the job: one that lost it (stalled past its lease)
      // leaves the run to the worker that took it over (decision 81).
      if (job.attempt >= job.maxAttempts && !(error instanceof LeaseLost) && (await stillHeld(ctx))) {
        await moveRun(deps.db, deps.clock, runId, 'failed', {
          message: `Synkroniseringen stoppet etter ${job.attempt} forsøk: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      throw error;
    }
    onOutcome?.(outcome);
    logger.info({ state: outcome.state, attempt: job.attempt }, 'sync run executed');
    if (outcome.state === 'waiting') return { kind: 'later', at: outcome.until, note: 'venter på 24SO' };
    if (outcome.state === 'interrupted') {
      return { kind: 'later', at: deps.clock(), note: ctx.signal.aborted ? 'avbrutt' : 'tidsluke brukt' };
    }
    return { kind: 'done' };
  };
}

/** Whether the job's claim still holds; a claim that cannot be checked is taken as lost. */
async function stillHeld(ctx: { stillHeld(): Promise<boolean> }): Promise<boolean> {
  return ctx.stillHeld().catch(() => false);
}

export interface RunDetail extends SyncRun {
  /** The records that failed in this run, with their reasons. */
  failures: RunRecord[];
  /** Everything else the run logged (created, deactivated, skipped, imported …), newest last. */
  records: RunRecord[];
}

/**
 * A run with its failed records and reasons.
 * @example const detail = await getRunDetail(db, wsId, runId);
 */
export async function getRunDetail(
  db: SyncDeps['db'],
  workspaceId: string,
  runId: string,
): Promise<RunDetail | undefined> {
  const run = await getRun(db, workspaceId, runId);
  if (!run) return undefined;
  const records = await listRunRecords(db, runId, { limit: 1000 });
  return { ...run, failures: records.filter((r) => r.action === 'fail'), records };
}

export { listRuns };

/**
 * Per-record states for the API and the page.
 * @example await listSyncRecords(db, wsId, { entity: 'customer', state: 'failed' })
 */
export async function listSyncRecords(
  db: SyncDeps['db'],
  workspaceId: string,
  filter: { entity?: SyncEntity; state?: RecordState; after?: string; limit?: number },
): Promise<SyncRecord[]> {
  return listRecords(db, workspaceId, {
    entity: filter.entity,
    state: filter.state,
    afterLocalId: filter.after,
    limit: filter.limit,
  });
}

/**
 * «Prøv igjen»: makes the failed records due and starts a run for them.
 * @example const { retried, run } = await retryFailed(deps, { workspaceId, entity: null, trigger: 'manual' });
 */
export async function retryFailed(
  deps: StartDeps,
  request: {
    workspaceId: string;
    entity: SyncEntity | null;
    trigger: RunTrigger;
    requestedBy?: string | null;
  },
): Promise<{ retried: number; run: SyncRun | null; joined: boolean }> {
  const retried = await retryFailedRecords(
    deps.db,
    deps.clock,
    request.workspaceId,
    request.entity ?? undefined,
  );
  if (retried === 0) return { retried, run: null, joined: false };
  const { run, joined } = await startSync(deps, { ...request, dryRun: false });
  return { retried, run, joined };
}
