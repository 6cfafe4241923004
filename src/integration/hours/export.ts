import { nowIso } from '../../db/database.ts';
import { ClientFaultError, TwentyFourError as TwentyFourErrorClass } from '../../twentyfour/errors.ts';
import { saveHour } from '../../twentyfour/time-service.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import { clearIntents, recordIntents } from '../sync/records.ts';
import { Unanswered } from '../sync/run-context.ts';
import { addRunRecords, addToRun, type NewRunRecord } from '../sync/runs.ts';
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
import { toSoapHour } from './payload.ts';
import type { HourPlan, PlannedWrite } from './plan.ts';
import { markSentHoursSeen } from './plan-due.ts';
import { hoursWithOpenIntents, planHoursInPages } from './plan-pages.ts';
import { HOUR_RULE_LABELS, HOUR_RULES, type HourRuleSettings } from './rules.ts';

export {
  type HourExportDeps,
  type HourExportResult,
  type HourExportRun,
  HourExportStopped,
} from './export-context.ts';

// The hours phase of a sync run: settle writes whose outcome is unknown, plan, check which sent
// hours 24SO has locked or invoiced, then SaveHour one hour at a time (24SO has no batch save
// for hours) with the intent committed before each group of calls. See docs/decisions.md
// ("Hours to 24SO") for the marker that makes an uncertain save safe to settle. Settling lives in
// export-settle.ts, recording outcomes in export-outcomes.ts, what they share in export-context.ts.

/** Intents written per database transaction; each hour is still its own SaveHour call. */
const INTENT_GROUP = 50;
/** In-run re-sends of an hour whose save was uncertain and which 24SO turned out not to hold. */
const MAX_UNCERTAIN_TRIES = 3;

/**
 * Sends the workspace's eligible hours to 24SO and keeps sent ones in step. Counts and log lines
 * go to the run. Throws `HourExportStopped` (wrapping the 24SO error) when 24SO quarantines the
 * client or the login fails; everything certain up to then is recorded.
 * @example const result = await exportHours(deps, run, soap, rules);
 */
export async function exportHours(
  deps: HourExportDeps,
  run: HourExportRun,
  soap: SoapCaller,
  rules: HourRuleSettings,
  /**
   * `signal`: stop sending at once (the lease was lost, the worker stops). `yieldAt`: the run's
   * time slice ends then (`Date.now()`); the export stops between groups once it has passed.
   */
  stop: { signal?: AbortSignal; yieldAt?: number } = {},
): Promise<HourExportResult> {
  const { signal } = stop;
  const result: HourExportResult = {
    created: 0,
    updated: 0,
    unchanged: 0,
    flagged: 0,
    failed: 0,
    waiting: 0,
    waitingByRule: {},
  };
  const ws = run.workspaceId;
  // 1. Writes whose outcome is unknown: find them in 24SO by their marker before anything else.
  const open = await hoursWithOpenIntents(deps.db, ws);
  if (open.length > 0 && !run.dryRun) await settleOpen(deps, run, soap, open, result);

  // 2. Plan (no calls), a page of hours at a time: only the writes are held (plan-pages.ts).
  const planStarted = Date.now();
  const plan = await planHoursInPages(deps.db, ws, rules, deps.clock().toISOString(), run.id);
  result.unchanged = plan.unchanged;
  result.waiting = plan.waitingHours;
  for (const [rule, w] of plan.waiting) result.waitingByRule[rule] = w.hours;
  // A run planned again after a time slice or a pause told its waiting hours already.
  const toldWaiting = await waitingToldIn(deps, run.id);
  await addToRun(deps.db, run.id, {
    unchanged: plan.unchanged,
    skipped: toldWaiting ? 0 : plan.waitingHours,
  });
  if (!toldWaiting) await addRunRecords(deps.db, deps.clock, run, waitingLog(plan));
  if (run.dryRun) {
    const log = plan.writes.map((w) => line(w, w.op === 'create' ? 'create' : 'update', null, null));
    await addToRun(deps.db, run.id, {
      created: plan.writes.filter((w) => w.op === 'create').length,
      updated: plan.writes.filter((w) => w.op === 'update').length,
    });
    await addRunRecords(deps.db, deps.clock, run, log);
    return result;
  }

  // 3. Sent hours 24SO has locked or put on an order are never changed, only flagged.
  const updates = plan.writes.filter((w) => w.op === 'update');
  const locked = updates.length > 0 ? await lockedInTwentyFour(soap, updates) : new Map<string, string>();
  const writes: PlannedWrite[] = [];
  const flags: FlagInput[] = [];
  for (const w of plan.writes) {
    const why = w.remoteId ? locked.get(w.remoteId) : undefined;
    if (why) flags.push({ write: w, reasonCode: 'locked', reason: why, sent: false });
    else writes.push(w);
  }
  await recordFlags(deps, run, flags, result);

  // 4. One SaveHour per hour, intents committed per group before its calls. A slice spent
  // planning a large backlog (20,000 hours on a busy database) still sends: at least one group,
  // and for as long again as the planning took, so planning never takes more than half of
  // the slices such a workspace gets.
  const sendUntil =
    stop.yieldAt === undefined ? undefined : Math.max(stop.yieldAt, 2 * Date.now() - planStarted);
  const queue = writes.map((w) => ({ w, tries: 0 }));
  let groups = 0;
  let yielded = false;
  while (queue.length > 0) {
    if (signal?.aborted) break;
    if (groups++ > 0 && sendUntil !== undefined && Date.now() >= sendUntil) {
      yielded = true;
      break;
    }
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
    if (stop) throw stop;
  }
  if (!signal?.aborted && !yielded) await markSentHoursSeen(deps.db, ws, nowIso(deps.clock));
  return result;
}

/** Whether the run's log already has its lines of waiting hours (an earlier slice wrote them). */
async function waitingToldIn(deps: HourExportDeps, runId: string): Promise<boolean> {
  const line = await deps.db
    .selectFrom('sync_run_records')
    .select('id')
    .where('run_id', '=', runId)
    .where('entity', '=', 'hour')
    .where('action', '=', 'skip')
    .limit(1)
    .executeTakeFirst();
  return line !== undefined;
}

/** One log line per rule with the number of waiting hours (not 20,000 lines a run). */
function waitingLog(plan: HourPlan): NewRunRecord[] {
  const out: NewRunRecord[] = [];
  for (const rule of HOUR_RULES) {
    const w = plan.waiting.get(rule);
    if (!w) continue;
    out.push({
      entity: 'hour',
      localId: null,
      remoteId: null,
      label: `${w.hours} ${w.hours === 1 ? 'time venter' : 'timer venter'}: ${HOUR_RULE_LABELS[rule]}`,
      action: 'skip',
      reason: `${w.hours} ${w.hours === 1 ? 'time' : 'timer'} (${w.employees.size} arbeidere, ${w.projects.size} prosjekter)`,
      reasonCode: rule,
    });
  }
  return out;
}
