import { AUDIT_EVENTS, recordAuditEvent } from './audit.ts';
import {
  type ConnectionStatus,
  disconnect,
  getConnectionStatus,
  saveConnection,
  testConnection,
} from './connection.ts';
import type { ConnectionProblem } from './connection-problems.ts';
import type { TwentyFourCredentials } from './gateway.ts';
import { findInvalidMappings, type MappingCheck } from './invalid-mappings.ts';
import type { LiveLists } from './lookup-types.ts';
import { liveListsFor } from './lookups.ts';
import {
  lastMappedClient,
  mappingReviewBlockers,
  readMappingNames,
  recordMappedClient,
  rememberMappingNames,
} from './mapping-review.ts';
import { reconciliationBlockers } from './reconciliation/gate.ts';
import { productNoEntries, referencesOf } from './references.ts';
import type { ConnectionDeps } from './session-calls.ts';
import {
  getSettings,
  type IntegrationSettings,
  type SetEnabledResult,
  type StoredSettings,
  setEnabled,
} from './settings.ts';

// Turning the integration on is the moment duplicates can be made in 24SO, so it is refused
// while the connection is broken, a mapping every transfer needs is missing, or a mapping points
// at something the connected client does not have (another client was chosen), and the admin
// must have reconciled the records 24SO already holds (reconciliation/gate.ts).

/**
 * What stands where the help article warned about duplicates: the reconciliation replaces the
 * warning, and «Aktiver» stays disabled until it is confirmed.
 */
export const DUPLICATES_WARNING =
  'Kunder, prosjekter, varer og arbeidere som allerede finnes i 24SevenOffice kobles til arbeidsområdets poster ' +
  'i avstemmingen før integrasjonen slås på, så ingenting opprettes på nytt som duplikat.';

export interface Blocker {
  /** The setting (dotted path), `connection`, or `invalidMappings` (they could not be checked). */
  path: string;
  message: string;
}

/**
 * Mappings without which no transfer can succeed: every order line in 24SO needs a product
 * number, and hours need a start date. Unmapped hour types and machines are not blockers
 * (their hours wait, or arrive without dimension) — coverage shows them.
 * @example requiredMappingBlockers(settings) // [{ path: 'invoicing.productNo.hours', … }]
 */
export function requiredMappingBlockers(settings: IntegrationSettings): Blocker[] {
  const out: Blocker[] = [];
  if (!settings.hours.startDate) out.push({ path: 'hours.startDate', message: 'Velg startdato for timer' });
  for (const { path, value, label } of productNoEntries(settings)) {
    if (!value) out.push({ path, message: `Velg varenummer for ${label}` });
  }
  return out;
}

/**
 * Everything that keeps the integration from being switched on: a broken connection, missing
 * product numbers or start date, and mappings the connected client does not have (`check`,
 * when the live lists were consulted).
 * @example const blockers = activationBlockers(status, settings, await findInvalidMappings(lists, settings, name));
 */
export function activationBlockers(
  status: ConnectionStatus,
  settings: IntegrationSettings,
  check: MappingCheck | null,
): Blocker[] {
  const out: Blocker[] = [];
  if (status.state !== 'connected') out.push({ path: 'connection', message: status.message });
  out.push(...requiredMappingBlockers(settings));
  if (check?.checked === false && status.state === 'connected') {
    out.push({
      path: INVALID_MAPPINGS,
      message: `Koblingene kunne ikke kontrolleres mot 24SevenOffice: ${check.message}`,
    });
  }
  for (const item of check?.items ?? []) out.push({ path: item.path, message: item.message });
  return out;
}

/** The blocker path of mappings that could not be checked (the settings page's list of them). */
export const INVALID_MAPPINGS = 'invalidMappings';

export type ActivationResult =
  | { ok: true; stored: StoredSettings }
  | { ok: false; code: 'conflict' | 'rule_violation'; message: string; blockers: Blocker[] };

/**
 * Switches the integration on (after a fresh connection check and the mapping rules) or off
 * (always allowed). Both are audited as the setting "enabled".
 * @example const r = await setActivation(deps, { workspaceId, actor, enabled: true });
 */
