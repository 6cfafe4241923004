import type { RunCounts, SyncRun } from '../../../integration/sync/runs.ts';
import type { RecordState, SyncEntity } from '../../../integration/sync/tables.ts';
import { CsrfField } from '../components/form.tsx';
import { FORM_TOKEN_FIELD } from '../components/form-once.ts';
import { formatDateTime } from '../format.ts';
import {
  ENTITY_PARAM,
  ENTITY_PATH,
  ENTITY_PLURAL,
  isLive,
  RECORD_STATE_LABEL,
  runKindLabel,
  runStateLabel,
  STATE_PARAM,
  SYNC_BASE,
  SYNC_KINDS,
  TRIGGER_LABEL,
} from './labels.ts';
import type { RecordLabel } from './queries.ts';

// The pieces of the Synkronisering pages: the «Synkroniser nå» form, the state summary, the
// run log (which refreshes itself while a run is live); a run's page is in run-views.tsx, the
// per-record list in record-views.tsx.

/** How often a live run's page asks for news (htmx polling; it stops when the run ends). */
export const POLL = 'every 2s';

export const COUNT_COLUMNS: [keyof RunCounts, string][] = [
  ['created', 'Opprettet'],
  ['updated', 'Oppdatert'],
  ['unchanged', 'Uendret'],
  ['imported', 'Hentet inn'],
  ['skipped', 'Hoppet over'],
  ['failed', 'Feilet'],
];

export const runHref = (run: { id: string }) => `${SYNC_BASE}/logg/${encodeURIComponent(run.id)}`;

/** The href of a workspace record's page, when it has one. */
export function recordHref(entity: SyncEntity, localId: string | null): string | undefined {
  const base = ENTITY_PATH[entity];
  return base && localId ? `${base}/${encodeURIComponent(localId)}` : undefined;
}

/** «Kunde 10001 – Nordvik Bygg AS», linked to its page when it has one. */
export function RecordName({
  entity,
  localId,
  label,
  fallback,
}: {
  entity: SyncEntity;
  localId: string | null;
  label: RecordLabel | undefined;
  fallback?: string;
}) {
  const textOf = label ? `${label.number} – ${label.name}` : (fallback ?? localId ?? '–');
  const href = label && !label.deleted ? recordHref(entity, localId) : undefined;
  return (
    <>
      {href ? <a href={href}>{textOf}</a> : textOf}
      {label?.deleted && ' (slettet)'}
    </>
  );
}

/**
 * «Synkroniser nå» for all kinds or one, with «Prøvekjøring» (writes nothing). The form carries
 * a single-use token, so a double click starts one synchronisation (and the engine joins a live
 * one anyway).
 */
export function StartForm({
  csrfToken,
  formToken,
  enabled,
}: {
  csrfToken: string;
  formToken: string;
  enabled: boolean;
}) {
  return (
    <section class="card" aria-labelledby="synk-na">
      <h2 id="synk-na">Synkroniser nå</h2>
      {!enabled && (
        <p class="notice notice-info" role="note">
          Integrasjonen er slått av, så ingenting sendes til 24SevenOffice. Slå den på under{' '}
          <a href="/integrasjoner/24sevenoffice/innstillinger">24SevenOffice → Innstillinger</a>. En
          prøvekjøring kan du gjøre likevel.
        </p>
      )}
      <form method="post" action={`${SYNC_BASE}/start`} class="sync-start">
        <CsrfField token={csrfToken} />
        <input type="hidden" name={FORM_TOKEN_FIELD} value={formToken} />
        <div class="field field-checkbox">
          <input type="checkbox" id="synk-prove" name="prove" value="1" checked={!enabled} />
          <label for="synk-prove">
            Prøvekjøring – vis hva som ville skjedd, uten å sende eller endre noe
          </label>
        </div>
        <div class="form-actions">
          <button type="submit" name="type" value="alle">
            Synkroniser alle
          </button>
          {SYNC_KINDS.map((kind) => (
            <button type="submit" name="type" value={ENTITY_PARAM[kind]} class="secondary">
              Synkroniser {ENTITY_PLURAL[kind]}
            </button>
          ))}
        </div>
      </form>
    </section>
  );
}

