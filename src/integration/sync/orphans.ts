import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Clock } from './records.ts';
import { moveRun } from './runs.ts';

// A live sync run (its `active_key` set) is carried on by its job. When that job is gone — given
// up after its workers were lost again and again, failed, finished or deleted without the run
// ending — the run would stay live for ever, and every later trigger of its workspace would join
// it instead of syncing (decision 81). Whoever finds such a run (the automatic trigger's tick, a
// start that would join it) gives it a new job, or ends it when it has been given one too often.

/** The job kind that executes runs (also in service.ts, which re-exports it). */
export const SYNC_JOB = 'sync.run';

/** The unique key of a run's job: one live job per run, whoever enqueues it. */
export function syncJobKey(runId: string): string {
  return `sync:${runId}`;
}

/**
 * Times a run is given a new job after its job was lost before it stops for good: enough for a
 * job lost to a bad moment, not for one that brings its worker down each time.
 */
export const MAX_RESUMES = 3;

/**
 * A run created this recently that has not started may simply not have its job yet: the start
 * that created it enqueues it a moment later. Given its job all the same, it counts no resume.
 */
export const FRESH_RUN_MS = 60_000;

/** What the admin reads on a run that lost its job too often. */
export const LOST_JOB_MESSAGE =
  'Synkroniseringen stoppet fordi jobben som kjørte den ble borte gang på gang (arbeidsprosessen ' +
  'stoppet eller krasjet midt i kjøringen). Det som ikke ble bekreftet, sjekkes mot 24SevenOffice ' +
  'ved neste synkronisering. Start den på nytt; skjer det igjen, se loggen til arbeidsprosessen.';

export interface CarryOnDeps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  logger?: Logger;
}

/** What `carryOn` found: a job carries the run on, it was given one now, or it has ended. */
export type CarryOn = 'live' | 'resumed' | 'ended';

/**
 * Makes sure a live run has a job to carry it on: gives it a new one when its job is gone, or
 * ends it failed after MAX_RESUMES. Safe when several processes do it at once: the job's unique
 * key lets only one of them enqueue, and only that one counts the resume.
 * @example if ((await carryOn(deps, run.id)) === 'ended') … // the workspace is free again
 */
export async function carryOn(deps: CarryOnDeps, runId: string): Promise<CarryOn> {
  if (await deps.queue.isLive(SYNC_JOB, syncJobKey(runId))) return 'live';
  const run = await deps.db
    .selectFrom('sync_runs')
    .select(['workspace_id', 'state', 'active_key', 'resumes', 'created_at'])
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!run || run.active_key === null) return 'ended';
  const log = deps.logger?.child({ workspaceId: run.workspace_id, runId });
  if (Number(run.resumes) >= MAX_RESUMES) {
    const ended = await moveRun(deps.db, deps.clock, runId, 'failed', { message: LOST_JOB_MESSAGE });
    if (ended) log?.error({ resumes: Number(run.resumes) }, 'sync run lost its job too often; ended failed');
    return 'ended';
  }
  const job = await deps.queue.enqueue(SYNC_JOB, { runId }, { uniqueKey: syncJobKey(runId) });
  if (job.deduplicated) return 'live';
  const fresh = run.state === 'queued' && deps.clock().getTime() - Date.parse(run.created_at) < FRESH_RUN_MS;
  if (fresh) return 'live';
  await deps.db
    .updateTable('sync_runs')
    .set((eb) => ({ resumes: eb('resumes', '+', 1) }))
    .where('id', '=', runId)
    .where('active_key', 'is not', null)
    .execute();
  log?.warn(
    { state: run.state, resumes: Number(run.resumes) + 1, jobId: job.id },
    'sync run was live with no job; given a new one',
  );
  return 'resumed';
}

/**
 * Runs `carryOn` for every live run (the automatic trigger's tick): none is left live with
 * nothing behind it for longer than a tick.
 * @example await carryOnLiveRuns({ db, clock, queue, logger });
 */
export async function carryOnLiveRuns(deps: CarryOnDeps): Promise<Record<CarryOn, number>> {
  const live = await deps.db
    .selectFrom('sync_runs')
    .select('id')
    .where('active_key', 'is not', null)
    .execute();
  const found: Record<CarryOn, number> = { live: 0, resumed: 0, ended: 0 };
  for (const { id } of live) {
    try {
      found[await carryOn(deps, id)]++;
    } catch (error) {
      // One run's trouble (say, a lost connection) must not keep the others from being looked at.
      deps.logger?.error({ err: error, runId: id }, 'could not check that a live sync run has a job');
    }
  }
  return found;
}
