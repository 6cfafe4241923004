import type { ConnectionDeps, ConnectionProblem, ConnectionStatus } from './connection.ts';
import { getConnectionStatus, saveConnection, testConnection } from './connection.ts';
import type { TwentyFourCredentials } from './gateway.ts';
import { findInvalidMappings, type MappingCheck } from './invalid-mappings.ts';
import { liveListsFor } from './lookups.ts';
import { reconciliationBlockers } from './reconciliation/gate.ts';
import { productNoEntries } from './references.ts';
import { getSettings, type IntegrationSettings, type StoredSettings, setEnabled } from './settings.ts';

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
  | { ok: false; status: 409 | 422; message: string; blockers: Blocker[] };

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
  if (!request.enabled) {
    return { ok: true, stored: await setEnabled(deps.db, deps.clock, { ...request, enabled: false }) };
  }
  const status = await testConnection(deps, request.workspaceId);
  const { settings } = await getSettings(deps.db, request.workspaceId);
  const check =
    status.state === 'connected'
      ? await findInvalidMappings(
          liveListsFor(deps, request.workspaceId),
          settings,
          status.client?.name ?? null,
        )
      : null;
  const blockers = activationBlockers(status, settings, check);
  blockers.push(...(await reconciliationBlockers(deps.db, request.workspaceId, status)));
  if (blockers.length > 0) {
    return { ok: false, status: 422, message: 'Integrasjonen kan ikke slås på ennå', blockers };
  }
  return { ok: true, stored: await setEnabled(deps.db, deps.clock, { ...request, enabled: true }) };
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
