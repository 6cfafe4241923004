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
