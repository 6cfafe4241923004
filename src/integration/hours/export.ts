import { nowIso } from '../../db/database.ts';
import { ClientFaultError, TwentyFourError as TwentyFourErrorClass } from '../../twentyfour/errors.ts';
import { saveHour } from '../../twentyfour/time-service.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import { clearIntents, recordIntents } from '../sync/records.ts';
import { Unanswered } from '../sync/run-context.ts';
import type { NewRunRecord } from '../sync/runs.ts';
import {
  type HourExportDeps,
  type HourExportResult,
  type HourExportRun,
  HourExportStopped,
  isStop,
  key,
  line,
} from './export-context.ts';
import {
  type FlagInput,
  recordFailure,
  recordFlags,
  recordSuccesses,
  recordUnsettled,
} from './export-outcomes.ts';
import { lockedInTwentyFour, norwegianHourFault, settleOpen, settleUncertain } from './export-settle.ts';
import type { HourRow } from './facts.ts';
import { toSoapHour } from './payload.ts';
import { type HourPlan, type PlannedWrite, planHours } from './plan.ts';
import { markSentHoursSeen } from './plan-due.ts';
import { type HourWalk, hoursWithOpenIntents, readWalk, saveWalk, sweepPage, walkPage } from './plan-walk.ts';
import type { HourRuleSettings } from './rules.ts';
import { runWaiting, waitingLog } from './waiting-summary.ts';

export {
  type HourExportDeps,
  type HourExportResult,
  type HourExportRun,
  HourExportStopped,
} from './export-context.ts';

// The hours phase of a sync run: settle writes whose outcome is unknown, then walk the
// workspace's hours a page at a time (plan-walk.ts): plan the page (no calls), check which of its
// sent hours 24SO has locked or invoiced, then SaveHour one hour at a time (24SO has no batch save
// for hours) with the intent committed before each group of calls, and save the run's place.
// After the walk, a sweep of the hours that need a write after all; then the run's hours are done.
// See docs/decisions.md ("Hours to 24SO", decision 76) for the marker that makes an uncertain save
// safe to settle and for the walk. Settling lives in export-settle.ts, recording outcomes in
// export-outcomes.ts, what they share in export-context.ts.

/** Hours read and planned at a time (each page is sent before the next is read). */
const PAGE = 1_000;
/** Intents written per database transaction; each hour is still its own SaveHour call. */
const INTENT_GROUP = 50;
/** In-run re-sends of an hour whose save was uncertain and which 24SO turned out not to hold. */
const MAX_UNCERTAIN_TRIES = 3;

/** The slice the export runs in, and whether it has moved the run on yet. */
interface Slice {
  signal?: AbortSignal;
  yieldAt?: number;
  /** A group was sent or a page walked: the slice may end (a slice always moves on). */
  movedOn: boolean;
}

/** Stop here and hand the run back: told to stop, or the slice is used and it has moved on. */
function handBack(slice: Slice): boolean {
  if (slice.signal?.aborted) return true;
  return slice.movedOn && slice.yieldAt !== undefined && Date.now() >= slice.yieldAt;
}

/**
 * Sends the workspace's eligible hours to 24SO and keeps sent ones in step. Counts and log lines
 * go to the run. Throws `HourExportStopped` (wrapping the 24SO error) when 24SO quarantines the
 * client or the login fails; everything certain up to then is recorded. Returns with `workLeft`
 * when it stopped at the end of its slice (or was told to stop); called again for the same run,
 * it goes on from the run's saved place.
 * @example const result = await exportHours(deps, run, soap, rules);
 */
