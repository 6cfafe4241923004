import { getRecord, getRecords, type SyncRecord } from '../../../integration/sync/records.ts';
import type { SyncEntity } from '../../../integration/sync/tables.ts';
import type { ColumnSpec } from '../components/resource-spec.ts';
import type { SessionUser, UiDeps } from '../context.ts';
import { formatDateTime } from '../format.ts';
import { RECORD_STATE_CLASS, RECORD_STATE_LABEL, SYNC_BASE } from './labels.ts';

// The small 24SO badge beside each customer, project and product: in the register lists (one
// query per list page, never one per row) and on each record's page. Everything the register
// views need is in this file, so adding the badge to a list is one line there.

/** The badge's words: a record that came from 24SO says «hentet inn» instead of «sendt». */
function badgeText(record: SyncRecord): string {
  if (record.state === 'synced' && record.origin === 'import') return 'hentet inn';
  return RECORD_STATE_LABEL[record.state];
}

/** The hover text: the reason first (what to fix), then the 24SO id. */
function badgeTitle(record: SyncRecord): string {
  const parts: string[] = [];
  if (record.reason) parts.push(record.reason);
  if (record.remoteId) parts.push(`24SO-id ${record.remoteId}`);
  if (record.lastSyncedAt) parts.push(`sist synkronisert ${formatDateTime(record.lastSyncedAt)}`);
  return parts.join(' · ') || 'Ikke synkronisert ennå';
}

/**
 * The 24SO badge of one record: «24SO sendt» (green), «venter», «feilet» (red) or «hoppet over»,
 * with the reason and the 24SO id on hover; a dash for a record never synchronised.
 * @example <TwentyFourBadge record={states.get(customer.id)} />
 */
export function TwentyFourBadge({ record }: { record: SyncRecord | undefined }) {
  if (!record) {
    return (
      <span class="twentyfour-none" title="Ikke synkronisert med 24SevenOffice ennå">
        –
      </span>
    );
  }
  return (
    <span
      class={`${RECORD_STATE_CLASS[record.state]} twentyfour`}
      data-twentyfour={record.state}
      title={badgeTitle(record)}
    >
      24SO {badgeText(record)}
    </span>
  );
}

/**
 * The list's columns with a «24SO» column added when any record on the page has a sync state;
 * the states are read with one query for the whole page.
 * @example const cols = await withTwentyFourColumn(deps, session, 'customer', spec.columns, page.items);
 */
export async function withTwentyFourColumn<T extends { id: string }>(
  deps: UiDeps,
  session: SessionUser,
  entity: SyncEntity | undefined,
  columns: ColumnSpec<T>[],
  items: readonly T[],
): Promise<ColumnSpec<T>[]> {
  if (!entity || items.length === 0) return columns;
  const states = await getRecords(
    deps.db,
    session.workspaceId,
    entity,
    items.map((i) => i.id),
  );
  if (states.size === 0) return columns;
  return [...columns, { label: '24SO', cell: (item: T) => <TwentyFourBadge record={states.get(item.id)} /> }];
}

/**
 * The record page's 24SO box: state, 24SO id, when last synchronised, and the reason when it
 * failed or was skipped, with a way to the Synkronisering page. Nothing for a record never synced.
 * @example {await twentyFourBoxFor(deps, session, 'customer', item.id)}
 */
export async function twentyFourBoxFor(
  deps: UiDeps,
  session: SessionUser,
  entity: SyncEntity | undefined,
  localId: string,
) {
  if (!entity) return null;
  const record = await getRecord(deps.db, session.workspaceId, entity, localId);
  if (!record) return null;
  return <TwentyFourBox record={record} />;
}

/** The box itself (see twentyFourBoxFor). */
export function TwentyFourBox({ record }: { record: SyncRecord }) {
  return (
    <section class="card twentyfour-box" aria-labelledby="twentyfour-status" data-twentyfour={record.state}>
      <h2 id="twentyfour-status">
        24SevenOffice <TwentyFourBadge record={record} />
      </h2>
      {record.reason && (
        <p class={record.state === 'failed' ? 'field-error' : undefined} data-reason>
          {record.reason}
        </p>
      )}
      <dl
        class="facts"
        style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 .5rem"
      >
        <dt>24SO-id</dt>
        <dd style="margin:0">{record.remoteId ?? '–'}</dd>
        <dt>Sist synkronisert</dt>
        <dd style="margin:0">{record.lastSyncedAt ? formatDateTime(record.lastSyncedAt) : '–'}</dd>
        {record.state === 'failed' && (
          <>
            <dt>Forsøk</dt>
            <dd style="margin:0">{record.attempts}</dd>
            <dt>Prøves igjen</dt>
            <dd style="margin:0">
              {record.nextRetryAt
                ? formatDateTime(record.nextRetryAt)
                : 'når den endres eller ved «Prøv igjen»'}
            </dd>
          </>
        )}
        {record.origin === 'import' && (
          <>
            <dt>Kilde</dt>
            <dd style="margin:0">Hentet inn fra 24SevenOffice</dd>
          </>
        )}
      </dl>
      <a href={SYNC_BASE}>Til Synkronisering</a>
    </section>
  );
}
