import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/database.ts';
import {
  ClientFaultError,
  IdentityBlockedError,
  NotAuthenticatedError,
  RateLimitError,
  ServerFaultError,
  type TwentyFourError,
  TwentyFourError as TwentyFourErrorClass,
  WrongCredentialsError,
} from '../../twentyfour/errors.ts';
import { getHours, type Hour, saveHour } from '../../twentyfour/time-service.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import {
  clearIntents,
  type OutcomeInput,
  recordIntents,
  recordOutcomes,
  recordSynced,
  type SyncedInput,
} from '../sync/records.ts';
import { addRunRecords, addToRun, type NewRunRecord } from '../sync/runs.ts';
import type { HourRow } from './facts.ts';
import { markerOf, toSoapHour } from './payload.ts';
import type { HourPlan, PlannedWrite } from './plan.ts';
import { markSentHoursSeen } from './plan-due.ts';
import { hoursWithOpenIntents, planHoursInPages } from './plan-pages.ts';
import { HOUR_RULE_LABELS, HOUR_RULES, type HourRuleSettings } from './rules.ts';

// The hours phase of a sync run: settle writes whose outcome is unknown, plan, check which sent
// hours 24SO has locked or invoiced, then SaveHour one hour at a time (24SO has no batch save
// for hours) with the intent committed before each group of calls. See docs/decisions.md
// ("Hours to 24SO") for the marker that makes an uncertain save safe to settle.

export interface HourExportDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
}

export interface HourExportRun {
  id: string;
  workspaceId: string;
  dryRun?: boolean;
}

export interface HourExportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Sent hours marked «endret etter overføring». */
  flagged: number;
  failed: number;
  waiting: number;
  waitingByRule: Partial<Record<(typeof HOUR_RULES)[number], number>>;
}

/** Intents written per database transaction; each hour is still its own SaveHour call. */
const INTENT_GROUP = 50;
/** In-run re-sends of an hour whose save was uncertain and which 24SO turned out not to hold. */
const MAX_UNCERTAIN_TRIES = 3;
/** Searches reach back this far before the earliest open intent (clock skew, minute resolution). */
const RECOVERY_MARGIN_MS = 5 * 60_000;

