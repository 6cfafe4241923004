import { nowIso } from '../../db/database.ts';
import {
  ServerFaultError,
  type TwentyFourError,
  TwentyFourError as TwentyFourErrorClass,
} from '../../twentyfour/errors.ts';
import { getHours, type Hour } from '../../twentyfour/time-service.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import { clearIntents, recordSynced, type SyncedInput } from '../sync/records.ts';
import { addRunRecords, addToRun } from '../sync/runs.ts';
import {
  type HourExportDeps,
  type HourExportResult,
  type HourExportRun,
  HourExportStopped,
  isStop,
  key,
  label,
  RECOVERY_MARGIN_MS,
} from './export-context.ts';
import type { HourRow } from './facts.ts';
import { markerOf } from './payload.ts';
import type { PlannedWrite } from './plan.ts';

// Settling what the hours export cannot be sure of: which sent hours 24SO has locked or put on
// an order, and the saves whose answer was lost (found again by their marker before any re-send).

/** 24SO hour id → why it may not be changed (locked, or on an order), read in calls of 1000 ids. */
export async function lockedInTwentyFour(
  soap: SoapCaller,
  updates: PlannedWrite[],
): Promise<Map<string, string>> {
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

export function lockReason(h: Hour): string | undefined {
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
export async function settleUncertain(
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
    // Not a 24SO answer (the job's lease was lost): stop, the intent stays for the next holder.
    if (!(readError instanceof TwentyFourErrorClass)) throw readError;
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
export async function settleOpen(
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
