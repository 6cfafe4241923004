import type { SyncRecord } from '../../../integration/sync/records.ts';
import { formatDateTime } from '../format.ts';
import { TwentyFourBadge } from './badge.tsx';
import {
  ENTITY_PARAM,
  ENTITY_PLURAL,
  ENTITY_SINGULAR,
  RECORD_STATE_LABEL,
  STATE_PARAM,
  SYNC_BASE,
  SYNC_KINDS,
} from './labels.ts';
import type { RecordLabel } from './queries.ts';
import { capitalise, RecordName } from './views.tsx';

// The per-record states of the synchronisation, filtered by kind and state.
/** The filter of the per-record list: kind and state, as a GET form. */
export function RecordFilter({ type, state }: { type: string; state: string }) {
  return (
    <form method="get" action={`${SYNC_BASE}/poster`} class="filters" aria-label="Filter">
      <div class="field">
        <label for="filter-type">Type</label>
        <select id="filter-type" name="type">
          <option value="">Alle</option>
          {SYNC_KINDS.map((k) => (
            <option value={ENTITY_PARAM[k]} selected={type === ENTITY_PARAM[k]}>
              {capitalise(ENTITY_PLURAL[k])}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-tilstand">Tilstand</label>
        <select id="filter-tilstand" name="tilstand">
          <option value="">Alle</option>
          {Object.entries(STATE_PARAM).map(([param, s]) => (
            <option value={param} selected={state === param}>
              {capitalise(RECORD_STATE_LABEL[s])}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        Vis
      </button>
      <a href={`${SYNC_BASE}/poster`}>Nullstill</a>
    </form>
  );
}

/** The per-record states: each record with its badge, reason, 24SO id and last sync. */
export function RecordStateTable({
  records,
  labels,
  filtered,
}: {
  records: SyncRecord[];
  labels: Map<string, RecordLabel>;
  /** A type or state is chosen: an empty list says the choice found nothing, not that none exist. */
  filtered: boolean;
}) {
  if (records.length === 0) {
    return filtered ? (
      <p class="empty">Ingen poster med denne tilstanden.</p>
    ) : (
      <p class="empty">
        Ingen poster er med i synkroniseringen ennå. En post får sin tilstand her første gang en
        synkronisering tar den med.
      </p>
    );
  }
  return (
    <table class="list sync-record-states">
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Post</th>
          <th scope="col">Tilstand</th>
          <th scope="col">Årsak</th>
          <th scope="col">24SO-id</th>
          <th scope="col">Sist synkronisert</th>
          <th scope="col" class="num">
            Forsøk
          </th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr data-state={r.state}>
            <td>{capitalise(ENTITY_SINGULAR[r.entity])}</td>
            <td>
              <RecordName
                entity={r.entity}
                localId={r.localId}
                label={labels.get(`${r.entity}:${r.localId}`)}
              />
            </td>
            <td>
              <TwentyFourBadge record={r} />
            </td>
            <td data-reason>{r.reason ?? ''}</td>
            <td>{r.remoteId ?? ''}</td>
            <td>{r.lastSyncedAt ? formatDateTime(r.lastSyncedAt) : '–'}</td>
            <td class="num">{r.attempts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
