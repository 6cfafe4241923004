import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  type AttachmentCreate,
  attachmentView,
  transferStateOf,
} from '../../../invoicing/attachment-schemas.ts';
import {
  createInvoiceAttachment,
  deleteInvoiceAttachment,
  getInvoiceAttachment,
  listInvoiceAttachments,
} from '../../../invoicing/attachments.ts';
import { getInvoiceBasis, type LineKind } from '../../../invoicing/basis.ts';
import { twentyfourIdOf } from '../../../invoicing/links.ts';
import { loadPreview } from '../../../invoicing/preview-load.ts';
import { previewView } from '../../../invoicing/preview-view.ts';
import type { ReadBack } from '../../../invoicing/read-back.ts';
import { requestTransfer } from '../../../invoicing/transfer-job.ts';
import { isDomainError } from '../../../workspace/errors.ts';
import { HttpError } from '../../errors.ts';
import { CsrfField } from '../components/form.tsx';
import { claimFormToken, FORM_TOKEN_FIELD, newFormToken, releaseFormToken } from '../components/form-once.ts';
import { Notice, Page } from '../components/layout.tsx';
import { sessionOf } from '../components/request.ts';
import { PageHead } from '../components/resource-views.tsx';
import type { SessionUser, UiDeps, UiEnv } from '../context.ts';
import { formatDate, formatDateTime, parseDate } from '../format.ts';
import { createExportRoutes, exportStatus } from './export-routes.tsx';
import { PrintView } from './print-view.tsx';
import { TransferProgress } from './progress-views.tsx';
import { LineGroups, PreviewBox, statusLabel, Totals, TransferButton, TransferredBox } from './views.tsx';

// Fakturagrunnlag → fakturavedlegg → forhåndsvisning → «Lag faktura (24SevenOffice)».
// GET  /prosjekter/:id/fakturagrunnlag    the basis with tick boxes, and the project's attachments
// POST /prosjekter/:id/fakturavedlegg     create one (all, a period, or the ticked lines)
// GET  /fakturavedlegg/:id                the attachment, its order preview and the button
// GET  /fakturavedlegg/:id/utskrift       print-friendly view for the customer
// POST /fakturavedlegg/:id/overfor        queues the transfer job; GET …/overforing its progress
// POST /fakturavedlegg/:id/slett           deletes (before transfer)
// POST /fakturavedlegg/:id/eksporter       «Eksporter nå» (export-routes.tsx)

const MESSAGES: Record<string, string> = {
  opprettet: 'Fakturavedlegget er laget. Linjene er tatt ut av fakturagrunnlaget.',
  slettet: 'Fakturavedlegget er slettet. Linjene er tilbake i fakturagrunnlaget.',
  dobbel: 'Skjemaet var allerede sendt; ingenting nytt ble laget.',
};

const LINE_KIND_SET = new Set(['hour', 'transport', 'material', 'freeText']);

/**
 * The invoicing pages.
 * @example app.route('/', createInvoicingPageRoutes(deps));
 */
