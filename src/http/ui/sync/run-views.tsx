import type { RunRecord, SyncRun } from '../../../integration/sync/runs.ts';
import { formatDateTime } from '../format.ts';
import {
  ACTION_LABEL,
  DRY_ACTION_LABEL,
  ENTITY_SINGULAR,
  isLive,
  runKindLabel,
  TRIGGER_LABEL,
} from './labels.ts';
import type { RecordLabel } from './queries.ts';
import { COUNT_COLUMNS, capitalise, POLL, RecordName, RetryForm, RunStateBadge, runHref } from './views.tsx';

// A synchronisation's page: its facts and counts, the records that failed with their reasons,
// and what it did with the rest; refreshes itself while the run is live.
/**
 * A run's facts, counts and failed records; refreshes itself like the log while the run is live.
 */
export function RunDetail({
  run,
  failures,
  others,
  labels,
  stillFailed,
  csrfToken,
}: {
  run: SyncRun;
  failures: RunRecord[];
  others: RunRecord[];
  labels: Map<string, RecordLabel>;
  /** How many of this run's failures are still failed (so «Prøv igjen» has something to do). */
  stillFailed: number;
  csrfToken: string;
}) {
  const live = isLive(run);
  return (
    <div
      id="synk-detalj"
      data-live={live ? 'true' : 'false'}
      hx-get={live ? `${runHref(run)}/status` : undefined}
      hx-trigger={live ? POLL : undefined}
      hx-swap={live ? 'outerHTML' : undefined}
    >
      <section class="card" aria-labelledby="synk-fakta">
        <h2 id="synk-fakta">
          Tilstand <RunStateBadge run={run} />
        </h2>
        {run.message && (
          <p class={run.state === 'failed' ? 'notice notice-error' : 'notice notice-info'} role="status">
            {run.message}
          </p>
        )}
        {run.resumes > 0 && (
          <p class="notice notice-info" role="note" data-resumes={run.resumes}>
            {resumedText(run.resumes)}
          </p>
        )}
        {run.dryRun && (
          <p class="notice notice-info" role="note">
            Prøvekjøring: tallene viser hva som ville skjedd. Ingenting ble sendt til 24SevenOffice eller
            endret her.
          </p>
        )}
        <dl class="facts" style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0">
          <dt>Type</dt>
          <dd style="margin:0">{capitalise(runKindLabel(run.entity))}</dd>
          <dt>Utløst</dt>
          <dd style="margin:0">{TRIGGER_LABEL[run.trigger]}</dd>
          <dt>Startet</dt>
          <dd style="margin:0">{run.startedAt ? formatDateTime(run.startedAt) : 'ikke ennå'}</dd>
          <dt>Ferdig</dt>
          <dd style="margin:0">{run.endedAt ? formatDateTime(run.endedAt) : '–'}</dd>
          {COUNT_COLUMNS.map(([key, label]) => (
            <>
              <dt>{label}</dt>
              <dd style="margin:0" data-count={key}>
                {run.counts[key]}
              </dd>
            </>
          ))}
          <dt>24SO-kall</dt>
          <dd style="margin:0" data-count="calls">
            {run.calls}
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="synk-feilet">
        <h2 id="synk-feilet">Feilet</h2>
        {failures.length === 0 ? (
          <p class="empty">{live ? 'Ingen feil så langt.' : 'Ingen poster feilet.'}</p>
        ) : (
          <>
            <RunRecordTable records={failures} labels={labels} dryRun={run.dryRun} />
            {!live && !run.dryRun && stillFailed > 0 && (
              <RetryForm csrfToken={csrfToken} count={stillFailed} entity={run.entity ?? undefined} />
            )}
          </>
        )}
      </section>
      {others.length > 0 && (
        <section class="card" aria-labelledby="synk-poster">
          <h2 id="synk-poster">{run.dryRun ? 'Dette ville skjedd' : 'Dette skjedde'}</h2>
          <RunRecordTable records={others} labels={labels} dryRun={run.dryRun} />
        </section>
      )}
    </div>
  );
}

/**
 * What the admin reads on a run that lost its job and was given a new one (decision 81): the run
 * went on, but a worker stopped or crashed on the way, which that worker's log explains.
 */
function resumedText(resumes: number): string {
  const times = resumes === 1 ? '1 gang' : `${resumes} ganger`;
  return `Jobben som kjørte synkroniseringen ble borte underveis, og synkroniseringen ble gjenopptatt ${times}.`;
}

function RunRecordTable({
  records,
  labels,
  dryRun,
}: {
  records: RunRecord[];
  labels: Map<string, RecordLabel>;
  dryRun: boolean;
}) {
  return (
    <table class="list sync-records">
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Post</th>
          <th scope="col">Hva</th>
          <th scope="col">Årsak</th>
          <th scope="col">24SO-id</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr data-action={r.action}>
            <td>{capitalise(ENTITY_SINGULAR[r.entity])}</td>
            <td>
              <RecordName
                entity={r.entity}
                localId={r.localId}
                label={labels.get(`${r.entity}:${r.localId}`)}
                fallback={r.label}
              />
            </td>
            <td class="nowrap">{(dryRun ? DRY_ACTION_LABEL : ACTION_LABEL)[r.action]}</td>
            <td data-reason>{r.reason ?? ''}</td>
            <td>{r.remoteId ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
