import type { Db } from '../../db/database.ts';
import { noteUnanswered } from '../connection-state.ts';
import type { SyncDeps, Unanswered } from './run-context.ts';

// What a run does when 24SO left one of its reads unanswered through all its tries (decision
// 77): it pauses — its job goes back to the queue until a backoff has passed, the same run then
// settles its open intents first and goes on — and it ends only when 24SO has answered none of
// its calls through several pauses in a row, which is an outage and not a few lost answers. The
// count lives on the run row, so it holds across the hand-backs and workers a pause goes through.

/** How a run waits out unanswered reads; the defaults suit 24SO, tests shorten them. */
export interface Patience {
  /** The first pause; each further one in a row doubles it. */
  firstPauseMs: number;
  /** The longest pause. */
  maxPauseMs: number;
  /** The unanswered read (or session opening) in a row, with no answer between, that ends the run. */
  outageAt: number;
}

/**
 * Pauses of 1, 2, 4, 8, 16, 30 and 30 s, and the eighth unanswered read in a row ends the run: an
 * outage ends it after a minute and a half and some 33 calls. With half of 24SO's answers lost, a
 * pause is followed by another only when the four tries of the next session check or of the next
 * read all fail (1 in 8), so a run ends for it about once in four million pauses.
 */
export const DEFAULT_PATIENCE: Patience = { firstPauseMs: 1_000, maxPauseMs: 30_000, outageAt: 8 };

export type UnansweredVerdict =
  | { kind: 'pause'; until: Date; inARow: number }
  | { kind: 'outage'; inARow: number };

/**
 * Counts an unanswered read of the run (on the run and in the connection's failure streak) and
 * says whether the run pauses, until when, or ends because 24SO is out.
 * @example const verdict = await pauseOrStop(deps, run.id, run.workspaceId, error, DEFAULT_PATIENCE);
 */
export async function pauseOrStop(
  deps: SyncDeps,
  runId: string,
  workspaceId: string,
  error: Unanswered,
  patience: Patience,
): Promise<UnansweredVerdict> {
  // A session that could not be opened was counted by each try already (withSession).
  if (error.failure) await noteUnanswered(deps.connection, workspaceId, error.failure.message);
  const inARow = await countUnanswered(deps.db, runId);
  if (inARow >= patience.outageAt) return { kind: 'outage', inARow };
  // The next slice opens the session with a call (HasSession) instead of taking this process's
  // cached one on trust, so the connection box hears at once whether 24SO answers again.
  deps.connection.sessions.forget(workspaceId);
  const ms = Math.min(patience.maxPauseMs, patience.firstPauseMs * 2 ** (inARow - 1));
  return { kind: 'pause', until: new Date(deps.clock().getTime() + ms), inARow };
}

/**
 * The run's unanswered reads in a row so far, read when a slice starts.
 * @example state.unansweredPauses = await unansweredInARow(db, runId);
 */
export async function unansweredInARow(db: Db, runId: string): Promise<number> {
  const row = await db
    .selectFrom('sync_runs')
    .select('unanswered_pauses')
    .where('id', '=', runId)
    .executeTakeFirst();
  return Number(row?.unanswered_pauses ?? 0);
}

/**
 * 24SO answered one of the run's calls: the pauses in a row start over.
 * @example if (state.unansweredPauses > 0) await answered(db, runId);
 */
export async function answered(db: Db, runId: string): Promise<void> {
  await db.updateTable('sync_runs').set({ unanswered_pauses: 0 }).where('id', '=', runId).execute();
}

async function countUnanswered(db: Db, runId: string): Promise<number> {
  const row = await db
    .updateTable('sync_runs')
    .set((eb) => ({ unanswered_pauses: eb('unanswered_pauses', '+', 1) }))
    .where('id', '=', runId)
    .returning('unanswered_pauses')
    .executeTakeFirst();
  return Number(row?.unanswered_pauses ?? 1);
}