export async function setActivation(
  deps: ConnectionDeps,
  /** `acknowledgeDuplicates` is accepted from older clients and no longer needed. */
  request: { workspaceId: string; actor: string; enabled: boolean; acknowledgeDuplicates?: boolean },
): Promise<ActivationResult> {
  if (!request.enabled)
    return enabledOrConflict(await setEnabled(deps.db, deps.clock, { ...request, enabled: false }));
  const status = await testConnection(deps, request.workspaceId);
  const { stored, blockers } = await evaluate(
    deps,
    request.workspaceId,
    status,
    liveListsFor(deps, request.workspaceId),
  );
  if (blockers.length > 0) {
    return { ok: false, code: 'rule_violation', message: 'Integrasjonen kan ikke slås på ennå', blockers };
  }
  // Only the settings the checks passed are switched on: a change made meanwhile is a conflict.
  return enabledOrConflict(
    await setEnabled(deps.db, deps.clock, { ...request, enabled: true, expectedVersion: stored.version }),
  );
}

function enabledOrConflict(result: SetEnabledResult): ActivationResult {
  return result.ok ? result : { ok: false, code: 'conflict', message: result.message, blockers: [] };
}

/** Where activation stands: the stored settings, the mapping check, and what blocks switching on. */
export interface ActivationOverview {
  enabled: boolean;
  status: ConnectionStatus;
  stored: StoredSettings;
  /** Mappings the connected client does not have (from the live lists, cached). */
  check: MappingCheck;
  blockers: Blocker[];
}

/**
 * What the settings page and `GET /activation` show: one rule for both. `lists` defaults to
 * the live lists (cached); the page passes the reader it already used for its pick lists.
 * The connection state is read after the lists, as reading them may have changed it.
 * @example const { blockers, check } = await activationOverview(deps, workspaceId);
 */
export async function activationOverview(
  deps: ConnectionDeps,
  workspaceId: string,
  lists: LiveLists = liveListsFor(deps, workspaceId),
): Promise<ActivationOverview> {
  const before = await getConnectionStatus(deps.db, workspaceId);
  const stored = await getSettings(deps.db, workspaceId);
  const remembered = await lastMappedClient(deps.db, workspaceId);
  const check = await findInvalidMappings(
    lists,
    stored.settings,
    before.client?.name ?? null,
    remembered?.names,
  );
  const status = before.state === 'not_connected' ? before : await getConnectionStatus(deps.db, workspaceId);
  const blockers = [
    ...activationBlockers(status, stored.settings, status.state === 'connected' ? check : null),
    ...(await reconciliationBlockers(deps.db, workspaceId, status)),
    ...(await mappingReviewBlockers(deps.db, workspaceId, status)),
  ];
  return { enabled: stored.enabled, status, stored, check, blockers };
}

/** The blockers for a connection state just established (activation runs its own fresh test). */
async function evaluate(
  deps: ConnectionDeps,
  workspaceId: string,
  status: ConnectionStatus,
  lists: LiveLists,
): Promise<{ stored: StoredSettings; blockers: Blocker[] }> {
  const stored = await getSettings(deps.db, workspaceId);
  const remembered = await lastMappedClient(deps.db, workspaceId);
  const check =
    status.state === 'connected'
      ? await findInvalidMappings(lists, stored.settings, status.client?.name ?? null, remembered?.names)
      : null;
  return {
    stored,
    blockers: [
      ...activationBlockers(status, stored.settings, check),
      ...(await reconciliationBlockers(deps.db, workspaceId, status)),
      ...(await mappingReviewBlockers(deps.db, workspaceId, status)),
    ],
  };
}

/**
 * Koble fra: removes the stored connection and its session, and switches the integration off
 * (audited as "enabled"); settings and mappings are kept for a reconnect, with their names in
 * this client (so a later login on another client can say what they meant). Audited as
 * «Tilkobling: koblet fra». The web page and the REST API both call this.
 * @example await disconnectAndSwitchOff(deps, { workspaceId, actor: session.email });
 */
