import type { ConnectionProblem } from './connection-problems.ts';
import { settleWithin, USER_REQUEST_DEADLINE_MS, unfinishedMessage } from './deadline.ts';
import type { GatewayResult, GatewaySession } from './gateway.ts';
import type { LiveLists, LookupItem, LookupKind, LookupResult } from './lookup-types.ts';
import { type ConnectionDeps, readWithSession } from './session-calls.ts';
import type { IntegrationSettings } from './settings-schema.ts';

// Live 24SO lists as `{id, name, …}` items, the shape of GET /integration/lookups/{kind} and of
// the pickers on the settings page. Dimensions come as one flat list of everything a machine
// can be mapped to: every value of every user-defined dimension type (id "<typeId>:<value>")
// and every department (id "department:<id>").

/** Norwegian name of each list, for the permission probe and error messages. */
export const LOOKUP_LABELS: Record<LookupKind, string> = {
  'work-types': 'Arbeidstyper',
  dimensions: 'Dimensjoner',
  departments: 'Avdelinger',
  products: 'Varer',
  contacts: 'Kontakter',
};

/**
 * Reads one live list for a workspace (cached for a minute per process), asking again while
 * 24SO leaves the read unanswered (readWithSession).
 * @example const r = await readLookup(deps, workspaceId, 'work-types'); if (r.ok) r.items
 */
export async function readLookup(
  deps: ConnectionDeps,
  workspaceId: string,
  kind: LookupKind,
): Promise<LookupResult> {
  const cached = deps.sessions.cachedList(workspaceId, kind);
  if (cached) return { ok: true, items: cached };
  const result = await readWithSession(deps, workspaceId, (s) => fetchList(s, kind));
  if (!result.ok) return { ok: false, state: result.state, message: result.message };
  deps.sessions.rememberList(workspaceId, kind, result.value);
  return { ok: true, items: result.value };
}

/**
 * The LiveLists port for one workspace, as settings validation wants it.
 * @example await saveSettings(db, liveListsFor(deps, workspaceId), clock, …);
 */
export function liveListsFor(deps: ConnectionDeps, workspaceId: string): LiveLists {
  return { list: (kind) => readLookup(deps, workspaceId, kind) };
}

async function fetchList(session: GatewaySession, kind: LookupKind): Promise<GatewayResult<LookupItem[]>> {
  switch (kind) {
    case 'work-types': {
      const r = await session.workTypes();
      return map(r, (items) =>
        items.map((w) => ({
          id: w.id,
          name: w.name,
          description: w.description,
          invoiceable: w.invoiceable,
        })),
      );
    }
    case 'products': {
      const r = await session.products();
      return map(r, (items) =>
        items
          .filter((p) => p.no !== null && p.no !== '')
          .map((p) => ({ id: p.id, name: p.name, no: p.no, active: p.active, taxRate: p.taxRate ?? null }))
          .sort((a, b) => String(a.no).localeCompare(String(b.no), 'nb')),
      );
    }
    case 'departments': {
      const r = await session.departments();
      return map(r, (items) => items.map((d) => ({ id: d.id, name: d.name })));
    }
    case 'contacts': {
      const r = await session.contacts();
      return map(r, (items) =>
        items
          // Customers' contact persons are listed too; isEmployee lets a worker picker put employees first.
          .map((p) => ({
            id: p.id,
            name: p.name,
            email: p.email,
            employeeId: p.employeeId,
            isEmployee: p.employeeId !== null,
          }))
          .sort((a, b) => a.name.localeCompare(b.name, 'nb')),
      );
    }
    case 'dimensions': {
      // The value lists of every type and the departments are independent reads: in parallel.
      const [types, departments] = await Promise.all([session.dimensionTypes(), session.departments()]);
      if (!types.ok) return types;
      if (!departments.ok) return departments;
      const valueLists = await Promise.all(types.value.map((type) => session.dimensionValues(type.typeId)));
      const items: LookupItem[] = [];
      for (const [i, type] of types.value.entries()) {
        const values = valueLists[i];
        if (!values.ok) return values;
        for (const v of values.value) {
          items.push({
            id: `${type.typeId}:${v.value}`,
            name: v.name,
            typeId: type.typeId,
            typeName: type.name,
            value: v.value,
          });
        }
      }
      for (const d of departments.value) {
        items.push({
          id: `department:${d.id}`,
          name: d.name,
          typeId: 'department',
          typeName: 'Avdeling',
          value: d.id,
        });
      }
      return { ok: true, value: items };
    }
  }
}

function map<A, B>(r: GatewayResult<A>, f: (a: A) => B): GatewayResult<B> {
  return r.ok ? { ok: true, value: f(r.value) } : r;
}

export interface ProbeResult {
  kind: LookupKind;
  label: string;
  /** Why the chosen settings need this list. */
  neededFor: string;
  ok: boolean;
  message: string | null;
  /** Set when 24SO did not answer this check before the request's deadline. */
  timedOut?: true;
}

/**
 * Reads each list the chosen settings need and reports which this 24SO user cannot reach.
 * Always reads fresh (no cache): the point is to see the user's rights now. The reads run in
 * parallel under one overall deadline (one shared login); a check 24SO did not answer in time
 * is reported as not finished instead of keeping the user waiting.
 * @example const results = await probePermissions(deps, workspaceId, settings);
 */
export async function probePermissions(
  deps: ConnectionDeps,
  workspaceId: string,
  settings: IntegrationSettings,
  options: { deadlineMs?: number } = {},
): Promise<{ ok: true; results: ProbeResult[] } | ConnectionProblem> {
  const deadlineMs = options.deadlineMs ?? USER_REQUEST_DEADLINE_MS;
  const needs: [LookupKind, string][] = [
    ['work-types', 'Timer: arbeidstype per timetype'],
    ['products', 'Fakturering: varenumre på ordrelinjer'],
    ['contacts', 'Admin. arbeidere: kobling til 24SevenOffice-kontakt'],
  ];
  if (
    Object.keys(settings.invoicing.dimensionByMachine).length > 0 ||
    settings.invoicing.invoiceType === 'multi-line'
  ) {
    needs.push(['dimensions', 'Fakturering: dimensjon per maskin']);
  }
  needs.push(['departments', 'Fakturering: avdeling som dimensjon']);
  const settled = await settleWithin(
    needs.map(
      ([kind]) =>
        () =>
          readWithSession(deps, workspaceId, (s) => fetchList(s, kind)),
    ),
    deadlineMs,
  );
  const results: ProbeResult[] = [];
  for (const [i, [kind, neededFor]] of needs.entries()) {
    const outcome = settled[i];
    const base = { kind, label: LOOKUP_LABELS[kind], neededFor };
    if (!outcome.finished) {
      results.push({ ...base, ok: false, message: unfinishedMessage(deadlineMs), timedOut: true });
      continue;
    }
    const r = outcome.value;
    if (!r.ok && r.state !== 'forbidden') return r;
    results.push({ ...base, ok: r.ok, message: r.ok ? null : r.message });
  }
  return { ok: true, results };
}
