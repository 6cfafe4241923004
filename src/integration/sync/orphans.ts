import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { type CarryOn, carryOnEach, carryOnJob, FRESH_MS } from '../../jobs/carry-on.ts';
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

/** What the admin reads on a run that lost its job too often. */
export const LOST_JOB_MESSAGE =
  'Synkroniseringen stoppet fordi jobben som kjørte den ble borte gang på gang (arbeidsprosessen ' +
  'stoppet eller krasjet midt i synkroniseringen). Det som ikke ble bekreftet, sjekkes mot 24SevenOffice ' +
  'ved neste synkronisering. Start den på nytt; skjer det igjen, se loggen til arbeidsprosessen.';

export interface CarryOnDeps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  logger?: Logger;
}

/**
 * Makes sure a live run has a job to carry it on: gives it a new one when its job is gone, or
 * ends it failed after MAX_RESUMES (src/jobs/carry-on.ts: safe when several processes do it at
 * once). A queued run created under FRESH_MS ago gets its job without counting a resume.
 * @example if ((await carryOn(deps, run.id)) === 'ended') … // the workspace is free again
 */
export async function carryOn(deps: CarryOnDeps, runId: string): Promise<CarryOn> {
  let log: Logger | undefined;
  return carryOnJob({
    queue: deps.queue,
    kind: SYNC_JOB,
    uniqueKey: syncJobKey(runId),
    payload: { runId },
    read: async () => {
      const run = await deps.db
        .selectFrom('sync_runs')
        .select(['workspace_id', 'state', 'active_key', 'resumes', 'created_at'])
        .where('id', '=', runId)
        .executeTakeFirst();
      if (!run || run.active_key === null) return undefined;
      log = deps.logger?.child({ workspaceId: run.workspace_id, runId });
      const age = deps.clock().getTime() - Date.parse(run.created_at);
      return {
        state: run.state,
        resumes: Number(run.resumes),
        fresh: run.state === 'queued' && age < FRESH_MS,
      };
    },
    end: async (run) => {
      const ended = await moveRun(deps.db, deps.clock, runId, 'failed', { message: LOST_JOB_MESSAGE });
      if (ended) log?.error({ resumes: run.resumes }, 'sync run lost its job too often; ended failed');
      return ended;
    },
    count: async (run, jobId) => {
      const counted = await deps.db
        .updateTable('sync_runs')
        .set((eb) => ({ resumes: eb('resumes', '+', 1) }))
        .where('id', '=', runId)
        .where('active_key', 'is not', null)
        .executeTakeFirst();
      if (Number(counted.numUpdatedRows) === 0) return false;
      log?.warn(
        { state: run.state, resumes: run.resumes + 1, jobId },
        'sync run was live with no job; given a new one',
      );
      return true;
    },
  });
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
  return carryOnEach(
    live.map((r) => r.id),
    (id) => carryOn(deps, id),
    (error, runId) =>
      deps.logger?.error({ err: error, runId }, 'could not check that a live sync run has a job'),
  );
}
