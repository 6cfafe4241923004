import type { Context } from 'hono';
import { Hono } from 'hono';
import { getSettings } from '../../../integration/settings.ts';
import { getRecords } from '../../../integration/sync/records.ts';
import {
  getRunDetail,
  listRuns,
  listSyncRecords,
  retryFailed,
  type StartDeps,
  startSync,
} from '../../../integration/sync/service.ts';
import type { SyncEntity } from '../../../integration/sync/tables.ts';
import { HttpError } from '../../errors.ts';
import { claimFormToken, FORM_TOKEN_FIELD, newFormToken } from '../components/form-once.ts';
import { Notice, Page } from '../components/layout.tsx';
import { formBody, sessionOf } from '../components/request.ts';
import { PageHead, withQuery } from '../components/resource-views.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { formatDateTime } from '../format.ts';
import {
  ENTITY_PARAM,
  ENTITY_PLURAL,
  runKindLabel,
  STATE_PARAM,
  SYNC_BASE,
  SYNC_KINDS,
  type SyncKind,
} from './labels.ts';
import { countByState, labelsFor, liveRuns } from './queries.ts';
import { RecordFilter, RecordStateTable } from './record-views.tsx';
import { RunDetail } from './run-views.tsx';
import { capitalise, RunLog, runHref, StartForm, StateSummary } from './views.tsx';

// Integrasjoner → Synkronisering: «Synkroniser nå» (per kind or all, or as a dry run), the run
// log refreshing itself while a run is live, each run's failed records with their reasons,
// «Prøv igjen», and the per-record states. Every action goes through the sync engine's
// functions (integration/sync/service.ts); the pages only read and show.

/** Runs shown in the log. */
const LOG_SIZE = 30;
/** Records per page of the per-record list. */
const RECORD_PAGE = 100;

const NOTICES: Record<string, { text: string; kind: 'ok' | 'error' }> = {
  startet: { text: 'Synkroniseringen er startet. Siden oppdaterer seg selv til den er ferdig.', kind: 'ok' },
  pagar: {
    text: 'En synkronisering pågikk allerede; du ser den her. Den tar med det du ba om.',
    kind: 'ok',
  },
  'prover-igjen': { text: 'De feilede postene sendes på nytt.', kind: 'ok' },
  'ingen-feilet': { text: 'Ingen poster står som feilet; det er ingenting å prøve igjen.', kind: 'ok' },
};

/** The kind named by `type=` in a form or address; null = all; undefined = not a kind. */
function kindOf(param: string | undefined): SyncKind | null | undefined {
  if (!param || param === 'alle') return null;
  return SYNC_KINDS.find((k) => ENTITY_PARAM[k] === param);
}

/**
 * What the engine's start and retry functions need: the app's sync runtime's queue (the job
 * table; it wakes this process's worker at once when one runs here, `npm start`).
 */
export function syncStartDeps(deps: UiDeps): StartDeps {
  return { db: deps.db, clock: deps.clock, queue: deps.sync.queue };
}

/**
 * The Synkronisering pages under /integrasjoner/synkronisering.
 * @example ui.route('/integrasjoner/synkronisering', createSyncPageRoutes(deps));
 */
