import { sql } from 'kysely';
import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import {
  IdentityBlockedError,
  type TwentyFourError,
  WrongCredentialsError,
} from '../../twentyfour/errors.ts';
import type { ConnectionDeps } from '../session-calls.ts';
import type { AdapterContext } from './adapter.ts';
import { addRunRecords, addToRun, type NewRunRecord, type RunCounts, type SyncRun } from './runs.ts';
import type { SyncEntity } from './tables.ts';

// What every phase of a run shares: the dependencies, the run's state (its calls not yet
// counted, the stop signal), how a phase reports counts and log lines, and the signals a phase
// throws to pause (24SO quarantine), stop (connection trouble) or hand the run back (the worker
// stops, or the run's time slice is used up).

export interface SyncDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
  connection: ConnectionDeps;
}

/** How a run ended this time round. */
export type RunOutcome =
  | { state: 'done' | 'failed'; run: SyncRun }
  | { state: 'waiting'; until: Date; run: SyncRun }
  /** The worker is stopping: the run continues on the next claim. */
  | { state: 'interrupted' };

/** The kinds a run covers, in dependency order. */
export const ENTITY_ORDER: SyncEntity[] = ['customer', 'product', 'project'];

export class RunPaused extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
  ) {
    super(reason);
  }
}
export class RunStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
export class Interrupted extends Error {}

/**
 * 24SO did not answer one of the run's reads, or the opening of its session, after their tries
 * (decision 67). Not a 24SO error, so the phases let it through as they let a lost lease: what
 * was written keeps its intent, and the engine pauses the run or, in a real outage, ends it
 * (decision 77).
 */
export class Unanswered extends Error {
  constructor(
    /** What the admin reads when the run ends for it (Norwegian). */
    readonly reason: string,
    /** The last try's error; absent when the session could not be opened. */
    readonly failure?: TwentyFourError,
  ) {
    super(reason);
  }
}

export interface RunState {
  run: SyncRun;
  ctx: AdapterContext;
  calls: number;
  /** Stop now: the worker is stopping or lost its lease (never the time slice). */
  signal: AbortSignal | undefined;
  /**
   * The run's time slice ends then (`Date.now()`): hand it back at the next safe point — after
   * some progress, since re-planning a large backlog may itself take longer than a slice.
   */
  yieldAt?: number;
  /** Entities exported (or being) this run, so a dependency is not sent twice. */
  done: Set<SyncEntity>;
  /**
   * Pauses in a row for unanswered reads with no 24SO answer since (the run row's
   * `unanswered_pauses`); the first answer of a slice sets it back to 0.
   */
  unansweredPauses: number;
}

/**
 * A run stopped by 24SO trouble tells the connection box too: a wrong password or a lost client
 * is that state, anything else means 24SO did not answer. The cached session is dropped.
 */
export async function noteConnectionTrouble(
  deps: SyncDeps,
  workspaceId: string,
  error: TwentyFourError,
): Promise<void> {
  const state =
    error instanceof WrongCredentialsError
      ? 'invalid_credentials'
      : error instanceof IdentityBlockedError
        ? 'client_unavailable'
        : 'unreachable';
  deps.connection.sessions.forget(workspaceId);
  const at = deps.clock().toISOString();
  await deps.db
    .updateTable('integration_connections')
    // The run stopped only after its own tries (decision 67), a failure that lasts: shown at once.
    .set((eb) => ({
      state,
      last_error: error.faultString ?? error.message,
      last_checked_at: at,
      updated_at: at,
      failure_streak: eb('failure_streak', '+', 1),
      failing_since: sql<string>`coalesce(failing_since, ${at})`,
    }))
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** Clock time in Norway, e.g. "14:00". */
export function osloTime(d: Date): string {
  return d.toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' });
}

export function settingsSection(
  settings: AdapterContext['settings'],
  entity: SyncEntity,
): { sync: 'auto' | 'manual'; direction: 'import' | 'export' } | undefined {
  if (entity === 'customer') return settings.customers;
  if (entity === 'project') return settings.projects;
  if (entity === 'product') return settings.products;
  return undefined;
}

export async function flushCalls(deps: SyncDeps, state: RunState): Promise<void> {
  if (state.calls === 0) return;
  const calls = state.calls;
  state.calls = 0;
  await addToRun(deps.db, state.run.id, {}, calls);
}

/** Adds counts and log lines for a run (dry runs included). */
export async function report(
  deps: SyncDeps,
  state: RunState,
  counts: Partial<RunCounts>,
  records: NewRunRecord[],
): Promise<void> {
  const calls = state.calls;
  state.calls = 0;
  await addToRun(deps.db, state.run.id, counts, calls);
  await addRunRecords(deps.db, deps.clock, state.run, records);
}

/** The run's time slice is used up (it goes back to the queue at its next safe point). */
export function sliceUsed(state: Pick<RunState, 'yieldAt'>): boolean {
  return state.yieldAt !== undefined && Date.now() >= state.yieldAt;
}

export function checkStop(state: RunState): void {
  if (state.signal?.aborted) throw new Interrupted('worker stopping');
  // Checked here as well as by the timer behind `signal`: a run whose calls never wait on I/O
  // (SQLite, the in-process sandbox) gives a timer no turn.
  if (sliceUsed(state)) throw new Interrupted('time slice used');
}

export function logLine(
  entity: SyncEntity,
  item: { localId: string; label: string },
  remoteId: string | null,
  action: NewRunRecord['action'],
  reason: string | null,
  reasonCode: string | null,
): NewRunRecord {
  return { entity, localId: item.localId, remoteId, label: item.label, action, reason, reasonCode };
}