/** Thrown when the run must stop or wait (quarantine, login); the engine decides which. */
export class HourExportStopped extends Error {
  constructor(readonly cause: TwentyFourError) {
    super(cause.message);
  }
}

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
  signal?: AbortSignal,
): Promise<HourExportResult> {
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
  const plan = await planHoursInPages(deps.db, ws, rules, deps.clock().toISOString());
  result.unchanged = plan.unchanged;
  result.waiting = plan.waitingHours;
  for (const [rule, w] of plan.waiting) result.waitingByRule[rule] = w.hours;
  await addToRun(deps.db, run.id, { unchanged: plan.unchanged, skipped: plan.waitingHours });
  await addRunRecords(deps.db, deps.clock, run, waitingLog(plan));
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

  // 4. One SaveHour per hour, intents committed per group before its calls.
  const queue = writes.map((w) => ({ w, tries: 0 }));
  while (queue.length > 0) {
    if (signal?.aborted) break;
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
          // Nothing was written by this call; the rest of the group was never sent.
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
        const settled = await settleUncertain(deps, soap, w, intentAt, error);
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
  if (!signal?.aborted) await markSentHoursSeen(deps.db, ws, nowIso(deps.clock));
  return result;
}

function key(workspaceId: string, localId: string) {
  return { workspaceId, entity: 'hour' as const, localId };
}

function isStop(error: TwentyFourError): boolean {
  return (
    error instanceof RateLimitError ||
    error instanceof WrongCredentialsError ||
    error instanceof IdentityBlockedError ||
    error instanceof NotAuthenticatedError
  );
}

function label(row: HourRow): string {
  const [y, m, d] = row.date.split('-');
  return `${d}.${m}.${y} ${row.employeeName}, ${row.projectLabel}`;
}

function line(
  w: PlannedWrite,
  action: NewRunRecord['action'],
  reason: string | null,
  reasonCode: string | null,
  remoteId = w.remoteId,
): NewRunRecord {
  return { entity: 'hour', localId: w.row.hourId, remoteId, label: label(w.row), action, reason, reasonCode };
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

/** 24SO hour id → why it may not be changed (locked, or on an order), read in calls of 1000 ids. */
async function lockedInTwentyFour(soap: SoapCaller, updates: PlannedWrite[]): Promise<Map<string, string>> {
  const ids = updates.map((w) => Number(w.remoteId));
  let hours: Hour[];
  try {
    hours = await getHours(soap, { hourIds: ids });
  } catch (error) {
    if (error instanceof TwentyFourErrorClass && isStop(error)) throw new HourExportStopped(error);
    throw error;
  }
  const out = new Map<string, string>();
  const seen = new Set(hours.map((h) => String(h.id)));
  for (const h of hours) {
    const why = lockReason(h);
    if (why) out.set(String(h.id), why);
  }
  for (const id of ids) {
    if (!seen.has(String(id)))
      out.set(String(id), `Timen (id ${id}) finnes ikke lenger i 24SevenOffice; endringen er ikke overført.`);
  }
  return out;
}

function lockReason(h: Hour): string | undefined {
  if (h.orderId && h.orderId > 0) {
    return `Timen er fakturert i 24SevenOffice (ordre ${h.orderId}) og endres ikke der; endringen her er ikke overført.`;
  }
  if (h.locked === 'True')
    return 'Timen er låst i 24SevenOffice og endres ikke der; endringen her er ikke overført.';
  return undefined;
}

type Settled =
  | { kind: 'found'; remoteId: string }
  | { kind: 'locked'; reason: string }
  | { kind: 'retry'; reason: string }
  | { kind: 'refused'; reason: string }
  /** 24SO could not be read after an uncertain create: it may hold the hour; the intent stays. */
  | { kind: 'unsettled'; reason: string };

/**
 * After a SaveHour whose answer was lost or was a server fault: for a create, look for the
 * marker among the contact's hours on the project changed since the intent; an update is safe
 * to send again (same values to the same id), unless 24SO now says the hour is locked.
 */
async function settleUncertain(
  deps: HourExportDeps,
  soap: SoapCaller,
  w: PlannedWrite,
  intentAt: string,
  error: TwentyFourError,
): Promise<Settled> {
  const refusal = error instanceof ServerFaultError;
  const reason = refusal
    ? norwegianHourFault(error.faultString)
    : `Svaret fra 24SevenOffice kom ikke fram (${error.message}).`;
  try {
    if (w.remoteId) {
      const [h] = await getHours(soap, { hourIds: [Number(w.remoteId)] });
      const why = h ? lockReason(h) : `Timen (id ${w.remoteId}) finnes ikke lenger i 24SevenOffice.`;
      if (why) return { kind: 'locked', reason: why };
      return refusal ? { kind: 'refused', reason } : { kind: 'retry', reason };
    }
    const since = new Date(Date.parse(intentAt) - RECOVERY_MARGIN_MS);
    const found = await getHours(soap, {
      contactId: w.payload.contactId,
      projectId: w.payload.projectId,
      changedAfter: since,
    });
    const match = found.find((h) => markerOf(h.internalNote) === w.row.hourId);
    if (match?.id !== undefined) return { kind: 'found', remoteId: String(match.id) };
  } catch (readError) {
    deps.logger.warn({ err: String(readError) }, 'hour read-back after an uncertain save failed');
    const unread = `${reason} Kunne ikke sjekke 24SevenOffice etterpå; prøves igjen senere.`;
    // A create whose answer was lost may be in 24SO: only a read can tell, so its intent stays
    // and the next run looks for it before anything is sent (clearing it made a second hour).
    if (!w.remoteId) return { kind: 'unsettled', reason: unread };
    return { kind: 'refused', reason: unread };
  }
  return refusal ? { kind: 'refused', reason } : { kind: 'retry', reason };
}

/** 24SO's SaveHour refusals in plain Norwegian. */
export function norwegianHourFault(text: string | undefined): string {
  const t = (text ?? '').trim();
  let m = t.match(/Contact (\S+) does not exist/i);
  if (m) return `Kontakten ${m[1]} finnes ikke i 24SevenOffice; sjekk arbeiderens kontakt-ID.`;
  m = t.match(/Project (\S+) does not exist/i);
  if (m) return `Prosjektet (id ${m[1]}) finnes ikke i 24SevenOffice.`;
  m = t.match(/Work type (\S+) does not exist/i);
  if (m) return `Arbeidstypen ${m[1]} finnes ikke i 24SevenOffice; sjekk koblingen av timetypen.`;
  if (/between 0 and 255/i.test(t)) return '24SevenOffice tar høyst 255 timer på én registrering.';
  if (/locked|transferred to an order/i.test(t)) return 'Timen er låst eller fakturert i 24SevenOffice.';
  return t ? `24SevenOffice avviste timen: ${t}` : '24SevenOffice avviste timen uten å si hvorfor.';
}

/** Finds open creates in 24SO by their marker (one search by change time), links or forgets them. */
async function settleOpen(
  deps: HourExportDeps,
  run: HourExportRun,
  soap: SoapCaller,
  open: HourRow[],
  result: HourExportResult,
): Promise<void> {
  const ws = run.workspaceId;
  const creates = open.filter((r) => !r.record?.remoteId);
  const found = new Map<string, string>();
  if (creates.length > 0) {
    const earliest = Math.min(...creates.map((r) => Date.parse(r.record?.intentAt ?? nowIso(deps.clock))));
    let hours: Hour[];
    try {
      hours = await getHours(soap, { changedAfter: new Date(earliest - RECOVERY_MARGIN_MS) });
    } catch (error) {
      if (error instanceof TwentyFourErrorClass) throw new HourExportStopped(error);
      throw error;
    }
    const wanted = new Set(creates.map((r) => r.hourId));
    for (const h of hours) {
      const id = markerOf(h.internalNote);
      if (id && wanted.has(id) && h.id !== undefined && !found.has(id)) found.set(id, String(h.id));
    }
  }
  const linked: SyncedInput[] = creates
    .filter((r) => found.has(r.hourId))
    .map((r) => ({
      ...key(ws, r.hourId),
      remoteId: found.get(r.hourId) as string,
      fingerprint: r.record?.intentFingerprint ?? null,
      runId: run.id,
    }));
  await recordSynced(deps.db, deps.clock, linked);
  result.created += linked.length;
  await addToRun(deps.db, run.id, { created: linked.length });
  await addRunRecords(
    deps.db,
    deps.clock,
    run,
    creates
      .filter((r) => found.has(r.hourId))
      .map((r) => ({
        entity: 'hour' as const,
        localId: r.hourId,
        remoteId: found.get(r.hourId) ?? null,
        label: label(r),
        action: 'create' as const,
        reason: 'Funnet i 24SevenOffice etter et ubekreftet svar; koblet uten ny oppretting.',
        reasonCode: 'recovered',
      })),
  );
  // Not found, or an update: the write is certainly not there / safe to repeat; plan again.
  await clearIntents(
    deps.db,
    deps.clock,
    open.filter((r) => !found.has(r.hourId)).map((r) => key(ws, r.hourId)),
  );
}

async function recordSuccesses(
  deps: HourExportDeps,
  run: HourExportRun,
  done: { w: PlannedWrite; remoteId: string }[],
  result: HourExportResult,
): Promise<void> {
  if (done.length === 0) return;
  const ws = run.workspaceId;
  const plain = done.filter(({ w }) => w.kind === 'new' || w.kind === 'edit');
  const flagged = done.filter(({ w }) => w.kind === 'unapproved' || w.kind === 'deleted');
  await recordSynced(
    deps.db,
    deps.clock,
    plain.map(({ w, remoteId }) => ({
      ...key(ws, w.row.hourId),
      remoteId,
      fingerprint: w.fingerprint,
      runId: run.id,
    })),
  );
  const created = plain.filter(({ w }) => w.op === 'create').length;
  result.created += created;
  result.updated += plain.length - created;
  await addToRun(deps.db, run.id, { created, updated: plain.length - created });
  await addRunRecords(
    deps.db,
    deps.clock,
    run,
    plain.map(({ w, remoteId }) => line(w, w.op, null, null, remoteId)),
  );
  await recordFlags(
    deps,
    run,
    flagged.map(({ w }) => ({
      write: w,
      sent: true,
      reasonCode: w.kind,
      reason:
        w.kind === 'deleted'
          ? 'Slettet i Broen etter overføring: timen er satt til 0 timer og ikke godkjent i 24SevenOffice (24SevenOffice har ingen sletting av timer).'
          : 'Godkjenningen ble fjernet etter overføring: timen er satt til ikke godkjent (venter på godkjenning) i 24SevenOffice.',
    })),
    result,
  );
}

interface FlagInput {
  write: PlannedWrite;
  reasonCode: string;
  reason: string;
  /** The payload reached 24SO (so 24SO now holds it); false when 24SO refused changes. */
  sent: boolean;
}

/** Marks sent hours «endret etter overføring», on the hour and in the run log. */
async function recordFlags(
  deps: HourExportDeps,
  run: HourExportRun,
  flags: FlagInput[],
  result: HourExportResult,
): Promise<void> {
  if (flags.length === 0) return;
  const at = nowIso(deps.clock);
  await deps.db.transaction().execute(async (tx) => {
    for (const f of flags) {
      await tx
        .updateTable('sync_records')
        .set({
          state: 'changed_after_transfer',
          reason: f.reason,
          reason_code: f.reasonCode,
          ...(f.sent ? { fingerprint: f.write.fingerprint, last_synced_at: at } : {}),
          intent_id: null,
          intent_op: null,
          intent_at: null,
          intent_fingerprint: f.write.fingerprint,
          next_retry_at: null,
          last_run_id: run.id,
          updated_at: at,
        })
        .where('workspace_id', '=', run.workspaceId)
        .where('entity', '=', 'hour')
        .where('local_id', '=', f.write.row.hourId)
        .execute();
    }
  });
  const updated = flags.filter((f) => f.sent).length;
  result.flagged += flags.length;
  result.updated += updated;
  await addToRun(deps.db, run.id, { updated, skipped: flags.length - updated });
  await addRunRecords(
    deps.db,
    deps.clock,
    run,
    flags.map((f) =>
      line(
        f.write,
        f.sent ? 'update' : 'skip',
        `Endret etter overføring: ${f.reason}`,
        'changed_after_transfer',
      ),
    ),
  );
}

/**
 * Marks an hour whose create could not be settled as failed while keeping its intent, so the
 * next run (due at once: an open intent makes hours due) finds it by its marker before sending.
 */
async function recordUnsettled(
  deps: HourExportDeps,
  run: HourExportRun,
  w: PlannedWrite,
  reason: string,
  result: HourExportResult,
): Promise<void> {
  const at = nowIso(deps.clock);
  await deps.db
    .updateTable('sync_records')
    .set({
      state: 'failed',
      reason,
      reason_code: 'uncertain',
      next_retry_at: at,
      last_run_id: run.id,
      updated_at: at,
    })
    .where('workspace_id', '=', run.workspaceId)
    .where('entity', '=', 'hour')
    .where('local_id', '=', w.row.hourId)
    .execute();
  result.failed++;
  await addToRun(deps.db, run.id, { failed: 1 });
  await addRunRecords(deps.db, deps.clock, run, [line(w, 'fail', reason, 'uncertain')]);
}

async function recordFailure(
  deps: HourExportDeps,
  run: HourExportRun,
  w: PlannedWrite,
  reason: string,
  reasonCode: string,
  result: HourExportResult,
): Promise<void> {
  const attempts = w.row.record?.attempts ?? 0;
  const input: OutcomeInput = {
    ...key(run.workspaceId, w.row.hourId),
    state: 'failed',
    reason,
    reasonCode,
    fingerprint: w.fingerprint,
    nextRetryAt: new Date(
      deps.clock().getTime() + Math.min(6 * 3600_000, 60_000 * 2 ** attempts),
    ).toISOString(),
    runId: run.id,
  };
  await recordOutcomes(deps.db, deps.clock, [input]);
  result.failed++;
  await addToRun(deps.db, run.id, { failed: 1 });
  await addRunRecords(deps.db, deps.clock, run, [line(w, 'fail', reason, reasonCode)]);
}
