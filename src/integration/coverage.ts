import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { IntegrationSettings } from './settings-schema.ts';
import { listHourTypeRefs, listMachineRefs } from './workspace-refs.ts';

// What the current mappings leave uncovered, counted in approved hours (timeregistreringer)
// that the hour sync would otherwise send: approved, not deleted, on/after the start date.

export interface UnmappedHourType {
  code: string;
  name: string;
  /** Mapped to a work type the connected client does not have (so its hours wait all the same). */
  missingInClient: boolean;
  /** Approved hour entries (timeregistreringer) of this type that would be held back. */
  heldBackEntries: number;
  /** @deprecated The same count of entries under its old, misleading name; use heldBackEntries. */
  heldBackHours: number;
  /** Their duration in minutes. */
  heldBackMinutes: number;
}

export interface UnmappedMachine {
  number: string;
  name: string;
  /** Mapped to a dimension the connected client does not have. */
  missingInClient: boolean;
  /** Approved hour entries on this machine that would reach 24SO without a dimension. */
  entriesWithoutDimension: number;
  /** @deprecated The same count of entries; use entriesWithoutDimension. */
  hoursWithoutDimension: number;
  minutesWithoutDimension: number;
}

export interface Coverage {
  hourTypes: {
    mapped: number;
    total: number;
    unmapped: UnmappedHourType[];
    heldBackEntries: number;
    /** @deprecated Count of entries; use heldBackEntries. */
    heldBackHours: number;
    heldBackMinutes: number;
  };
  machines: {
    mapped: number;
    total: number;
    unmapped: UnmappedMachine[];
    entriesWithoutDimension: number;
    /** @deprecated Count of entries; use entriesWithoutDimension. */
    hoursWithoutDimension: number;
    minutesWithoutDimension: number;
  };
  /** Norwegian one-liners, e.g. "2 timetyper uten arbeidstype → 37 godkjente timer blir holdt igjen". */
  messages: string[];
}

/**
 * Counts what unmapped hour types hold back and which machine hours lack a dimension. A mapping
 * whose value the connected client does not have (`missing`: setting paths from the invalid
 * mapping check) covers nothing: it is counted as a gap, marked `missingInClient`.
 * @example const c = await computeCoverage(db, workspaceId, settings, new Set(check.items.map((i) => i.path)));
 */