export async function exportHours(
  deps: HourExportDeps,
  run: HourExportRun,
  soap: SoapCaller,
  rules: HourRuleSettings,
  /**
   * `signal`: stop sending at once (the lease was lost, the worker stops). `yieldAt`: the run's
   * time slice ends then (`Date.now()`); the export stops between groups once it has passed and
   * it has sent a group or walked a page. `pageSize`: hours read and planned at a time.
   */
  options: { signal?: AbortSignal; yieldAt?: number; pageSize?: number } = {},
): Promise<HourExportResult> {
  const result: HourExportResult = {
    created: 0,
    updated: 0,
    unchanged: 0,
    flagged: 0,
    failed: 0,
    waiting: 0,
    waitingByRule: {},
    workLeft: false,
  };
  const ws = run.workspaceId;
  const pageSize = options.pageSize ?? PAGE;
  // 1. Writes whose outcome is unknown: find them in 24SO by their marker before anything else.
  const open = await hoursWithOpenIntents(deps.db, ws);
  if (open.length > 0 && !run.dryRun) await settleOpen(deps, run, soap, open, result);

  let walk = await readWalk(deps.db, run.id);
  if (walk.stage === 'done') return result;
  if (walk.stage === 'new') walk = await startWalk(deps, run, rules, result);
  // A dry run reports its whole plan in one go, as before the walk.
  const slice: Slice = {
    signal: options.signal,
    yieldAt: run.dryRun ? undefined : options.yieldAt,
    movedOn: false,
  };

  // 2. The walk: a page planned, sent and its place saved at a time.
  while (walk.stage === 'walk') {
    if (handBack(slice)) return { ...result, workLeft: true };
    const rows = await walkPage(deps.db, ws, walk.after, pageSize);
    const plan = planPage(rows, rules, deps, run);
    const lines: NewRunRecord[] = [];
    const counts = { unchanged: plan.unchanged, created: 0, updated: 0 };
    if (run.dryRun) {
      for (const w of plan.writes) lines.push(line(w, w.op === 'create' ? 'create' : 'update', null, null));
      counts.created = plan.writes.filter((w) => w.op === 'create').length;
      counts.updated = plan.writes.length - counts.created;
    } else if (!(await sendPage(deps, run, soap, plan.writes, slice, result))) {
      return { ...result, workLeft: true };
    }
    const last = rows[rows.length - 1];
    const next: HourWalk =
      last && rows.length === pageSize
        ? { stage: 'walk', started: walk.started, after: { date: last.date, id: last.hourId } }
        : run.dryRun
          ? { stage: 'done' }
          : { stage: 'sweep', started: walk.started, sweepStarted: nowIso(deps.clock), after: null };
    await saveWalk(deps.db, deps.clock, run, next, counts, lines);
    result.unchanged += plan.unchanged;
    result.created += counts.created;
    result.updated += counts.updated;
    walk = next;
    slice.movedOn = true;
  }

  // 3. The sweep: hours the walk passed that need a write after all (changed or added behind its
  // place while it walked). Their unchanged ones were counted by the walk.
  while (walk.stage === 'sweep') {
    if (handBack(slice)) return { ...result, workLeft: true };
    const page = await sweepPage(deps.db, ws, rules, nowIso(deps.clock), walk, pageSize);
    const plan = planPage(page.rows, rules, deps, run);
    if (!(await sendPage(deps, run, soap, plan.writes, slice, result))) return { ...result, workLeft: true };
    let next: HourWalk;
    if (page.full && page.last) next = { ...walk, after: page.last };
    else {
      await markSentHoursSeen(deps.db, ws, walk.sweepStarted);
      next = { stage: 'done' };
    }
    await saveWalk(deps.db, deps.clock, run, next);
    walk = next;
    slice.movedOn = true;
  }
  return result;
}

/**
 * The first slice of a run's hours: its waiting hours are counted and told once (by the
 * database, per rule), in the same transaction that starts the walk.
 */
async function startWalk(
  deps: HourExportDeps,
  run: HourExportRun,
  rules: HourRuleSettings,
  result: HourExportResult,
): Promise<HourWalk> {
  const waiting = await runWaiting(deps.db, run.workspaceId, rules);
  result.waiting = waiting.hours;
  for (const w of waiting.byRule) result.waitingByRule[w.rule] = w.hours;
  const walk: HourWalk = { stage: 'walk', started: nowIso(deps.clock), after: null };
  await saveWalk(deps.db, deps.clock, run, walk, { skipped: waiting.hours }, waitingLog(waiting));
  return walk;
}

/**
 * A page's plan. An hour whose write is still open (its outcome unsettled in this slice) is left
 * to the settling that opens the next slice or run: planned now, it would be sent again.
 */
function planPage(
  rows: HourRow[],
  rules: HourRuleSettings,
  deps: HourExportDeps,
  run: HourExportRun,
): HourPlan {
  const settled = rows.filter((r) => !r.record?.intentOp);
  return planHours(settled, rules, deps.clock().toISOString(), undefined, run.id);
}

/**
 * Sends a page's writes: sent hours 24SO has locked or invoiced are flagged, the rest go one
 * SaveHour each, intents committed per group before its calls. False when it stopped with writes
 * left (the slice ended after at least one group, or it was told to stop).
 */
