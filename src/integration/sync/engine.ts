import { LeaseLost } from '../../jobs/worker.ts';
import { isWriteOperation } from '../../twentyfour/call-guard.ts';
import { TwentyFourError } from '../../twentyfour/errors.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import { hoursInRun, hoursPhase } from '../hours/phase.ts';
import { pauseBeforeTry, READ_TRIES, transientReadFailure } from '../read-tries.ts';
import { withSession } from '../session-calls.ts';
import { getSettings } from '../settings.ts';
import { exportPhase } from './export-phase.ts';
import { importPhase } from './import.ts';
import { AmbiguousRecoveryError } from './project-adapter.ts';
import { classifyWriteError } from './reasons.ts';
import { getRecords } from './records.ts';
import {
  ENTITY_ORDER,
  flushCalls,
  Interrupted,
  noteConnectionTrouble,
  osloTime,
  type RunOutcome,
  RunPaused,
  type RunState,
  RunStopped,
  type SyncDeps,
  settingsSection,
  Unanswered,
} from './run-context.ts';
import { getRunById, moveRun, type SyncRun } from './runs.ts';
import {
  answered,
  DEFAULT_PATIENCE,
  type Patience,
  pauseOrStop,
  unansweredInARow,
} from './unanswered-pause.ts';

// One run, start to end: open the 24SO session on first use, run each kind's phase (export or
// import, then hours), and turn how it ended into the run's state — done, failed with a
// message, waiting for 24SO, or handed back to the queue. The phases: export-phase.ts,
// import.ts, ../hours/phase.ts; what they share: run-context.ts.

export { ENTITY_ORDER, osloTime };

/** What the admin reads after the reason a run stopped for 24SO trouble. */
const CHECKED_NEXT_TIME = 'Det som ikke ble bekreftet, sjekkes mot 24SevenOffice ved neste synkronisering.';

/**
 * Opens the run's 24SO session, trying again when 24SO did not answer; a quarantine pauses the
 * run, a refused login stops it, and a session that stays unopened is an unanswered call
 * (decision 77: the run pauses, or ends in an outage).
 */
async function openSession(deps: SyncDeps, workspaceId: string): Promise<SoapCaller> {
  for (let attempt = 1; ; attempt++) {
    const opened = await withSession(deps.connection, workspaceId, async (s) =>
      s.soap
        ? { ok: true as const, value: s.soap }
        : { ok: false as const, kind: 'unreachable' as const, detail: 'no SOAP access on this gateway' },
    );
    if (opened.ok) return opened.value;
    // A quarantine (or the spent hour) met on opening the session pauses the run like one met
    // on any other call: another process may have recorded it.
    if (opened.retryAt) throw new RunPaused(opened.retryAt, '24SevenOffice tar ikke imot kall før da.');
    if (opened.state !== 'unreachable') throw new RunStopped(opened.message);
    // The client's own words for what went wrong, as a run stopped by a read says it.
    if (attempt >= READ_TRIES) throw new Unanswered(opened.detail);
    await pauseBeforeTry(attempt);
  }
}

/**
 * Executes (or resumes) a run. Never throws for 24SO trouble: the outcome says whether the run
 * ended, failed with a message, waits for 24SO, or was interrupted — by a stopping worker
 * (`signal`) or because its time slice ended (`yieldAt`, a `Date.now()` value) — and continues
 * on the next call.
 * @example const outcome = await executeRun(deps, runId);
 */
