import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import type { IntegrationConnectionRow } from './tables.ts';

// The connection's stored state: the integration_connections row, how its state moves after a
// call (decision 68's hysteresis) and the names derived from it. Both the public operations
// (connection.ts) and the calls on a session (session-calls.ts) write through here.

/** What reading and recording the stored connection needs. */
export interface ConnectionStateDeps {
  db: Db;
  logger: Logger;
  clock: () => Date;
}

/**
 * Counts one call that 24SO left unanswered through all of its caller's tries (a sync run's
 * read, decision 77) as one failure of the connection, with decision 68's hysteresis.
 * @example await noteUnanswered(deps, wsId, 'Tidsavbrudd etter 15000 ms');
 */
export async function noteUnanswered(
  deps: ConnectionStateDeps,
  workspaceId: string,
  detail: string,
): Promise<void> {
  const row = await loadRow(deps.db, workspaceId);
  if (row) await recordState(deps, row, 'unreachable', detail);
}

/** Failed calls in a row before the connection is shown as unreachable (decision 68). */
export const UNREACHABLE_AFTER_FAILURES = 3;
/** …or a run of failed calls, with no success in between, that has lasted this long. */
export const UNREACHABLE_AFTER_MS = 60_000;

/**
 * Records the outcome of a call as the connection's state, on the row that was read (a reconnect
 * in between is left alone). `checked` marks an explicit test, which is written and believed at once.
 * @example await recordState(deps, row, 'connected', null);
 */
export async function recordState(
  deps: ConnectionStateDeps,
  row: IntegrationConnectionRow,
  state: IntegrationConnectionRow['state'],
  detail: string | null,
  checked = false,
): Promise<void> {
  // Only a change (or an explicit test, which records when it was checked) is written.
  const settled = state === 'connected' ? row.failure_streak === 0 : true;
  if (!checked && state === row.state && detail === row.last_error && settled) return;
  const at = nowIso(deps.clock);
  // Only the row we read is updated: a reconnect in between must not be overwritten.
  const mine = () =>
    deps.db
      .updateTable('integration_connections')
      .where('workspace_id', '=', row.workspace_id)
      .where('password_blob', '=', row.password_blob)
      .where('identity_id', '=', row.identity_id);
  let now: IntegrationConnectionRow['state'] | undefined = state;
  if (state === 'unreachable' && !checked) {
    // Hysteresis (decision 68): one lost answer or failed call says little under load; the box
    // turns to «svarer ikke» after several failures in a row, or failures lasting a minute with
    // no success between, counted in the row so every process adds to the same run of failures.
    // A success (below) shows it connected again at once; an explicit test is believed at once.
    const cutoff = new Date(Date.parse(at) - UNREACHABLE_AFTER_MS).toISOString();
    const updated = await mine()
      .set((eb) => ({
        failure_streak: eb('failure_streak', '+', 1),
        failing_since: sql<string>`coalesce(failing_since, ${at})`,
        state: sql<
          IntegrationConnectionRow['state']
        >`case when failure_streak + 1 >= ${UNREACHABLE_AFTER_FAILURES}
          or (failing_since is not null and failing_since <= ${cutoff}) then 'unreachable' else state end`,
        last_error: detail,
        last_checked_at: at,
        updated_at: at,
      }))
      .returning('state')
      .executeTakeFirst();
    now = updated?.state;
  } else {
    const failed = state !== 'connected';
    await mine()
      .set((eb) => ({
        state,
        last_error: detail,
        last_checked_at: at,
        updated_at: at,
        failure_streak: failed ? eb('failure_streak', '+', 1) : 0,
        failing_since: failed ? sql<string>`coalesce(failing_since, ${at})` : null,
      }))
      .execute();
  }
  if (now !== undefined && now !== row.state)
    deps.logger.warn(
      { workspaceId: row.workspace_id, from: row.state, to: now, detail },
      '24SO connection state changed',
    );
}

/**
 * The workspace's stored connection row, if there is one.
 * @example const row = await loadRow(db, workspaceId);
 */
export async function loadRow(db: Db, workspaceId: string): Promise<IntegrationConnectionRow | undefined> {
  return db
    .selectFrom('integration_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

/** How a connection marked invalid because no configured key opens its password says so. */
export const UNREADABLE_PASSWORD = 'Lagret passord kan ikke leses med nåværende nøkkel';

/**
 * Names the stored connection a shared 24SO session belongs to; a new password (or a re-sealed
 * one, see secret-rotation.ts) gives a new fingerprint.
 * @example fingerprintOf({ username, identity_id, password_blob })
 */
export function fingerprintOf(
  row: Pick<IntegrationConnectionRow, 'username' | 'identity_id' | 'password_blob'>,
): string {
  return createHash('sha256').update(`${row.username}|${row.identity_id}|${row.password_blob}`).digest('hex');
}