export function createSyncPageRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  const notice = (c: Context<UiEnv>) => {
    const n = NOTICES[c.req.query('melding') ?? ''];
    return n ? <Notice text={n.text} kind={n.kind} /> : null;
  };

  app.get('/', async (c) => {
    const session = sessionOf(c);
    const ws = session.workspaceId;
    const [stored, runs] = await Promise.all([
      getSettings(deps.db, ws),
      listRuns(deps.db, ws, { limit: LOG_SIZE }),
    ]);
    const counts: { entity: SyncEntity; byState: Awaited<ReturnType<typeof countByState>> }[] = [];
    for (const entity of SYNC_KINDS)
      counts.push({ entity, byState: await countByState(deps.db, ws, entity) });
    return c.html(
      <Page title="Synkronisering" session={session} path={c.req.path}>
        <PageHead
          title="Synkronisering"
          actions={
            <a class="button secondary" href={`${SYNC_BASE}/poster`}>
              Alle poster
            </a>
          }
        />
        <p>
          {capitalise(listWords(SYNC_KINDS.map((k) => ENTITY_PLURAL[k])))} mellom Broen og 24SevenOffice. Hva
          som flyttes, og hvilken vei, styres av{' '}
          <a href="/integrasjoner/24sevenoffice/innstillinger">innstillingene</a>.
        </p>
        {notice(c)}
        <StartForm csrfToken={session.csrfToken} formToken={newFormToken()} enabled={stored.enabled} />
        <StateSummary counts={counts} csrfToken={session.csrfToken} />
        <RunLog runs={runs} />
      </Page>,
    );
  });

  // The log alone, for htmx's polling while a run is live.
  app.get('/logg', async (c) => {
    const session = sessionOf(c);
    const runs = await listRuns(deps.db, session.workspaceId, { limit: LOG_SIZE });
    if (!c.req.header('hx-request')) return c.redirect(SYNC_BASE, 303);
    return c.html(<RunLog runs={runs} />);
  });

  app.post('/start', async (c) => {
    const session = sessionOf(c);
    const body = await formBody(c);
    const entity = kindOf(body.type);
    if (entity === undefined)
      throw new HttpError(422, 'Velg hva som skal synkroniseres: alle, kunder, prosjekter eller varer.');
    const dryRun = body.prove === '1';
    // A second submission of the same form (double click, resubmit) starts nothing new: it
    // lands on the live synchronisation, which the first submission started or joined.
    if (!(await claimFormToken(deps.db, session.workspaceId, body[FORM_TOKEN_FIELD], deps.clock))) {
      const live = (await liveRuns(deps.db, session.workspaceId)).find((r) => r.dryRun === dryRun);
      return c.redirect(live ? `${runHref(live)}?melding=pagar` : SYNC_BASE, 303);
    }
    const { run, joined } = await startSync(syncStartDeps(deps), {
      workspaceId: session.workspaceId,
      trigger: 'manual',
      entity,
      dryRun,
      requestedBy: session.email,
    });
    return c.redirect(`${runHref(run)}?melding=${joined ? 'pagar' : 'startet'}`, 303);
  });

  app.post('/prov-igjen', async (c) => {
    const session = sessionOf(c);
    const body = await formBody(c);
    const entity = kindOf(body.type) ?? null;
    const { run, joined } = await retryFailed(syncStartDeps(deps), {
      workspaceId: session.workspaceId,
      entity,
      trigger: 'manual',
      requestedBy: session.email,
    });
    if (run) return c.redirect(`${runHref(run)}?melding=${joined ? 'pagar' : 'prover-igjen'}`, 303);
    // Nothing failed any more: a second click lands on the retry the first one started.
    const live = (await liveRuns(deps.db, session.workspaceId)).find((r) => !r.dryRun);
    return c.redirect(live ? `${runHref(live)}?melding=pagar` : `${SYNC_BASE}?melding=ingen-feilet`, 303);
  });

  const loadDetail = async (c: Context<UiEnv>) => {
    const session = sessionOf(c);
    const detail = await getRunDetail(deps.db, session.workspaceId, c.req.param('id') ?? '');
    if (!detail) throw new HttpError(404, 'Fant ikke synkroniseringen. Den kan være for gammel til å vises.');
    const others = detail.records.filter((r) => r.action !== 'fail').slice(0, 500);
    const labels = await labelsFor(deps.db, session.workspaceId, [...detail.failures, ...others]);
    // Which of the run's failures are failed still (fixed or retried since, they are not).
    let stillFailed = 0;
    for (const entity of SYNC_KINDS) {
      const ids = detail.failures
        .filter((f) => f.entity === entity && f.localId)
        .map((f) => f.localId as string);
      if (ids.length === 0) continue;
      const states = await getRecords(deps.db, session.workspaceId, entity, ids);
      for (const s of states.values()) if (s.state === 'failed') stillFailed++;
    }
    const view = (
      <RunDetail
        run={detail}
        failures={detail.failures}
        others={others}
        labels={labels}
        stillFailed={stillFailed}
        csrfToken={session.csrfToken}
      />
    );
    return { session, detail, view };
  };

  app.get('/logg/:id', async (c) => {
    const { session, detail, view } = await loadDetail(c);
    const title = `Synkronisering ${formatDateTime(detail.startedAt ?? detail.createdAt)}`;
    return c.html(
      <Page title={title} session={session} path={c.req.path}>
        <PageHead title={title} />
        <p>
          <a href={SYNC_BASE}>← Synkronisering</a> · {capitalise(runKindLabel(detail.entity))}
          {detail.dryRun && ' · prøvekjøring'}
        </p>
        {notice(c)}
        {view}
      </Page>,
    );
  });

  // The run's block alone, for htmx's polling while it is live.
  app.get('/logg/:id/status', async (c) => {
    const { detail, view } = await loadDetail(c);
    if (!c.req.header('hx-request')) return c.redirect(runHref(detail), 303);
    return c.html(view);
  });

  app.get('/poster', async (c) => {
    const session = sessionOf(c);
    const typeParam = c.req.query('type') ?? '';
    const stateParam = c.req.query('tilstand') ?? '';
    const entity = kindOf(typeParam) ?? undefined;
    const state = STATE_PARAM[stateParam];
    const after = entity ? c.req.query('etter') || undefined : undefined;
    const records = await listSyncRecords(deps.db, session.workspaceId, {
      entity,
      state,
      after,
      limit: RECORD_PAGE + 1,
    });
    const more = records.length > RECORD_PAGE;
    const shown = records.slice(0, RECORD_PAGE);
    const labels = await labelsFor(deps.db, session.workspaceId, shown);
    const failed = state === 'failed' || !state ? shown.filter((r) => r.state === 'failed').length : 0;
    const last = shown.at(-1);
    const params = { type: entity ? typeParam : undefined, tilstand: state ? stateParam : undefined };
    return c.html(
      <Page title="Synkronisering – poster" session={session} path={c.req.path}>
        <PageHead title="Poster i 24SevenOffice-synkroniseringen" />
        <p>
          <a href={SYNC_BASE}>← Synkronisering</a>
        </p>
        <RecordFilter type={entity ? typeParam : ''} state={state ? stateParam : ''} />
        <RecordStateTable records={shown} labels={labels} filtered={Boolean(entity || state)} />
        {failed > 0 && (
          <form method="post" action={`${SYNC_BASE}/prov-igjen`} class="form-actions">
            <input type="hidden" name="_csrf" value={session.csrfToken} />
            {entity && <input type="hidden" name="type" value={typeParam} />}
            <button type="submit">Prøv igjen</button>
          </form>
        )}
        {more && (
          <nav class="pager" aria-label="Sider">
            {after && <a href={withQuery(`${SYNC_BASE}/poster`, params)}>« Første side</a>}
            {entity && last ? (
              <a href={withQuery(`${SYNC_BASE}/poster`, { ...params, etter: last.localId })} rel="next">
                Neste side »
              </a>
            ) : (
              <span class="field-hint">Viser de første {RECORD_PAGE}. Velg en type for å bla videre.</span>
            )}
          </nav>
        )}
      </Page>,
    );
  });

  return app;
}

/** «kunder, prosjekter og varer». */
function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} og ${words.at(-1)}`;
}
