import type { SyncRun } from '../../../integration/sync/runs.ts';
import { formatDateTime } from '../format.ts';
import { runKindLabel, SYNC_BASE } from './labels.ts';
import { capitalise, RunStateBadge, runHref } from './views.tsx';

/**
 * «Siste synkronisering» as rows of a facts list (on the Integrasjoner card): when, what, its
 * state and counts, linked to the run's page; «ingen ennå» before the first one.
 * @example <dl><LastRunFacts run={runs[0]} /></dl>
 */
export function LastRunFacts({ run }: { run: SyncRun | undefined }) {
  return (
    <>
      <dt>Siste synkronisering</dt>
      <dd style="margin:0" data-last-run={run?.state ?? 'none'}>
        {run ? (
          <>
            <a href={runHref(run)}>{formatDateTime(run.startedAt ?? run.createdAt)}</a>{' '}
            <RunStateBadge run={run} />
            <br />
            <span class="field-hint">
              {capitalise(runKindLabel(run.entity))}
              {run.dryRun && ', prøvekjøring'}: {run.counts.created} opprettet, {run.counts.updated}{' '}
              oppdatert, {run.counts.imported} hentet inn, {run.counts.failed} feilet
            </span>
          </>
        ) : (
          'ingen ennå'
        )}
      </dd>
    </>
  );
}

/**
 * A small card with the last synchronisation and the way to Synkronisering (settings page).
 * @example <LastRunCard run={runs[0]} />
 */
export function LastRunCard({ run }: { run: SyncRun | undefined }) {
  return (
    <section class="card last-sync" aria-labelledby="siste-synk">
      <h2 id="siste-synk">Synkronisering</h2>
      <dl
        class="facts"
        style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 .5rem"
      >
        <LastRunFacts run={run} />
      </dl>
      <a class="button secondary" href={SYNC_BASE}>
        Til Synkronisering
      </a>
    </section>
  );
}
