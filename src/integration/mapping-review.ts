import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { writeAudit } from './audit.ts';
import { type ConnectionStatus, getConnectionStatus } from './connection.ts';
import { settleWithin, USER_REQUEST_DEADLINE_MS } from './deadline.ts';
import type { LiveLists, LookupItem, LookupKind, LookupResult } from './lookup-types.ts';
import { liveListsFor } from './lookups.ts';
import { describeValue, type Reference, referencesOf } from './references.ts';
import type { ConnectionDeps } from './session-calls.ts';
import { getSettings, type IntegrationSettings } from './settings.ts';
import type { IntegrationMappingReviewRow } from './tables.ts';

// After a login on another 24SO client the mappings (work type ids, product numbers, dimension
// ids) were made for another company: an id that exists in the new client too may mean
// something else there (work type 1 was «Ordinær», now it is «Kjøring»). So a switch of client
// opens a review: every mapping with the new client's name beside the old one, and the
// integration cannot be switched on until an admin has confirmed it. The web page and the API
// both call the functions here.

/** The blocker path of a pending review (the activation box links it to the review page). */
export const MAPPING_REVIEW = 'mappingReview';

export interface MappingReviewItem {
  /** The setting, e.g. "hours.workTypeByHourType.ORD". */
  path: string;
  /** The mapping in Norwegian, e.g. "Arbeidstype for timetype ORD". */
  mapping: string;
  kind: LookupKind;
  /** The stored id or product number. */
  value: string;
  /** The value in words without any name, e.g. "avdeling 2" (never «department:2»). */
  valueText: string;
  /** Its name in the client the mappings were made for, when that was read. */
  previousName: string | null;
  /** Its name in the connected client; null when that client does not have it. */
  currentName: string | null;
  found: boolean;
}

export interface MappingReview {
  state: IntegrationMappingReviewRow['state'];
  fromClient: string | null;
  toClient: string | null;
  requestedAt: string | null;
  requestedBy: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  /** The settings version the items describe (a confirmation names it). */
  version: number;
  /** false when the connected client's lists could not be read (`message` says why). */
  checked: boolean;
  message: string | null;
  items: MappingReviewItem[];
}

/** The name a live list item goes by in a review, e.g. "Maskin: Gravemaskin". */
function itemName(kind: LookupKind, item: LookupItem): string {
  if (kind === 'dimensions' && typeof item.typeName === 'string') return `${item.typeName}: ${item.name}`;
  return item.name;
}

function matchOf(items: LookupItem[], ref: Reference): LookupItem | undefined {
  return items.find((item) => String(item[ref.field]) === ref.value);
}

/**
 * Names of the mapped values in the client a connection currently reaches (path → name), read
 * under the user-request deadline; whatever could not be read is left out.
 * @example const names = await readMappingNames(liveListsFor(deps, ws), settings);
 */
export async function readMappingNames(
  lists: LiveLists,
  settings: IntegrationSettings,
): Promise<Record<string, string>> {
  const refs = referencesOf(settings);
  const kinds = [...new Set(refs.map((r) => r.kind))];
  const settled = await settleWithin(
    kinds.map((kind) => () => lists.list(kind)),
    USER_REQUEST_DEADLINE_MS,
  );
  const names: Record<string, string> = {};
  for (const [i, kind] of kinds.entries()) {
    const outcome = settled[i];
    if (!outcome.finished || !outcome.value.ok) continue;
    const items = outcome.value.items;
    for (const ref of refs.filter((r) => r.kind === kind)) {
      const item = matchOf(items, ref);
      if (item) names[ref.path] = itemName(kind, item);
    }
  }
  return names;
}