/** Per kind: how many records are sent, waiting, failed or skipped, each a link to the list. */
export function StateSummary({
  counts,
  csrfToken,
}: {
  counts: { entity: SyncEntity; byState: Record<RecordState, number> }[];
  csrfToken: string;
}) {
  const states: RecordState[] = ['synced', 'pending', 'failed', 'skipped'];
  const failed = counts.reduce((n, c) => n + c.byState.failed, 0);
  return (
    <section class="card" aria-labelledby="synk-status">
      <h2 id="synk-status">Poster</h2>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Type</th>
            {states.map((s) => (
              <th scope="col" class="num">
                {RECORD_STATE_LABEL[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {counts.map(({ entity, byState }) => (
            <tr>
              <th scope="row">
                <a href={`${SYNC_BASE}/poster?type=${ENTITY_PARAM[entity]}`}>
                  {capitalise(ENTITY_PLURAL[entity])}
                </a>
              </th>
              {states.map((s) => (
                <td class="num">
                  {byState[s] > 0 ? (
                    <a href={`${SYNC_BASE}/poster?type=${ENTITY_PARAM[entity]}&tilstand=${stateParam(s)}`}>
                      {byState[s]}
                    </a>
                  ) : (
                    '0'
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {failed > 0 && <RetryForm csrfToken={csrfToken} count={failed} />}
    </section>
  );
}

/** «Prøv igjen»: sends the failed records again (of one kind, or all). */
export function RetryForm({
  csrfToken,
  count,
  entity,
}: {
  csrfToken: string;
  count: number;
  entity?: SyncEntity;
}) {
  return (
    <form method="post" action={`${SYNC_BASE}/prov-igjen`} class="form-actions">
      <CsrfField token={csrfToken} />
      {entity && <input type="hidden" name="type" value={ENTITY_PARAM[entity]} />}
      <button type="submit">Prøv igjen</button>
      <span class="field-hint">
        {count === 1 ? '1 post feilet' : `${count} poster feilet`}; de sendes på nytt.
      </span>
    </form>
  );
}

/**
 * The run log, newest first. While a run is live the block asks for itself again every two
 * seconds and replaces itself; once every run has ended it is rendered without the trigger, so
 * the polling stops.
 */
export function RunLog({ runs }: { runs: SyncRun[] }) {
  const live = runs.some(isLive);
  return (
    <section
      id="synk-logg"
      class="card"
      aria-labelledby="synk-logg-tittel"
      data-live={live ? 'true' : 'false'}
      hx-get={live ? `${SYNC_BASE}/logg` : undefined}
      hx-trigger={live ? POLL : undefined}
      hx-swap={live ? 'outerHTML' : undefined}
    >
      <h2 id="synk-logg-tittel">Logg</h2>
      {runs.length === 0 ? (
        <p class="empty">Ingen synkroniseringer ennå.</p>
      ) : (
        <div class="table-scroll">
          <table class="list sync-runs">
            <thead>
              <tr>
                <th scope="col">Tid</th>
                <th scope="col">Type</th>
                <th scope="col">Utløst</th>
                <th scope="col">Tilstand</th>
                {COUNT_COLUMNS.map(([, label]) => (
                  <th scope="col" class="num">
                    {label}
                  </th>
                ))}
                <th scope="col" class="num">
                  24SO-kall
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr data-run={run.id} data-state={run.state}>
                  <td class="nowrap">
                    <a href={runHref(run)}>{shortDateTime(run.startedAt ?? run.createdAt)}</a>
                    {run.endedAt && `–${endTime(run)}`}
                  </td>
                  <td>
                    {capitalise(runKindLabel(run.entity))}
                    {run.dryRun && <span class="badge"> prøvekjøring</span>}
                  </td>
                  <td>{TRIGGER_LABEL[run.trigger]}</td>
                  <td>
                    <RunStateBadge run={run} />
                  </td>
                  {COUNT_COLUMNS.map(([key]) => (
                    <td class="num">{run.counts[key]}</td>
                  ))}
                  <td class="num">{run.calls}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A run's state as a badge: green when done without failures, red when failed. */
export function RunStateBadge({ run }: { run: SyncRun }) {
  const cls =
    run.state === 'failed' || (run.state === 'done' && run.counts.failed > 0)
      ? 'badge off'
      : run.state === 'done'
        ? 'badge ok'
        : 'badge';
  return (
    <span class={cls} data-run-state={run.state} title={run.message ?? undefined}>
      {runStateLabel(run)}
    </span>
  );
}

/** «30.11. kl. 14:05» (the year is on the run's page). */
function shortDateTime(iso: string): string {
  return formatDateTime(iso).replace(/^(\d\d\.\d\d\.)\d{4}/, '$1');
}

/** When a run ended: «14:52» when it ended the day it started, else the date and time. */
function endTime(run: SyncRun): string {
  const start = formatDateTime(run.startedAt ?? run.createdAt);
  const end = formatDateTime(run.endedAt);
  return start.slice(0, 10) === end.slice(0, 10) ? end.slice(15) : end;
}

function stateParam(state: RecordState): string {
  return Object.entries(STATE_PARAM).find(([, s]) => s === state)?.[0] ?? '';
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