export async function disconnectAndSwitchOff(
  deps: ConnectionDeps,
  request: { workspaceId: string; actor: string },
): Promise<void> {
  const { workspaceId, actor } = request;
  const before = await getConnectionStatus(deps.db, workspaceId);
  if (before.client && before.state === 'connected') {
    const { settings } = await getSettings(deps.db, workspaceId);
    const names = await readMappingNames(liveListsFor(deps, workspaceId), settings);
    await rememberMappingNames(deps.db, deps.clock, workspaceId, before.client, names);
  }
  await disconnect(deps, workspaceId);
  if (before.client) {
    await recordAuditEvent(deps.db, deps.clock, request, {
      path: AUDIT_EVENTS.disconnected,
      oldValue: connectionLabel(before.client.name, before.username),
      newValue: null,
    });
  }
  // A disconnected integration cannot run; switching it off is recorded like any change.
  const off = await setEnabled(deps.db, deps.clock, { workspaceId, actor, enabled: false });
  if (!off.ok) deps.logger.warn({ workspaceId }, 'integration not switched off after disconnect');
}

/** How the log names a connection: «Demo Maskin AS (api@demo.no)». */
function connectionLabel(clientName: string, username: string | null): string {
  return username ? `${clientName} (${username})` : clientName;
}

/**
 * Saves the connection (see saveConnection). When it lands on a different client than the
 * mappings were made for (the connected one, or the one remembered across a disconnect), they
 * were made for another company: a switched-on integration is switched off (audited), and a
 * review of the mappings (mapping-review.ts) must be confirmed before it can be switched on
 * again. Connecting, changing client and logging in again are audited.
 * @example const r = await connectClient(deps, { workspaceId, actor, username, password, identityId });
 */
export async function connectClient(
  deps: ConnectionDeps,
  request: TwentyFourCredentials & { workspaceId: string; actor: string; identityId: string },
): Promise<
  { ok: true; status: ConnectionStatus; switchedOff: boolean; reviewOpened: boolean } | ConnectionProblem
> {
  const { workspaceId, actor, ...input } = request;
  const [before, remembered, stored] = await Promise.all([
    getConnectionStatus(deps.db, workspaceId),
    lastMappedClient(deps.db, workspaceId),
    getSettings(deps.db, workspaceId),
  ]);
  const previous = before.client ?? remembered;
  const hasMappings = referencesOf(stored.settings).length > 0;
  const leaving = previous !== null && previous.identityId.toLowerCase() !== input.identityId.toLowerCase();
  // The names in the client being left, read while its session still works (cached lists first).
  const names =
    leaving && hasMappings && before.state === 'connected'
      ? await readMappingNames(liveListsFor(deps, workspaceId), stored.settings)
      : {};
  const saved = await saveConnection(deps, workspaceId, input);
  if (!saved.ok) return saved;
  const client = saved.status.client ?? { identityId: input.identityId, name: '' };
  const changed = previous !== null && previous.identityId.toLowerCase() !== client.identityId.toLowerCase();
  const { reviewOpened } = await recordMappedClient(deps.db, deps.clock, {
    workspaceId,
    actor,
    client,
    previous,
    names,
    hasMappings,
  });
  const label = connectionLabel(client.name, saved.status.username);
  await recordAuditEvent(
    deps.db,
    deps.clock,
    { workspaceId, actor },
    changed
      ? { path: AUDIT_EVENTS.clientChanged, oldValue: previous.name, newValue: label }
      : before.client
        ? { path: AUDIT_EVENTS.loggedInAgain, oldValue: null, newValue: label }
        : { path: AUDIT_EVENTS.connected, oldValue: null, newValue: label },
  );
  if (!changed || !stored.enabled)
    return { ok: true, status: saved.status, switchedOff: false, reviewOpened };
  await setEnabled(deps.db, deps.clock, { workspaceId, actor, enabled: false });
  deps.logger.info({ workspaceId }, 'integration switched off after a login on another 24SO client');
  return { ok: true, status: saved.status, switchedOff: true, reviewOpened };
}