async function loadRow(db: Db, workspaceId: string): Promise<IntegrationMappingReviewRow | undefined> {
  return db
    .selectFrom('integration_mapping_reviews')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

/**
 * The client the mappings answer to, remembered across a disconnect (so a later login on
 * another client is still seen as a switch).
 * @example const last = await lastMappedClient(db, workspaceId); // { identityId, name } | null
 */
export async function lastMappedClient(
  db: Db,
  workspaceId: string,
): Promise<{ identityId: string; name: string; names: Record<string, string> } | null> {
  const row = await loadRow(db, workspaceId);
  if (!row) return null;
  return { identityId: row.identity_id, name: row.client_name, names: parseNames(row.previous_names) };
}

function parseNames(text: string | null): Record<string, string> {
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
}

/**
 * Records the client a connection was just saved for. On a switch to another client with
 * mappings in place a review is opened (or kept open: its old client and names stay those the
 * mappings were made for); a login back on that very client closes it again. `names` are the
 * mapped values' names in the client being left, when they could be read.
 * @example await recordMappedClient(db, clock, { workspaceId, actor, client, names, hasMappings: true });
 */
export async function recordMappedClient(
  db: Db,
  clock: () => Date,
  request: {
    workspaceId: string;
    actor: string;
    client: { identityId: string; name: string };
    /** The client before this login (the connection's, or the remembered one). */
    previous: { identityId: string; name: string } | null;
    names: Record<string, string>;
    hasMappings: boolean;
  },
): Promise<{ reviewOpened: boolean }> {
  const at = nowIso(clock);
  const row = await loadRow(db, request.workspaceId);
  const same = (a: string | null | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
  const base = {
    identity_id: request.client.identityId,
    client_name: request.client.name,
    updated_at: at,
  };
  let values: Omit<IntegrationMappingReviewRow, 'workspace_id'>;
  if (row?.state === 'pending' && same(row.from_identity_id, request.client.identityId)) {
    // Back on the client the mappings were made for: they mean what they meant.
    values = { ...row, ...base, state: 'none', from_identity_id: null, from_client_name: null };
  } else if (row?.state === 'pending') {
    values = { ...row, ...base };
  } else if (request.previous && !same(request.previous.identityId, request.client.identityId)) {
    if (!request.hasMappings) {
      values = emptyRow(base);
    } else {
      // Names kept at a disconnect are the previous client's; after a confirmed review the
      // stored names are those of the client before that one, so they are not used.
      const remembered =
        row?.state === 'none' && same(row.identity_id, request.previous.identityId)
          ? parseNames(row.previous_names)
          : {};
      values = {
        ...base,
        state: 'pending',
        from_identity_id: request.previous.identityId,
        from_client_name: request.previous.name,
        previous_names: JSON.stringify({ ...remembered, ...request.names }),
        requested_at: at,
        requested_by: request.actor,
        confirmed_at: null,
        confirmed_by: null,
      };
    }
  } else {
    values = row ? { ...row, ...base } : emptyRow(base);
  }
  await db
    .insertInto('integration_mapping_reviews')
    .values({ workspace_id: request.workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
  return { reviewOpened: values.state === 'pending' && row?.state !== 'pending' };
}

function emptyRow(base: {
  identity_id: string;
  client_name: string;
  updated_at: string;
}): Omit<IntegrationMappingReviewRow, 'workspace_id'> {
  return {
    ...base,
    state: 'none',
    from_identity_id: null,
    from_client_name: null,
    previous_names: null,
    requested_at: null,
    requested_by: null,
    confirmed_at: null,
    confirmed_by: null,
  };
}

/**
 * Keeps the names of the mapped values in the client being disconnected, so a review after a
 * later login on another client can still say what the ids meant (only while no review is open:
 * an open review keeps the names of the client the mappings were made for).
 * @example await rememberMappingNames(db, clock, workspaceId, client, names);
 */
export async function rememberMappingNames(
  db: Db,
  clock: () => Date,
  workspaceId: string,
  client: { identityId: string; name: string },
  names: Record<string, string>,
): Promise<void> {
  const row = await loadRow(db, workspaceId);
  if (row?.state === 'pending') return;
  const values: Omit<IntegrationMappingReviewRow, 'workspace_id'> = {
    ...emptyRow({ identity_id: client.identityId, client_name: client.name, updated_at: nowIso(clock) }),
    previous_names: JSON.stringify(names),
  };
  await db
    .insertInto('integration_mapping_reviews')
    .values({ workspace_id: workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
}

/**
 * The review as the page and `GET /integration/mapping-review` show it: every mapping with the
 * connected client's name (read live, cached) beside the name it had before.
 * @example const review = await getMappingReview(deps, workspaceId);
 */
export async function getMappingReview(
  deps: ConnectionDeps,
  workspaceId: string,
  lists: LiveLists = liveListsFor(deps, workspaceId),
): Promise<MappingReview> {
  const [row, stored, status] = await Promise.all([
    loadRow(deps.db, workspaceId),
    getSettings(deps.db, workspaceId),
    getConnectionStatus(deps.db, workspaceId),
  ]);
  const previous = row?.state === 'none' ? {} : parseNames(row?.previous_names ?? null);
  const refs = referencesOf(stored.settings);
  const read = new Map<LookupKind, LookupResult>();
  let failure: Extract<LookupResult, { ok: false }> | null = null;
  const items: MappingReviewItem[] = [];
  for (const ref of refs) {
    let list = read.get(ref.kind);
    if (!list && !failure && status.state !== 'not_connected') {
      list = await lists.list(ref.kind);
      read.set(ref.kind, list);
      if (!list.ok) failure = list;
    }
    const item = list?.ok ? matchOf(list.items, ref) : undefined;
    items.push({
      path: ref.path,
      mapping: ref.mapping,
      kind: ref.kind,
      value: ref.value,
      valueText: describeValue(ref.kind, ref.value),
      previousName: previous[ref.path] ?? null,
      currentName: item ? itemName(ref.kind, item) : null,
      found: item !== undefined,
    });
  }
  const notRead = status.state === 'not_connected' ? status.message : failure?.message;
  return {
    state: row?.state ?? 'none',
    fromClient: row?.state === 'none' ? null : (row?.from_client_name ?? null),
    toClient: status.client?.name ?? null,
    requestedAt: row?.requested_at ?? null,
    requestedBy: row?.requested_by ?? null,
    confirmedAt: row?.confirmed_at ?? null,
    confirmedBy: row?.confirmed_by ?? null,
    version: stored.version,
    checked: notRead === undefined || refs.length === 0,
    message: refs.length === 0 ? null : (notRead ?? null),
    items,
  };
}

export type ConfirmReviewResult =
  | { ok: true; review: MappingReview }
  | { ok: false; code: 'conflict' | 'rule_violation' | 'unreachable'; message: string };

/**
 * An admin confirms that the mappings, as named in the connected client, are what they want.
 * Refused when nothing is to be confirmed, the connection is down, the lists cannot be read
 * (nobody can confirm names they were not shown), or the settings moved on since
 * `expectedVersion`. Audited as «Koblinger: gjennomgått etter bytte av klient».
 * @example const r = await confirmMappingReview(deps, { workspaceId, actor, expectedVersion: 7 });
 */
export async function confirmMappingReview(
  deps: ConnectionDeps,
  request: { workspaceId: string; actor: string; expectedVersion?: number },
): Promise<ConfirmReviewResult> {
  const row = await loadRow(deps.db, request.workspaceId);
  if (row?.state !== 'pending') {
    return {
      ok: false,
      code: 'conflict',
      message: 'Det er ingen gjennomgang av koblinger som venter på bekreftelse.',
    };
  }
  const review = await getMappingReview(deps, request.workspaceId);
  if (request.expectedVersion !== undefined && request.expectedVersion !== review.version) {
    return {
      ok: false,
      code: 'conflict',
      message: 'Koblingene ble endret etter at du så dem. Se over gjennomgangen på nytt og bekreft igjen.',
    };
  }
  if (!review.checked) {
    const status = await getConnectionStatus(deps.db, request.workspaceId);
    return {
      ok: false,
      code: status.state === 'unreachable' ? 'unreachable' : 'rule_violation',
      message: `Koblingene kan ikke bekreftes før de kan leses fra 24SevenOffice: ${review.message ?? status.message}`,
    };
  }
  const at = nowIso(deps.clock);
  const confirmed = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('integration_mapping_reviews')
      .set({ state: 'confirmed', confirmed_at: at, confirmed_by: request.actor, updated_at: at })
      .where('workspace_id', '=', request.workspaceId)
      .where('state', '=', 'pending')
      .where('identity_id', '=', row.identity_id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await writeAudit(
      trx,
      { workspaceId: request.workspaceId, actor: request.actor, at, version: review.version },
      [{ path: 'mappings.reviewConfirmed', oldValue: row.from_client_name, newValue: row.client_name }],
    );
    return true;
  });
  if (!confirmed) {
    return {
      ok: false,
      code: 'conflict',
      message: 'Gjennomgangen ble endret i mellomtiden. Last siden på nytt.',
    };
  }
  return {
    ok: true,
    review: { ...review, state: 'confirmed', confirmedAt: at, confirmedBy: request.actor },
  };
}

/**
 * A pending review blocks activation while the connection is on the client it was opened for.
 * @example blockers.push(...(await mappingReviewBlockers(db, workspaceId, status)));
 */
export async function mappingReviewBlockers(
  db: Db,
  workspaceId: string,
  status: ConnectionStatus,
): Promise<{ path: string; message: string }[]> {
  const row = await loadRow(db, workspaceId);
  if (row?.state !== 'pending') return [];
  return [
    {
      path: MAPPING_REVIEW,
      message: `Se over og bekreft koblingene for klienten «${status.client?.name ?? row.client_name}» (de ble laget for «${row.from_client_name ?? ''}»)`,
    },
  ];
}