export function createInvoicingPageRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  app.route('/', createExportRoutes(deps));
  const previewDeps = () => ({
    db: deps.db,
    connection: deps.integration,
    links: twentyfourIdOf,
    clock: deps.clock,
  });

  const basisPage = async (c: Context<UiEnv>, projectId: string, error?: string, status: 200 | 422 = 200) => {
    const session = sessionOf(c);
    const basis = await getInvoiceBasis(deps.db, session.workspaceId, projectId).catch((e) => {
      if (isDomainError(e) && e.code === 'not_found') throw new HttpError(404, e.message);
      throw e;
    });
    const attachments = await listInvoiceAttachments(deps.db, session.workspaceId, projectId);
    const title = `Fakturagrunnlag – prosjekt ${basis.project.number} ${basis.project.name}`;
    const melding = MESSAGES[c.req.query('melding') ?? ''];
    return c.html(
      <Page title={title} session={session} path={c.req.path}>
        <PageHead
          title={title}
          actions={
            <>
              <a class="button secondary" href={`/prosjekter/${projectId}`}>
                Til prosjektet
              </a>{' '}
              <a class="button secondary" href={`/varelinjer/ny`}>
                Ny varelinje
              </a>{' '}
              <a class="button secondary" href={`/fritekstlinjer/ny`}>
                Ny fritekstlinje
              </a>
            </>
          }
        />
        <Notice text={melding} />
        <Notice text={error} kind="error" />
        <p>
          Kunde:{' '}
          {basis.customer ? `${basis.customer.number} ${basis.customer.name}` : <strong>ingen kunde</strong>}
        </p>
        {basis.lines.length === 0 ? (
          <p class="empty">
            Ingenting å fakturere: alt godkjent og fakturerbart er allerede på et fakturavedlegg.
          </p>
        ) : (
          <form method="post" action={`/prosjekter/${projectId}/fakturavedlegg`} class="invoice-basis">
            <CsrfField token={session.csrfToken} />
            <input type="hidden" name={FORM_TOKEN_FIELD} value={newFormToken()} />
            <LineGroups lines={basis.lines} groups={basis.groups} selectable />
            <Totals totals={basis.totals} note={basis.vatNote} />
            <fieldset>
              <legend>Nytt fakturavedlegg</legend>
              <label>
                <input type="radio" name="modus" value="alle" checked /> Hele fakturagrunnlaget
              </label>
              <label>
                <input type="radio" name="modus" value="periode" /> Bare en periode:
              </label>{' '}
              <label>
                fra <input type="date" name="fra" />
              </label>{' '}
              <label>
                til <input type="date" name="til" />
              </label>
              <label>
                <input type="radio" name="modus" value="valgte" /> Bare linjene jeg har krysset av
                (delfakturering)
              </label>
              <label>
                Deres referanse <input type="text" name="deresReferanse" maxlength={100} />
              </label>
              <div class="form-actions">
                <button type="submit">Lag fakturavedlegg</button>
              </div>
            </fieldset>
          </form>
        )}
        <section aria-label="Fakturavedlegg">
          <h2>Fakturavedlegg på prosjektet</h2>
          {attachments.length === 0 ? (
            <p class="empty">Ingen fakturavedlegg ennå.</p>
          ) : (
            <table class="list">
              <thead>
                <tr>
                  <th>Nr.</th>
                  <th>Laget</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {attachments.map((a) => (
                  <tr>
                    <td>
                      <a href={`/fakturavedlegg/${a.id}`}>Fakturavedlegg {Number(a.number)}</a>
                    </td>
                    <td>{formatDateTime(a.created_at)}</td>
                    <td>
                      {statusLabel({
                        status: a.status,
                        orderId: a.order_id === null ? null : Number(a.order_id),
                        transfer: transferStateOf(a),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </Page>,
      status,
    );
  };

  app.get('/prosjekter/:id/fakturagrunnlag', (c) => basisPage(c, c.req.param('id')));

  app.post('/prosjekter/:id/fakturavedlegg', async (c) => {
    const session = sessionOf(c);
    const projectId = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const formToken = text(FORM_TOKEN_FIELD);
    if (!(await claimFormToken(deps.db, session.workspaceId, formToken, deps.clock))) {
      return c.redirect(`/prosjekter/${projectId}/fakturagrunnlag?melding=dobbel`, 303);
    }
    const input: AttachmentCreate = { yourReference: text('deresReferanse') };
    const mode = text('modus');
    if (mode === 'periode') {
      const from = text('fra') ? parseDate(text('fra')) : undefined;
      const to = text('til') ? parseDate(text('til')) : undefined;
      if ((text('fra') && !from) || (text('til') && !to) || (!from && !to)) {
        await releaseFormToken(deps.db, session.workspaceId, formToken);
        return basisPage(c, projectId, 'Skriv en gyldig fra- og/eller til-dato for perioden.', 422);
      }
      input.from = from;
      input.to = to;
    } else if (mode === 'valgte') {
      const raw = body.linje;
      const picked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
        (v): v is string => typeof v === 'string',
      );
      const lines = picked.flatMap((v) => {
        const [kind, id] = v.split(':');
        return kind && id && LINE_KIND_SET.has(kind) ? [{ kind: kind as LineKind, id }] : [];
      });
      if (lines.length === 0) {
        await releaseFormToken(deps.db, session.workspaceId, formToken);
        return basisPage(
          c,
          projectId,
          'Kryss av minst én linje, eller velg hele grunnlaget eller en periode.',
          422,
        );
      }
      input.lines = lines;
    }
    try {
      const a = await createInvoiceAttachment(
        deps.db,
        session.workspaceId,
        projectId,
        input,
        session.email,
        deps.clock,
      );
      return c.redirect(`/fakturavedlegg/${a.row.id}?melding=opprettet`, 303);
    } catch (error) {
      await releaseFormToken(deps.db, session.workspaceId, formToken);
      if (!isDomainError(error)) throw error;
      if (error.code === 'not_found') throw new HttpError(404, error.message);
      return basisPage(c, projectId, error.message, 422);
    }
  });

  const mustGet = async (session: SessionUser, id: string) => {
    const a = await getInvoiceAttachment(deps.db, session.workspaceId, id);
    if (!a) throw new HttpError(404, 'Fakturavedlegget finnes ikke. Det kan være slettet.');
    return a;
  };

  app.get('/fakturavedlegg/:id', async (c) => {
    const session = sessionOf(c);
    const a = await mustGet(session, c.req.param('id'));
    const view = await attachmentView(deps.db, session.workspaceId, a);
    const title = `Fakturavedlegg ${view.number} – prosjekt ${view.project.number} ${view.project.name}`;
    const transferred = a.row.status === 'transferred';
    const transferState = transferStateOf(a.row);
    const preview = transferred
      ? undefined
      : previewView(await loadPreview(previewDeps(), session.workspaceId, a));
    const readBack = a.row.readback_json ? (JSON.parse(a.row.readback_json) as ReadBack) : undefined;
    const exportNotice = transferred ? null : await exportStatus(deps, session, a, c.req.query('eksport'));
    return c.html(
      <Page title={title} session={session} path={c.req.path}>
        <PageHead
          title={title}
          actions={
            <>
              <a class="button secondary" href={`/prosjekter/${view.project.id}/fakturagrunnlag`}>
                Til fakturagrunnlaget
              </a>{' '}
              <a class="button secondary" href={`/fakturavedlegg/${view.id}/utskrift`}>
                Utskrift
              </a>
            </>
          }
        />
        <Notice text={MESSAGES[c.req.query('melding') ?? '']} />
        {exportNotice}
        {a.row.transfer_error && !transferred && <Notice text={a.row.transfer_error} kind="error" />}
        {(transferState === 'queued' || transferState === 'waiting') && (
          <TransferProgress
            attachmentId={a.row.id}
            state={transferState}
            waitingUntil={a.row.transfer_waiting_until}
            transferKey={a.row.transfer_key}
          />
        )}
        {transferState === 'idle' && a.row.status === 'transferring' && (
          <p class="notice notice-info" role="note">
            Overføringen er påbegynt (
            {a.row.transfer_step === 'intent' ? 'ordren er forberedt' : 'ordren er laget'}). «Lag faktura
            (24SevenOffice)» fullfører den med den samme ordren, referanse {a.row.transfer_key}; det blir
            aldri laget to ordrer.
          </p>
        )}
        {transferred && a.row.order_id !== null && readBack && (
          <TransferredBox orderId={Number(a.row.order_id)} readBack={readBack} />
        )}
        <p>
          Kunde: {view.customer ? `${view.customer.number} ${view.customer.name}` : ''} · Status:{' '}
          {statusLabel({ ...view, transfer: view.transfer.state })} · Laget {formatDateTime(view.createdAt)}{' '}
          av {view.createdBy}
          {view.periodFrom || view.periodTo
            ? ` · Periode ${formatDate(view.periodFrom)}–${formatDate(view.periodTo)}`
            : ''}
        </p>
        <LineGroups lines={view.lines} groups={view.groups} />
        <Totals totals={view.totals} />
        {preview && (
          <PreviewBox
            preview={preview}
            exportAction={{ href: `/fakturavedlegg/${view.id}/eksporter`, csrfToken: session.csrfToken }}
          />
        )}
        {preview && transferState === 'idle' && (
          <TransferButton attachment={view} csrfToken={session.csrfToken} blocked={!preview.ready} />
        )}
        {a.row.status === 'open' && transferState === 'idle' && (
          <form method="post" action={`/fakturavedlegg/${view.id}/slett`} class="danger-zone">
            <CsrfField token={session.csrfToken} />
            <button type="submit" class="secondary">
              Slett fakturavedlegget (linjene går tilbake til grunnlaget)
            </button>
          </form>
        )}
      </Page>,
    );
  });

  app.get('/fakturavedlegg/:id/utskrift', async (c) => {
    const session = sessionOf(c);
    const a = await mustGet(session, c.req.param('id'));
    return c.html(<PrintView view={await attachmentView(deps.db, session.workspaceId, a)} />);
  });

  // «Lag faktura (24SevenOffice)»: queues the transfer job (one per attachment, so a double click
  // is one job) and shows the page, which follows the job until it has an outcome.
  app.post('/fakturavedlegg/:id/overfor', async (c) => {
    const session = sessionOf(c);
    const id = c.req.param('id');
    await mustGet(session, id);
    const request = await requestTransfer(
      { db: deps.db, clock: deps.clock, queue: deps.sync.queue },
      session.workspaceId,
      id,
    );
    deps.logger.info(
      { userId: session.userId, attachmentId: id, state: request.state },
      'invoice transfer asked for',
    );
    return c.redirect(`/fakturavedlegg/${id}`, 303);
  });

  // The progress block alone, for htmx's polling; once the transfer has an outcome the browser
  // goes back to the page, which shows the order or what went wrong.
  app.get('/fakturavedlegg/:id/overforing', async (c) => {
    const session = sessionOf(c);
    const a = await mustGet(session, c.req.param('id'));
    const state = transferStateOf(a.row);
    if (state !== 'queued' && state !== 'waiting') {
      c.header('HX-Redirect', `/fakturavedlegg/${a.row.id}`);
      return c.body(null, 200);
    }
    return c.html(
      <TransferProgress
        attachmentId={a.row.id}
        state={state}
        waitingUntil={a.row.transfer_waiting_until}
        transferKey={a.row.transfer_key}
      />,
    );
  });

  app.post('/fakturavedlegg/:id/slett', async (c) => {
    const session = sessionOf(c);
    const a = await mustGet(session, c.req.param('id'));
    try {
      await deleteInvoiceAttachment(deps.db, session.workspaceId, a.row.id, deps.clock);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new HttpError(409, error.message);
    }
    return c.redirect(`/prosjekter/${a.row.project_id}/fakturagrunnlag?melding=slettet`, 303);
  });

  return app;
}
