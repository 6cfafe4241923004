import type { ConnectionDeps, ConnectionProblem, ConnectionStatus } from './connection.ts';
import { disconnect, getConnectionStatus, saveConnection, testConnection } from './connection.ts';
import type { TwentyFourCredentials } from './gateway.ts';
import { findInvalidMappings, type MappingCheck } from './invalid-mappings.ts';
import type { LiveLists } from './lookup-types.ts';
import { liveListsFor } from './lookups.ts';
import { productNoEntries } from './references.ts';
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
// must acknowledge the duplicates warning. Syncing itself comes with the sync issue.

/** The help article's warning, shown where the integration is switched on. */
export const DUPLICATES_WARNING =
  'Finnes det allerede kunder, ansatte eller prosjekter i 24SevenOffice, kan de bli opprettet på nytt som duplikater ' +
  'når integrasjonen slås på. Gå gjennom og koble eksisterende poster før du slår på synkroniseringen.';

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
  | { ok: false; status: 409 | 422; message: string; blockers: Blocker[] };

/**
 * Switches the integration on (after a fresh connection check and the mapping rules) or off
 * (always allowed). Both are audited as the setting "enabled".
 * @example const r = await setActivation(deps, { workspaceId, actor, enabled: true, acknowledgeDuplicates: true });
 */
export async function setActivation(
  deps: ConnectionDeps,
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
  if (!request.acknowledgeDuplicates) {
    blockers.push({
      path: 'acknowledgeDuplicates',
      message: 'Bekreft at du har lest advarselen om duplikater',
    });
  }
  if (blockers.length > 0) {
    return { ok: false, status: 422, message: 'Integrasjonen kan ikke slås på ennå', blockers };
  }
  // Only the settings the checks passed are switched on: a change made meanwhile is a conflict.
  return enabledOrConflict(
    await setEnabled(deps.db, deps.clock, { ...request, enabled: true, expectedVersion: stored.version }),
  );
}

function enabledOrConflict(result: SetEnabledResult): ActivationResult {
  return result.ok ? result : { ok: false, status: 409, message: result.message, blockers: [] };
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
  const check = await findInvalidMappings(lists, stored.settings, before.client?.name ?? null);
  const status = before.state === 'not_connected' ? before : await getConnectionStatus(deps.db, workspaceId);
  const blockers = activationBlockers(status, stored.settings, status.state === 'connected' ? check : null);
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
  const check =
    status.state === 'connected'
      ? await findInvalidMappings(lists, stored.settings, status.client?.name ?? null)
      : null;
  return { stored, blockers: activationBlockers(status, stored.settings, check) };
}

/**
 * Koble fra: removes the stored connection and its session, and switches the integration off
 * (audited as "enabled"); settings and mappings are kept for a reconnect. The web page and the
 * REST API both call this.
 * @example await disconnectAndSwitchOff(deps, { workspaceId, actor: session.email });
 */
export async function disconnectAndSwitchOff(
  deps: ConnectionDeps,
  request: { workspaceId: string; actor: string },
): Promise<void> {
  await disconnect(deps, request.workspaceId);
  // A disconnected integration cannot run; switching it off is recorded like any change.
  const off = await setEnabled(deps.db, deps.clock, { ...request, enabled: false });
  if (!off.ok)
    deps.logger.warn({ workspaceId: request.workspaceId }, 'integration not switched off after disconnect');
}

/**
 * Saves the connection (see saveConnection). When it lands on a different client than before,
 * the mappings were made for another company: a switched-on integration is switched off
 * (audited) and has to pass the activation checks, invalid mappings included, again.
 * @example const r = await connectClient(deps, { workspaceId, actor, username, password, identityId });
 */
export async function connectClient(
  deps: ConnectionDeps,
  request: TwentyFourCredentials & { workspaceId: string; actor: string; identityId: string },
): Promise<{ ok: true; status: ConnectionStatus; switchedOff: boolean } | ConnectionProblem> {
  const before = await getConnectionStatus(deps.db, request.workspaceId);
  const { workspaceId, actor, ...input } = request;
  const saved = await saveConnection(deps, workspaceId, input);
  if (!saved.ok) return saved;
  const previous = before.client?.identityId.toLowerCase();
  const changed = previous !== undefined && previous !== saved.status.client?.identityId.toLowerCase();
  const { enabled } = await getSettings(deps.db, workspaceId);
  if (!changed || !enabled) return { ok: true, status: saved.status, switchedOff: false };
  await setEnabled(deps.db, deps.clock, { workspaceId, actor, enabled: false });
  deps.logger.info({ workspaceId }, 'integration switched off after a login on another 24SO client');
  return { ok: true, status: saved.status, switchedOff: true };
}
