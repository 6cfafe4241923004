import { getSettings } from '../settings.ts';
import type { IntegrationSettings } from '../settings-schema.ts';
import { Interrupted, type RunState, type SyncDeps } from '../sync/run-context.ts';
import type { SyncRun } from '../sync/runs.ts';
import { exportHours, HourExportStopped } from './export.ts';

// The hours phase as the sync engine runs it (the engine's one hook for hours): after
// customers, products and projects, so an hour whose project was exported in the same run goes
// too. A quarantine or a failed login surfaces as the 24SO error, which the engine turns into a
// waiting or failed run.

/**
 * Whether a run moves hours: asked for (all kinds or hours) and, for an automatic run, hours
 * set to automatic.
 * @example hoursInRun(run, settings) // true
 */
export function hoursInRun(run: Pick<SyncRun, 'entity' | 'trigger'>, settings: IntegrationSettings): boolean {
  if (run.entity !== null && run.entity !== 'hour') return false;
  return run.trigger !== 'auto' || settings.hours.sync === 'auto';
}

/**
 * The projects a dry run planned to create (its log says so: the projects phase runs before
 * the hours). The real run would send their hours after creating them, so the dry run counts
 * those hours as going too.
 */
async function projectsPlannedBy(deps: SyncDeps, runId: string): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('sync_run_records')
    .select('local_id')
    .where('run_id', '=', runId)
    .where('entity', '=', 'project')
    .where('action', '=', 'create')
    .execute();
  return rows.flatMap((r) => (r.local_id ? [r.local_id] : []));
}

/**
 * Runs the hours export inside an engine run (its calls are counted by the run's SOAP caller).
 * Hands the run back (throws `Interrupted`) only when hours are left to send: a run whose hours
 * are done goes on to end, however much of its slice that took (decision 76).
 * @example await hoursPhase(deps, state);
 */
export async function hoursPhase(deps: SyncDeps, state: RunState): Promise<void> {
  const { run, ctx } = state;
  const stored = await getSettings(deps.db, run.workspaceId);
  let workLeft: boolean;
  try {
    ({ workLeft } = await exportHours(
      deps,
      { id: run.id, workspaceId: run.workspaceId, dryRun: run.dryRun },
      ctx.soap,
      {
        enabled: stored.enabled,
        startDate: ctx.settings.hours.startDate,
        workTypeByHourType: ctx.settings.hours.workTypeByHourType,
        projectsCreatedFirst: run.dryRun ? await projectsPlannedBy(deps, run.id) : undefined,
      },
      { signal: state.signal, yieldAt: state.yieldAt },
    ));
  } catch (error) {
    if (error instanceof HourExportStopped) throw error.cause;
    throw error;
  }
  // The run goes on from its saved place in the next slice (or with the lease's next holder).
  if (workLeft || state.signal?.aborted) {
    throw new Interrupted(state.signal?.aborted ? 'worker stopping' : 'time slice used');
  }
}
