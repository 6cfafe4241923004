import type { Hour } from '../../twentyfour/time-service.ts';
import type { HourRow } from './facts.ts';
import type { HourRuleSettings } from './rules.ts';

// What Broen sends to 24SO's SaveHour for one workspace hour. The workspace keeps dates and
// times as Europe/Oslo wall-clock; 24SO wants UTC instants. Hours have no ExternalId in 24SO, so
// each carries a marker in InternalNote that Broen searches for after an uncertain save
// (decision in docs/decisions.md).

const ZONE = 'Europe/Oslo';

/**
 * The marker Broen writes into an hour's InternalNote, e.g. "[broen:3f2a…]".
 * @example hourMarker('abc') // '[broen:abc]'
 */
export function hourMarker(localId: string): string {
  return `[broen:${localId}]`;
}

/**
 * The workspace hour id in a 24SO InternalNote, if Broen wrote it.
 * @example markerOf('[broen:abc]') // 'abc'
 */
export function markerOf(note: string | undefined): string | undefined {
  return note?.match(/\[broen:([^\]\s]+)\]/)?.[1];
}

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Oslo's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function osloOffsetMinutes(instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of offsetFormat.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((asUtc - instant) / 60_000);
}

/**
 * The UTC instant of an Oslo wall-clock time. In the spring gap (02:00–03:00 does not exist) the
 * time is read with winter offset, i.e. moved forward an hour; in the autumn overlap (02:00–03:00
 * happens twice) the first, summer-time occurrence is taken — the way a clock on the wall reads.
 * @example osloToUtc('2025-03-30', '03:30').toISOString() // '2025-03-30T01:30:00.000Z'
 */
export function osloToUtc(date: string, time: string): Date {
  const key = `${date}T${time}`;
  const known = utcMemo.get(key);
  if (known !== undefined) return new Date(known);
  if (utcMemo.size > 50_000) utcMemo.clear();
  const instant = computeOsloToUtc(date, time).getTime();
  utcMemo.set(key, instant);
  return new Date(instant);
}

/** Wall time → UTC ms; a plan reads the same few hundred dates and times thousands of times. */
const utcMemo = new Map<string, number>();

function computeOsloToUtc(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  // Try both offsets Oslo has; keep the one that reads back as this wall time, summer first.
  for (const offset of [120, 60]) {
    const instant = wall - offset * 60_000;
    if (osloOffsetMinutes(instant) === offset) return new Date(instant);
  }
  // The spring gap: no instant shows this wall time; use the winter offset (moves it forward).
  return new Date(wall - 60 * 60_000);
}

/** Whole minutes → 24SO's decimal hours ("7.5", "0.25", "8"). */
export function decimalHours(minutes: number): string {
  const hundredths = Math.round((minutes * 100) / 60);
  const whole = Math.trunc(hundredths / 100);
  const frac = hundredths % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** What is sent for an hour; plain JSON so its fingerprint is stable. */
export interface HourPayload {
  typeOfWorkId: number;
  /** ISO UTC. */
  startTime: string;
  stopTime: string | null;
  totalHours: string;
  totalHoursInvoice: string;
  contactId: number;
  projectId: number;
  description: string;
  approved: boolean;
  internalNote: string;
}

/**
 * The payload of a sendable hour; null when a link it needs is missing (the rules say which).
 * Without start/stop times the hour is placed at 00:00 Oslo time on its date (no StopTime).
 * A dry run's hour on a project the run would create first has project id 0: never sent.
 * @example buildHourPayload(row, rules)?.totalHours // '7.5'
 */
export function buildHourPayload(row: HourRow, rules: HourRuleSettings): HourPayload | null {
  const workType = rules.workTypeByHourType[row.hourTypeCode];
  const projectLater = row.projectRemoteId === null && rules.projectsCreatedFirst?.includes(row.projectId);
  if (!workType || row.contactId === null || (row.projectRemoteId === null && !projectLater)) return null;
  const hasTimes = row.startTime !== null && row.endTime !== null;
  const start = osloToUtc(row.date, hasTimes ? (row.startTime as string) : '00:00');
  const total = decimalHours(row.minutes);
  return {
    typeOfWorkId: Number(workType),
    startTime: start.toISOString(),
    stopTime: hasTimes ? osloToUtc(row.date, row.endTime as string).toISOString() : null,
    totalHours: total,
    totalHoursInvoice: row.billable ? total : '0',
    contactId: row.contactId,
    projectId: Number(row.projectRemoteId ?? 0),
    description: row.description,
    approved: row.approved,
    internalNote: hourMarker(row.hourId),
  };
}

/**
 * The payload that takes a sent hour out of use in 24SO when it was deleted in Broen: 24SO has
 * no documented delete, so the same hour is set to zero hours, not approved, awaiting approval,
 * with a note in the description (decision in docs/decisions.md).
 * @example zeroedPayload(sent).totalHours // '0'
 */
export function zeroedPayload(sent: HourPayload): HourPayload {
  return {
    ...sent,
    totalHours: '0',
    totalHoursInvoice: '0',
    approved: false,
    description: `Slettet i Broen. ${sent.description}`.slice(0, 1000).trim(),
  };
}

/**
 * The SaveHour input for a payload (`id` set: update that hour).
 * @example toSoapHour(payload, 55007)
 */
export function toSoapHour(p: HourPayload, id: number | null): Hour {
  return {
    ...(id !== null ? { id } : {}),
    typeOfWorkId: p.typeOfWorkId,
    startTime: new Date(p.startTime),
    ...(p.stopTime ? { stopTime: new Date(p.stopTime) } : {}),
    totalHours: p.totalHours,
    totalHoursInvoice: p.totalHoursInvoice,
    contactId: p.contactId,
    projectId: p.projectId,
    description: p.description,
    locked: 'none',
    approved: p.approved ? 'True' : 'False',
    needApproval: !p.approved,
    internalNote: p.internalNote,
  };
}
