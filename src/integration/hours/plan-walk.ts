import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { addRunRecords, addToRun, type NewRunRecord, type RunCounts } from '../sync/runs.ts';
import { type HourKey, type HourRow, loadHourRows } from './facts.ts';
import { hoursToWrite } from './plan-due.ts';
import type { HourRuleSettings } from './rules.ts';

// The hours export's walk over the workspace (decision 76): the hours in (date, id) order, a page
// at a time, each page planned and sent before the next is read, and the run's place saved in
// `sync_runs.hour_walk` once the page's outcomes are recorded — so a run handed back at the end
// of its time slice goes on from there instead of planning 100,000 hours again, and only the
// page's writes are held (decision 51). Then a sweep of the hours the walk passed that need a
// write after all (changed behind its place, or added there), and the run's hours are done.
// An hour met twice (its date moved ahead of the place) is planned afresh each time, after the
// first outcome is recorded, so the second meeting is an update of the same 24SO hour, or nothing.

const key = z.object({ date: z.string(), id: z.string() });
const walkSchema = z.discriminatedUnion('stage', [
  /** Walking: every hour up to `after` has its outcome recorded (or its intent committed). */
  z.object({ stage: z.literal('walk'), started: z.string(), after: key.nullable() }),
  /** Sweeping the hours that still need a write, in (date, id) order from `after`. */
  z.object({
    stage: z.literal('sweep'),
    started: z.string(),
    sweepStarted: z.string(),
    after: key.nullable(),
  }),
  /** The run's hours are done (a later slice only settles open intents). */
  z.object({ stage: z.literal('done') }),
]);

/** Where a run is in its hours; `new` before the hours phase first starts. */
export type HourWalk = z.infer<typeof walkSchema> | { stage: 'new' };

/**
 * The run's place in its hours walk.
 * @example const walk = await readWalk(db, runId); // { stage: 'walk', started, after: { date, id } }
 */
export async function readWalk(db: Db, runId: string): Promise<HourWalk> {
  const row = await db.selectFrom('sync_runs').select('hour_walk').where('id', '=', runId).executeTakeFirst();
  if (!row?.hour_walk) return { stage: 'new' };
  let stored: unknown;
  try {
    stored = JSON.parse(row.hour_walk);
  } catch {
    stored = undefined;
  }
  const parsed = walkSchema.safeParse(stored);
  // Unreadable: walk again from the start; hours already sent plan as nothing to do.
  return parsed.success ? parsed.data : { stage: 'new' };
}

/**
 * Saves the run's new place together with what the walked part adds to the run (counts and log
 * lines), in one transaction: a run killed before it saves walks the page again and counts it
 * once, a run killed after it goes on from the new place.
 * @example await saveWalk(db, clock, run, { stage: 'walk', started, after }, { unchanged: 12 }, []);
 */
export async function saveWalk(
  db: Db,
  clock: () => Date,
  run: { id: string; workspaceId: string },
  walk: Exclude<HourWalk, { stage: 'new' }>,
  counts: Partial<RunCounts> = {},
  lines: readonly NewRunRecord[] = [],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('sync_runs')
      .set({ hour_walk: JSON.stringify(walk) })
      .where('id', '=', run.id)
      .execute();
    await addToRun(tx, run.id, counts);
    await addRunRecords(tx, clock, run, lines);
  });
}

/**
 * The next page of the walk: up to `limit` hours after `after` (deleted ones included, so a
 * deleted sent hour is taken out of use), with their facts, in (date, id) order.
 * @example const rows = await walkPage(db, wsId, walk.after, 1000);
 */
export function walkPage(
  db: Db,
  workspaceId: string,
  after: HourKey | null,
  limit: number,
): Promise<HourRow[]> {
  return loadHourRows(db, workspaceId, { includeDeleted: true, page: { after, limit } });
}

/**
 * The next page of the sweep: up to `limit` hours after `after` that may need a write (changed
 * since the walk started, or found by the auto-export's probes), with their facts, in (date, id)
 * order; `last` is the key to go on from. Hours with an open intent are left to the settling.
 * @example const { rows, last } = await sweepPage(db, wsId, rules, nowIso, walk, 1000);
 */
export async function sweepPage(
  db: Db,
  workspaceId: string,
  rules: HourRuleSettings,
  nowIso: string,
  walk: Extract<HourWalk, { stage: 'sweep' }>,
  limit: number,
): Promise<{ rows: HourRow[]; last: HourKey | undefined; full: boolean }> {
  const keys = await hoursToWrite(db, workspaceId, rules, nowIso, {
    after: walk.after,
    limit,
    openIntents: false,
    editedSince: walk.started,
  });
  const rows = await loadHourRows(db, workspaceId, { ids: keys.map((k) => k.id), includeDeleted: true });
  const position = new Map(keys.map((k, i) => [k.id, i]));
  rows.sort((a, b) => (position.get(a.hourId) ?? 0) - (position.get(b.hourId) ?? 0));
  return { rows, last: keys[keys.length - 1], full: keys.length === limit };
}

/**
 * The hours with a write whose outcome is unknown (an open intent), deleted ones included.
 * @example const open = await hoursWithOpenIntents(db, wsId);
 */
export async function hoursWithOpenIntents(db: Db, workspaceId: string): Promise<HourRow[]> {
  const ids = await db
    .selectFrom('sync_records')
    .select('local_id')
    .where('workspace_id', '=', workspaceId)
    .where('entity', '=', 'hour')
    .where('intent_op', 'is not', null)
    .execute();
  if (ids.length === 0) return [];
  return loadHourRows(db, workspaceId, { ids: ids.map((r) => r.local_id), includeDeleted: true });
}
