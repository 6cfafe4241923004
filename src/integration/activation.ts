import type { ConnectionDeps } from './connection.ts';
import { testConnection } from './connection.ts';
import { getSettings, type IntegrationSettings, type StoredSettings, setEnabled } from './settings.ts';
import { type TransportKind, transportEntries } from './settings-schema.ts';

const TRANSPORT_LABELS: Record<TransportKind | 'all', string> = {
  all: 'kjøring (km, bomring og andre utgifter)',
  km: 'kjøring (km)',
  toll: 'bomring',
  other: 'andre utgifter',
};

// Turning the integration on is the moment duplicates can be made in 24SO, so it is refused
// while the connection is broken or a mapping every transfer needs is missing, and the admin
// must acknowledge the duplicates warning. Syncing itself comes with the sync issue.

/** The help article's warning, shown where the integration is switched on. */
export const DUPLICATES_WARNING =
  'Finnes det allerede kunder, ansatte eller prosjekter i 24SevenOffice, kan de bli opprettet på nytt som duplikater ' +
  'når integrasjonen slås på. Gå gjennom og koble eksisterende poster før du slår på synkroniseringen.';

export interface Blocker {
  /** The setting (dotted path) or `connection`. */
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
  const p = settings.invoicing.productNo;
  const products: [string, string | null, string][] = [
    ['invoicing.productNo.hours', p.hours, 'timelinjer'],
    ...transportEntries(p.transport).map((t): [string, string | null, string] => [
      t.path,
      t.value,
      TRANSPORT_LABELS[t.kind],
    ]),
    ['invoicing.productNo.freeText', p.freeText, 'fritekstlinjer'],
  ];
  for (const [path, value, label] of products) {
    if (!value) out.push({ path, message: `Velg varenummer for ${label}` });
  }
  return out;
}

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
  if (!request.enabled) {
    return { ok: true, stored: await setEnabled(deps.db, deps.clock, { ...request, enabled: false }) };
  }
  const blockers: Blocker[] = [];
  const status = await testConnection(deps, request.workspaceId);
  if (status.state !== 'connected') blockers.push({ path: 'connection', message: status.message });
  const { settings } = await getSettings(deps.db, request.workspaceId);
  blockers.push(...requiredMappingBlockers(settings));
  if (!request.acknowledgeDuplicates) {
    blockers.push({
      path: 'acknowledgeDuplicates',
      message: 'Bekreft at du har lest advarselen om duplikater',
    });
  }
  if (blockers.length > 0) {
    return { ok: false, status: 422, message: 'Integrasjonen kan ikke slås på ennå', blockers };
  }
  return { ok: true, stored: await setEnabled(deps.db, deps.clock, { ...request, enabled: true }) };
}