export async function executeRun(
  deps: SyncDeps,
  runId: string,
  signal?: AbortSignal,
  options: { yieldAt?: number; patience?: Patience } = {},
): Promise<RunOutcome> {
  const initial = await getRunById(deps.db, runId);
  if (!initial) throw new Error(`sync run ${runId} not found`);
  if (initial.state === 'done' || initial.state === 'failed') return { state: initial.state, run: initial };
  // A run going on after a pause no longer says why it waited.
  const resumed = initial.state === 'waiting' ? { message: null } : {};
  if (!(await moveRun(deps.db, deps.clock, runId, 'running', resumed))) {
    const now = await getRunById(deps.db, runId);
    if (now && (now.state === 'done' || now.state === 'failed')) return { state: now.state, run: now };
  }
  const run = (await getRunById(deps.db, runId)) as SyncRun;
  const stored = await getSettings(deps.db, run.workspaceId);
  const end = async (state: 'done' | 'failed', message: string | null): Promise<RunOutcome> => {
    await moveRun(deps.db, deps.clock, runId, state, { message });
    return { state, run: (await getRunById(deps.db, runId)) as SyncRun };
  };
  if (!stored.enabled && !run.dryRun) {
    return end('failed', 'Integrasjonen med 24SevenOffice er slått av; ingenting ble sendt.');
  }

  let session: SoapCaller | undefined;
  const state: RunState = {
    run,
    calls: 0,
    signal,
    yieldAt: options.yieldAt,
    done: new Set(),
    unansweredPauses: await unansweredInARow(deps.db, runId),
    ctx: {
      db: deps.db,
      workspaceId: run.workspaceId,
      settings: stored.settings,
      clock: deps.clock,
      memo: new Map(),
      soap: {
        call: async (service, operation, params) => {
          for (let attempt = 1; ; attempt++) {
            if (!session) session = await openSession(deps, run.workspaceId);
            state.calls++;
            let answer: Record<string, unknown>;
            try {
              answer = await session.call(service, operation, params);
            } catch (error) {
              // A read whose answer was lost or failed is simply read again (decision 67): under
              // faults one lost answer in five must not stop the run. A write is never re-sent
              // here; the phases settle it by reading 24SO.
              if (isWriteOperation(operation) || !transientReadFailure(error)) throw error;
              // Still unanswered after its tries: the run pauses, or ends in an outage (decision 77).
              if (attempt >= READ_TRIES) throw new Unanswered(error.message, error);
              deps.logger.info(
                { service, operation, attempt, err: String(error) },
                '24SO read failed; reading again',
              );
              if (signal?.aborted) throw new Interrupted('worker stopping');
              await pauseBeforeTry(attempt);
              continue;
            }
            // 24SO answers this run again: its pauses in a row start over.
            if (state.unansweredPauses > 0) {
              state.unansweredPauses = 0;
              await answered(deps.db, runId);
            }
            return answer;
          }
        },
      },
      linkedRemoteId: async (entity, localId) => {
        const rec = (await getRecords(deps.db, run.workspaceId, entity, [localId])).get(localId);
        if (rec?.remoteId && (rec.state === 'synced' || !rec.intent)) return rec.remoteId;
        // A dry run does not export the customer first; it would be, so the project would go too.
        if (run.dryRun && settingsSection(stored.settings, entity)?.direction === 'export') return '0';
        return null;
      },
    },
  };

  const entities = (run.entity ? [run.entity] : ENTITY_ORDER).filter((e) => {
    const section = settingsSection(stored.settings, e);
    if (!section) return false;
    // An automatic run moves only the kinds set to automatic; asked for by a person, any kind.
    return run.trigger !== 'auto' || section.sync === 'auto';
  });

  try {
    for (const entity of entities) {
      const section = settingsSection(stored.settings, entity);
      if (section?.direction === 'import') await importPhase(deps, state, entity);
      else await exportPhase(deps, state, entity);
    }
    // Hours (their own phase, after projects: src/integration/hours/phase.ts). It hands the run
    // back itself when hours are left; with none left the run ends, however late in its slice.
    if (hoursInRun(run, stored.settings)) await hoursPhase(deps, state);
    await flushCalls(deps, state);
    const after = (await getRunById(deps.db, runId)) as SyncRun;
    return end(
      'done',
      after.counts.failed > 0
        ? `${after.counts.failed} poster ble avvist av 24SevenOffice; se årsakene.`
        : null,
    );
  } catch (error) {
    await flushCalls(deps, state);
    if (error instanceof RunPaused) {
      await moveRun(deps.db, deps.clock, runId, 'waiting', {
        waitingUntil: error.until.toISOString(),
        message: `Venter på 24SevenOffice til kl. ${osloTime(error.until)}: ${error.reason}`,
      });
      return { state: 'waiting', until: error.until, run: (await getRunById(deps.db, runId)) as SyncRun };
    }
    // Lost the job's lease: another worker runs the run now; change nothing more of it.
    if (error instanceof Interrupted || error instanceof LeaseLost) return { state: 'interrupted' };
    if (error instanceof Unanswered) {
      const verdict = await pauseOrStop(
        deps,
        runId,
        run.workspaceId,
        error,
        options.patience ?? DEFAULT_PATIENCE,
      );
      if (verdict.kind === 'pause') {
        deps.logger.warn(
          { inARow: verdict.inARow, until: verdict.until.toISOString(), err: error.reason },
          '24SO left a read unanswered; the run pauses',
        );
        await moveRun(deps.db, deps.clock, runId, 'waiting', {
          waitingUntil: verdict.until.toISOString(),
          message: `Venter på 24SevenOffice til kl. ${osloTime(verdict.until)}: svarene fra 24SevenOffice kom ikke fram. Synkroniseringen fortsetter da og sjekker først det som ikke ble bekreftet.`,
        });
        return { state: 'waiting', until: verdict.until, run: (await getRunById(deps.db, runId)) as SyncRun };
      }
      // An outage: 24SO answered none of the run's calls through several pauses.
      if (error.failure) await noteConnectionTrouble(deps, run.workspaceId, error.failure);
      return end('failed', `Synkroniseringen stoppet: ${error.reason} ${CHECKED_NEXT_TIME}`);
    }
    if (error instanceof RunStopped) return end('failed', error.reason);
    if (error instanceof AmbiguousRecoveryError) return end('failed', error.message);
    if (error instanceof TwentyFourError) {
      const f = classifyWriteError(error, deps.clock);
      if (f.kind === 'rate_limited') {
        await moveRun(deps.db, deps.clock, runId, 'waiting', {
          waitingUntil: f.until.toISOString(),
          message: `Venter på 24SevenOffice til kl. ${osloTime(f.until)} (kvoten for kall er brukt opp).`,
        });
        return { state: 'waiting', until: f.until, run: (await getRunById(deps.db, runId)) as SyncRun };
      }
      await noteConnectionTrouble(deps, run.workspaceId, error);
      return end('failed', `Synkroniseringen stoppet: ${error.message} ${CHECKED_NEXT_TIME}`);
    }
    throw error;
  }
}
