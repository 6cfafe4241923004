import { Hono } from 'hono';
import { getRun } from '../../../integration/sync/runs.ts';
import type { Attachment } from '../../../invoicing/attachment-schemas.ts';
import { getInvoiceAttachment } from '../../../invoicing/attachments.ts';
import {
  exportDependencies,
  exportEntity,
  exportFailure,
  missingInTwentyFour,
} from '../../../invoicing/export-dependencies.ts';
import { twentyfourIdOf } from '../../../invoicing/links.ts';
import { isDomainError } from '../../../workspace/errors.ts';
import { HttpError } from '../../errors.ts';
import { Notice } from '../components/layout.tsx';
import { sessionOf } from '../components/request.ts';
import type { SessionUser, UiDeps, UiEnv } from '../context.ts';
import { SYNC_BASE } from '../sync/labels.ts';

// «Eksporter nå» on an attachment's order preview: POST …/eksporter starts (or joins) the sync
// run that exports the missing customer or project and returns to the attachment page with
// `?eksport=<run id>`; while that run is live the page shows its progress (htmx polling of
// GET …/eksport/<run id>), and once it has ended, whether the blocker is gone or why not.

const POLL = 'every 1s';
const LIVE = new Set(['queued', 'running', 'waiting']);

/**
 * The export routes.
 * @example app.route('/', createExportRoutes(deps));
 */
export function createExportRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const mustGet = async (session: SessionUser, id: string) => {
    const a = await getInvoiceAttachment(deps.db, session.workspaceId, id);
    if (!a) throw new HttpError(404, 'Fakturavedlegget finnes ikke. Det kan være slettet.');
    return a;
  };

  app.post('/fakturavedlegg/:id/eksporter', async (c) => {
    const session = sessionOf(c);
    const a = await mustGet(session, c.req.param('id'));
    try {
      const started = await exportDependencies(
        { db: deps.db, clock: deps.clock, queue: deps.sync.queue, links: twentyfourIdOf },
        session.workspaceId,
        a,
        session.email,
      );
      const query = started.state === 'started' ? `?eksport=${started.run.id}` : '';
      return c.redirect(`/fakturavedlegg/${a.row.id}${query}`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // The page says why again (the refusal is computed from the settings, not carried along).
      return c.redirect(`/fakturavedlegg/${a.row.id}?eksport=nei`, 303);
    }
  });

  app.get('/fakturavedlegg/:id/eksport/:runId', async (c) => {
    const session = sessionOf(c);
    const a = await mustGet(session, c.req.param('id'));
    const run = await getRun(deps.db, session.workspaceId, c.req.param('runId'));
    if (!run || !LIVE.has(run.state)) {
      c.header(
        'HX-Redirect',
        `/fakturavedlegg/${a.row.id}?eksport=${encodeURIComponent(c.req.param('runId'))}`,
      );
      return c.body(null, 200);
    }
    return c.html(<ExportProgress attachmentId={a.row.id} runId={run.id} message={run.message} />);
  });

  return app;
}

function ExportProgress(props: { attachmentId: string; runId: string; message: string | null }) {
  return (
    <section
      id="eksport"
      class="notice notice-info"
      role="status"
      hx-get={`/fakturavedlegg/${props.attachmentId}/eksport/${props.runId}`}
      hx-trigger={POLL}
      hx-swap="outerHTML"
    >
      <p>
        <strong>Eksporterer til 24SevenOffice…</strong> {props.message ?? 'Synkroniseringen kjører.'} Siden
        oppdateres av seg selv. <a href={`${SYNC_BASE}/logg/${props.runId}`}>Se synkroniseringen</a>
      </p>
    </section>
  );
}

/**
 * What the attachment page says about an «Eksporter nå» (`?eksport=` on the page): the live
 * run's progress, that the export is done, or why the customer or project is still missing.
 * @example {await exportStatus(deps, session, a, c.req.query('eksport'))}
 */
export async function exportStatus(
  deps: UiDeps,
  session: SessionUser,
  a: Attachment,
  param: string | undefined,
) {
  if (!param) return null;
  const missing = await missingInTwentyFour({ db: deps.db, links: twentyfourIdOf }, session.workspaceId, a);
  if (param === 'nei') {
    if (missing.length === 0) return null;
    const why = await exportEntity(deps.db, session.workspaceId, missing).then(
      () => null,
      (error: unknown) => (isDomainError(error) ? error.message : null),
    );
    return <Notice text={why ?? undefined} kind="error" />;
  }
  const run = await getRun(deps.db, session.workspaceId, param);
  if (!run) return null;
  if (LIVE.has(run.state))
    return <ExportProgress attachmentId={a.row.id} runId={run.id} message={run.message} />;
  if (missing.length === 0) {
    return <Notice text="Eksportert til 24SevenOffice: kunden og prosjektet finnes nå der." />;
  }
  const names = missing.map((k) => (k === 'customer' ? 'kunden' : 'prosjektet')).join(' og ');
  return (
    <div class="notice notice-error" role="alert">
      <p>
        Synkroniseringen er ferdig, men {names} finnes fortsatt ikke i 24SevenOffice:{' '}
        {await exportFailure(deps.db, session.workspaceId, run.id)}{' '}
        <a href={`${SYNC_BASE}/logg/${run.id}`}>Se synkroniseringen</a>
      </p>
    </div>
  );
}