async function sendPage(
  deps: HourExportDeps,
  run: HourExportRun,
  soap: SoapCaller,
  planned: PlannedWrite[],
  slice: Slice,
  result: HourExportResult,
): Promise<boolean> {
  if (planned.length === 0) return true;
  const ws = run.workspaceId;
  const { signal } = slice;
  // Sent hours 24SO has locked or put on an order are never changed, only flagged.
  const updates = planned.filter((w) => w.op === 'update');
  const locked = updates.length > 0 ? await lockedInTwentyFour(soap, updates) : new Map<string, string>();
  const writes: PlannedWrite[] = [];
  const flags: FlagInput[] = [];
  for (const w of planned) {
    const why = w.remoteId ? locked.get(w.remoteId) : undefined;
    if (why) flags.push({ write: w, reasonCode: 'locked', reason: why, sent: false });
    else writes.push(w);
  }
  await recordFlags(deps, run, flags, result);

  const queue = writes.map((w) => ({ w, tries: 0 }));
  while (queue.length > 0) {
    if (handBack(slice)) return false;
    const group = queue.splice(0, INTENT_GROUP);
    const intents = await recordIntents(
      deps.db,
      deps.clock,
      group.map(({ w }) => ({
        workspaceId: ws,
        entity: 'hour',
        localId: w.row.hourId,
        op: w.op,
        fingerprint: w.fingerprint,
        runId: run.id,
      })),
    );
    const intentAt = intents[0]?.at ?? nowIso(deps.clock);
    const done: { w: PlannedWrite; remoteId: string }[] = [];
    let stop: HourExportStopped | undefined;
    for (let i = 0; i < group.length; i++) {
      // The lease was lost (another worker may own the run now): send nothing more. The intents
      // of the hours not sent stay; whoever runs next looks for them in 24SO first.
      if (signal?.aborted) break;
      const item = group[i] as { w: PlannedWrite; tries: number };
      const { w } = item;
      try {
        const saved = await saveHour(soap, toSoapHour(w.payload, w.remoteId ? Number(w.remoteId) : null));
        done.push({ w, remoteId: String(saved.id) });
      } catch (error) {
        if (!(error instanceof TwentyFourErrorClass)) throw error;
        if (isStop(error)) {
          // Nothing was written by this call; none of the rest of the group went out.
          await clearIntents(
            deps.db,
            deps.clock,
            group.slice(i).map(({ w: x }) => key(ws, x.row.hourId)),
          );
          stop = new HourExportStopped(error);
          break;
        }
        if (error instanceof ClientFaultError) {
          // Refused before it was executed: certainly not written; this hour fails alone.
          await recordFailure(deps, run, w, norwegianHourFault(error.faultString), 'rejected', result);
          continue;
        }
        let settled: Awaited<ReturnType<typeof settleUncertain>>;
        try {
          settled = await settleUncertain(deps, soap, w, intentAt, error);
        } catch (unread) {
          if (!(unread instanceof Unanswered)) throw unread;
          // The run pauses (decision 77). This hour's intent stays: its save may be in 24SO, and
          // the next slice looks for its marker first. The rest of the group was not sent.
          await recordSuccesses(deps, run, done, result);
          await clearIntents(
            deps.db,
            deps.clock,
            group.slice(i + 1).map(({ w: x }) => key(ws, x.row.hourId)),
          );
          throw unread;
        }
        if (settled.kind === 'found') done.push({ w, remoteId: settled.remoteId });
        else if (settled.kind === 'unsettled') {
          await recordUnsettled(deps, run, w, settled.reason, result);
        } else if (settled.kind === 'locked') {
          await recordSuccesses(deps, run, done, result);
          done.length = 0;
          await recordFlags(
            deps,
            run,
            [{ write: w, reasonCode: 'locked', reason: settled.reason, sent: false }],
            result,
          );
        } else if (settled.kind === 'retry' && item.tries + 1 < MAX_UNCERTAIN_TRIES) {
          await clearIntents(deps.db, deps.clock, [key(ws, w.row.hourId)]);
          queue.push({ w, tries: item.tries + 1 });
        } else {
          await recordFailure(
            deps,
            run,
            w,
            settled.reason,
            settled.kind === 'refused' ? 'rejected' : 'uncertain',
            result,
          );
        }
      }
    }
    await recordSuccesses(deps, run, done, result);
    slice.movedOn = true;
    if (stop) throw stop;
  }
  return !signal?.aborted;
}
