import { AUDIT_EVENTS } from './audit.ts';
import { getConnectionStatus } from './connection.ts';
import type { ConnectionProblem } from './connection-problems.ts';
import type { LiveLists, LookupKind, LookupResult } from './lookup-types.ts';
import { liveListsFor } from './lookups.ts';
import { lastMappedClient } from './mapping-review.ts';
import { describeValue, foundIn, type Reference, referencesOf } from './references.ts';
import type { ConnectionDeps } from './session-calls.ts';
import { getSettings, type IntegrationSettings, type StoredSettings, saveSettings } from './settings.ts';

// Mappings the connected 24SO client does not have: after "Logg inn på nytt" onto another
// client (or after something was deleted in 24SO), a work type id, product number or dimension
// may point at nothing. They are found against the live lists, named in Norwegian, block
// activation, and can be cleared in one audited save.

export interface InvalidMapping {
  /** The setting, e.g. "hours.workTypeByHourType.MASK". */
  path: string;
  /** The stored id or product number the client does not have. */
  value: string;
  message: string;
}

export type MappingCheck =
  | { checked: true; message: null; items: InvalidMapping[] }
  /** The live lists could not be read; `state` says why (as the connection states do). */
  | {
      checked: false;
      state: Exclude<LookupResult, { ok: true }>['state'];
      message: string;
      items: InvalidMapping[];
    };

/**
 * Checks every 24SO reference of the settings against the client's live lists (one read per
 * list that is referenced; none when nothing is mapped).
 * @example const check = await findInvalidMappings(liveListsFor(deps, ws), settings, 'Demo Transport AS');
 */
export async function findInvalidMappings(
  lists: LiveLists,
  settings: IntegrationSettings,
  clientName: string | null,
  /** Names the values had where the mappings were made (setting path → name), when known. */
  previousNames: Record<string, string> = {},
): Promise<MappingCheck> {
  const refs = referencesOf(settings);
  const read = new Map<LookupKind, LookupResult>();
  const items: InvalidMapping[] = [];
  const where = clientName ? `i 24SevenOffice-klienten «${clientName}»` : 'i 24SevenOffice';
  for (const ref of refs) {
    let list = read.get(ref.kind);
    if (!list) {
      list = await lists.list(ref.kind);
      read.set(ref.kind, list);
    }
    if (!list.ok) return { checked: false, state: list.state, message: list.message, items: [] };
    if (!foundIn(list.items, ref)) {
      items.push({
        path: ref.path,
        value: ref.value,
        message: `${ref.mapping}: ${missingText(ref, previousNames[ref.path])} finnes ikke ${where}`,
      });
    }
  }
  return { checked: true, message: null, items };
}

/**
 * The missing value as the admin can recognise it: a product number as it is, an id by the
 * name it had (when known) and in words, never as the internal «department:2».
 */
function missingText(ref: Reference, previousName: string | undefined): string {
  if (ref.kind === 'products')
    return `varenummeret «${ref.value}»${previousName ? ` (${previousName})` : ''}`;
  const what = describeValue(ref.kind, ref.value);
  return previousName ? `${ref.label.toLowerCase()} «${previousName}» (${what})` : what;
}

export type ClearResult =
  | { ok: true; cleared: InvalidMapping[]; stored: StoredSettings }
  | ConnectionProblem
  /** The save was refused: `conflict` when the settings moved on in between. */
  | {
      ok: false;
      state: 'refused';
      code: 'invalid' | 'conflict' | 'rule_violation' | 'unreachable';
      message: string;
    };

/**
 * Clears exactly the mappings the connected client does not have, as one audited save. With
 * `expectedVersion` (the version the admin looked at) a save in between is refused.
 * @example const r = await clearInvalidMappings(deps, { workspaceId, actor: 'admin@demo.no' });
 */
export async function clearInvalidMappings(
  deps: ConnectionDeps,
  request: { workspaceId: string; actor: string; expectedVersion?: number },
): Promise<ClearResult> {
  const [stored, status] = await Promise.all([
    getSettings(deps.db, request.workspaceId),
    getConnectionStatus(deps.db, request.workspaceId),
  ]);
  if (request.expectedVersion !== undefined && request.expectedVersion !== stored.version) {
    return {
      ok: false,
      state: 'refused',
      code: 'conflict',
      message: 'Innstillingene ble endret av noen andre i mellomtiden. Last siden på nytt og prøv igjen.',
    };
  }
  const lists = liveListsFor(deps, request.workspaceId);
  const remembered = await lastMappedClient(deps.db, request.workspaceId);
  const check = await findInvalidMappings(
    lists,
    stored.settings,
    status.client?.name ?? null,
    remembered?.names,
  );
  if (!check.checked) {
    return { ok: false, state: check.state, message: check.message, detail: 'live lists unreadable' };
  }
  if (check.items.length === 0) return { ok: true, cleared: [], stored };
  const invalid = new Set(check.items.map((i) => i.path));
  const next = structuredClone(stored.settings);
  for (const ref of referencesOf(stored.settings)) if (invalid.has(ref.path)) ref.clear(next);
  const saved = await saveSettings(deps.db, lists, deps.clock, {
    workspaceId: request.workspaceId,
    actor: request.actor,
    input: next,
    expectedVersion: stored.version,
    events: [{ path: AUDIT_EVENTS.mappingsCleared, oldValue: null, newValue: check.items.length }],
  });
  if (!saved.ok) return { ok: false, state: 'refused', code: saved.code, message: saved.message };
  return { ok: true, cleared: check.items, stored: saved.stored };
}