export async function computeCoverage(
  db: Db,
  workspaceId: string,
  settings: IntegrationSettings,
  missing: ReadonlySet<string> = new Set(),
): Promise<Coverage> {
  const [hourTypes, machines] = await Promise.all([
    listHourTypeRefs(db, workspaceId),
    listMachineRefs(db, workspaceId),
  ]);
  const startDate = settings.hours.startDate;
  const base = () => {
    let q = db
      .selectFrom('hour_entries')
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('approved', '=', 1);
    if (startDate) q = q.where('date', '>=', startDate);
    return q;
  };
  const byType = await base()
    .select(['hour_type_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(minutes), 0)`.as('m')])
    .groupBy('hour_type_id')
    .execute();
  const byMachine = await base()
    .where('machine_id', 'is not', null)
    .select(['machine_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(minutes), 0)`.as('m')])
    .groupBy('machine_id')
    .execute();

  const workTypeMap = Object.fromEntries(
    Object.entries(settings.hours.workTypeByHourType).filter(
      ([code]) => !missing.has(`hours.workTypeByHourType.${code}`),
    ),
  );
  const unmappedTypes: UnmappedHourType[] = [];
  for (const t of hourTypes) {
    if (workTypeMap[t.code] !== undefined) continue;
    const missingInClient = missing.has(`hours.workTypeByHourType.${t.code}`);
    const counts = byType.find((r) => r.hour_type_id === t.id);
    const heldBackHours = Number(counts?.n ?? 0);
    if (!t.active && heldBackHours === 0 && !missingInClient) continue;
    unmappedTypes.push({
      code: t.code,
      name: t.name,
      missingInClient,
      heldBackEntries: heldBackHours,
      heldBackHours,
      heldBackMinutes: Number(counts?.m ?? 0),
    });
  }
  const dimensionMap = Object.fromEntries(
    Object.entries(settings.invoicing.dimensionByMachine).filter(
      ([number]) => !missing.has(`invoicing.dimensionByMachine.${number}`),
    ),
  );
  const unmappedMachines: UnmappedMachine[] = [];
  for (const m of machines) {
    if (dimensionMap[m.number] !== undefined) continue;
    const missingInClient = missing.has(`invoicing.dimensionByMachine.${m.number}`);
    const counts = byMachine.find((r) => r.machine_id === m.id);
    const n = Number(counts?.n ?? 0);
    if (!m.active && n === 0 && !missingInClient) continue;
    unmappedMachines.push({
      number: m.number,
      name: m.name,
      missingInClient,
      entriesWithoutDimension: n,
      hoursWithoutDimension: n,
      minutesWithoutDimension: Number(counts?.m ?? 0),
    });
  }
  const sum = <T>(items: T[], f: (x: T) => number) => items.reduce((acc, x) => acc + f(x), 0);
  const coverage: Coverage = {
    hourTypes: {
      mapped: hourTypes.filter((t) => workTypeMap[t.code] !== undefined).length,
      total: hourTypes.filter((t) => t.active || settings.hours.workTypeByHourType[t.code] !== undefined)
        .length,
      unmapped: unmappedTypes,
      heldBackEntries: sum(unmappedTypes, (t) => t.heldBackEntries),
      heldBackHours: sum(unmappedTypes, (t) => t.heldBackEntries),
      heldBackMinutes: sum(unmappedTypes, (t) => t.heldBackMinutes),
    },
    machines: {
      mapped: machines.filter((m) => dimensionMap[m.number] !== undefined).length,
      total: machines.filter((m) => m.active || settings.invoicing.dimensionByMachine[m.number] !== undefined)
        .length,
      unmapped: unmappedMachines,
      entriesWithoutDimension: sum(unmappedMachines, (m) => m.entriesWithoutDimension),
      hoursWithoutDimension: sum(unmappedMachines, (m) => m.entriesWithoutDimension),
      minutesWithoutDimension: sum(unmappedMachines, (m) => m.minutesWithoutDimension),
    },
    messages: [],
  };
  coverage.messages = coverageMessages(coverage);
  return coverage;
}

function coverageMessages(c: Coverage): string[] {
  const out: string[] = [];
  const t = c.hourTypes;
  if (t.unmapped.length > 0) {
    const types = t.unmapped.length === 1 ? '1 timetype' : `${t.unmapped.length} timetyper`;
    const which = t.unmapped.some((u) => u.missingInClient)
      ? 'uten arbeidstype klienten har'
      : 'uten arbeidstype';
    out.push(
      `${types} ${which} → ${entries(t.heldBackEntries)} (${hoursText(t.heldBackMinutes)}) blir holdt igjen`,
    );
  } else {
    out.push('Alle timetyper har en arbeidstype valgt');
  }
  const m = c.machines;
  if (m.unmapped.length > 0) {
    const machines = m.unmapped.length === 1 ? '1 maskin' : `${m.unmapped.length} maskiner`;
    const which = m.unmapped.some((u) => u.missingInClient)
      ? 'uten dimensjon klienten har'
      : 'uten dimensjon';
    out.push(
      `${machines} ${which} → ${entries(m.entriesWithoutDimension)} (${hoursText(m.minutesWithoutDimension)}) kommer til 24SevenOffice uten dimensjon`,
    );
  } else if (m.total > 0) {
    out.push('Alle maskiner har en dimensjon valgt');
  }
  // Say what this box counts, and no more: other reasons an hour can be held back are not checked here.
  out.push(
    'Tellingen gjelder bare timetyper uten arbeidstype og maskiner uten dimensjon (eller med en som klienten ikke har); andre grunner til at en time holdes igjen er ikke med.',
  );
  return out;
}

/** "1 godkjent timeregistrering" / "293 godkjente timeregistreringer". */
function entries(n: number): string {
  return n === 1 ? '1 godkjent timeregistrering' : `${n} godkjente timeregistreringer`;
}

/** Minutes as Norwegian hours: 99510 → "1 658,5 timer". */
function hoursText(minutes: number): string {
  const hours = Math.round((minutes / 60) * 100) / 100;
  const [whole, frac] = String(hours).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${frac ? `${grouped},${frac}` : grouped} ${hours === 1 ? 'time' : 'timer'}`;
}
