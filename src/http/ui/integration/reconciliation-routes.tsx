import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { getConnectionStatus } from '../../../integration/connection.ts';
import { confirmReconciliation } from '../../../integration/reconciliation/confirm.ts';
import { startReconciliationJob } from '../../../integration/reconciliation/job.ts';
import { decideRow } from '../../../integration/reconciliation/service.ts';
import { latestReconciliations, searchRemote } from '../../../integration/reconciliation/store.ts';
import type { ReconEntity, RowAction } from '../../../integration/reconciliation/tables.ts';
import { reconciliationView } from '../../../integration/reconciliation/view.ts';
import { getSettings } from '../../../integration/settings.ts';
import { statusOf } from '../../outcome-status.ts';
import { CsrfField } from '../components/form.tsx';
import { Notice, Page } from '../components/layout.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { sessionOf, text } from './page-helpers.tsx';
import { ENTITY_TITLE, RECON, RemoteSearch, RowLine, SummaryBox } from './reconciliation-views.tsx';
import { BASE, StateBox, SubNav } from './views.tsx';

// Integrasjoner → 24SevenOffice → Avstemming: read what the 24SO client holds, show the proposal
// with both sides side by side, let the admin decide each doubtful row (or change any), and
// confirm all at once. Nothing is written to 24SO here; the switch «Aktiver» on the settings
// page stays disabled until a confirmed reconciliation exists and nothing is undecided.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTITIES = ['customer', 'project', 'product', 'employee'] as const;
const ACTIONS = ['link', 'create', 'skip', 'undecided', 'import', 'ignore'] as const;
const PAGE = 100;

/**
 * The Avstemming pages under /integrasjoner/24sevenoffice/avstemming.
 * @example app.route('/', createReconciliationRoutes(deps));
 */
export function createReconciliationRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const runtime = () => deps.integration;

  app.get('/24sevenoffice/avstemming', async (c) => {
    const session = sessionOf(c);
    const { latest } = await latestReconciliations(deps.db, session.workspaceId);
    if (latest) return c.redirect(`${RECON}/${latest.id}`, 303);
    const status = await getConnectionStatus(deps.db, session.workspaceId);
    return c.html(
      <Page title="24SevenOffice – avstemming" session={session} path={c.req.path}>
        <h1>24SevenOffice</h1>
        <SubNav current="reconciliation" />
        <StateBox status={status} csrfToken={session.csrfToken} />
        <Intro />
        <StartForm
          csrfToken={session.csrfToken}
          disabled={status.state === 'not_connected'}
          label="Start avstemming"
        />
      </Page>,
    );
  });

  app.post('/24sevenoffice/avstemming', async (c) => {
    const session = sessionOf(c);
    const { queue } = deps.sync;
    const rec = await startReconciliationJob(
      { db: deps.db, clock: deps.clock, queue },
      { workspaceId: session.workspaceId, actor: session.email },
    );
    return c.redirect(`${RECON}/${rec.id}`, 303);
  });

  const page = async (
    c: Context<UiEnv>,
    id: string,
    o: { error?: string; changes?: string[] } = {},
    code: ContentfulStatusCode = 200,
  ) => {
    const session = sessionOf(c);
    const entity = ENTITIES.find((e) => e === c.req.query('type'));
    const action = ACTIONS.find((a) => a === c.req.query('handling'));
    const offset = Math.max(0, Number.parseInt(c.req.query('fra') ?? '0', 10) || 0);
    const view = UUID.test(id)
      ? await reconciliationView(deps.db, session.workspaceId, id, { entity, action, offset, limit: PAGE })
      : undefined;
    if (!view) return c.notFound();
    const { reconciliation: rec, summary } = view;
    const { settings } = await getSettings(deps.db, session.workspaceId);
    const open = rec.state === 'ready';
    const here = `${RECON}/${id}?${new URLSearchParams({ ...(entity ? { type: entity } : {}), ...(action ? { handling: action } : {}), ...(offset ? { fra: String(offset) } : {}) })}`;
    const filterLink = (label: string, q: { type?: ReconEntity; handling?: RowAction }) => {
      const current = q.type === entity && q.handling === action;
      return (
        <a
          href={`${RECON}/${id}?${new URLSearchParams(q as Record<string, string>)}`}
          aria-current={current ? 'page' : undefined}
        >
          {label}
        </a>
      );
    };
    return c.html(
      <Page title="24SevenOffice – avstemming" session={session} path={c.req.path}>
        <h1>24SevenOffice</h1>
        <SubNav current="reconciliation" />
        {o.error && <Notice text={o.error} kind="error" />}
        {o.changes && o.changes.length > 0 && (
          <ul class="changes" aria-label="Endringer i 24SevenOffice">
            {o.changes.map((ch) => (
              <li>{ch}</li>
            ))}
          </ul>
        )}
        <Intro />
        {rec.state === 'reading' && (
          <p role="status" data-refresh-seconds="2">
            Leser kunder, prosjekter, varer og ansatte fra 24SevenOffice … Siden oppdateres av seg selv.{' '}
            <a href={here}>Oppdater</a>
          </p>
        )}
        {rec.state === 'failed' && <Notice text={`Avstemmingen feilet: ${rec.message ?? ''}`} kind="error" />}
        {rec.state === 'superseded' && (
          <Notice text="En nyere avstemming er startet; denne vises bare til orientering." kind="error" />
        )}
        {rec.state === 'confirmed' && (
          <p class="notice notice-ok" role="status">
            Bekreftet av {rec.confirmedBy} {rec.confirmedAt?.slice(0, 16).replace('T', ' ')} UTC. Koblingene
            er synkroniseringens koblinger; første synkronisering oppdaterer dem i stedet for å opprette nye.{' '}
            <a href={`${BASE}/innstillinger#aktivering`}>Til aktiveringen</a>
          </p>
        )}
        {rec.state !== 'reading' && (
          <>
            <p class="field-hint">
              Lest {rec.createdAt.slice(0, 16).replace('T', ' ')} UTC med {rec.calls} kall mot 24SevenOffice.
              Retning: kunder {settings.customers.direction === 'import' ? 'hentes inn' : 'sendes'},
              prosjekter {settings.projects.direction === 'import' ? 'hentes inn' : 'sendes'}, varer{' '}
              {settings.products.direction === 'import' ? 'hentes inn' : 'sendes'}.
            </p>
            <SummaryBox summary={summary} id={id} />
            {open && (
              <form method="post" action={`${RECON}/${id}/bekreft`}>
                <CsrfField token={session.csrfToken} />
                {summary.undecided > 0 && (
                  <p>
                    {summary.undecided} {summary.undecided === 1 ? 'rad må' : 'rader må'} avgjøres før du kan
                    bekrefte. <a href={`${RECON}/${id}?handling=undecided`}>Vis dem</a>
                  </p>
                )}
                <button type="submit" disabled={summary.undecided > 0}>
                  Bekreft alle
                </button>
              </form>
            )}
            <nav class="tabs" aria-label="Filter" style="display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0">
              {filterLink('Alle', {})}
              {filterLink('Må avgjøres', { handling: 'undecided' })}
              {ENTITIES.map((e) => filterLink(ENTITY_TITLE[e], { type: e }))}
            </nav>
            <div class="table-scroll">
              <table class="list recon-rows">
                <thead>
                  <tr>
                    <th>Type</th>
                    <th>I arbeidsområdet</th>
                    <th>Treff</th>
                    <th>I 24SevenOffice</th>
                    <th>Valg</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rows.map((row) => (
                    <RowLine row={row} id={id} open={open} csrfToken={session.csrfToken} back={here} />
                  ))}
                </tbody>
              </table>
            </div>
            {view.total > PAGE && (
              <p>
                Viser {offset + 1}–{Math.min(offset + PAGE, view.total)} av {view.total}.{' '}
                {offset > 0 && <a href={pageLink(id, entity, action, Math.max(0, offset - PAGE))}>Forrige</a>}{' '}
                {offset + PAGE < view.total && (
                  <a href={pageLink(id, entity, action, offset + PAGE)}>Neste</a>
                )}
              </p>
            )}
          </>
        )}
        {rec.state !== 'reading' && (
          <StartForm csrfToken={session.csrfToken} disabled={false} label="Start avstemmingen på nytt" />
        )}
      </Page>,
      code,
    );
  };

  app.get('/24sevenoffice/avstemming/:id', (c) => page(c, c.req.param('id')));

  app.post('/24sevenoffice/avstemming/:id/rader/:rowId', async (c) => {
    const session = sessionOf(c);
    const id = c.req.param('id');
    const rowId = c.req.param('rowId');
    const body = await c.req.parseBody();
    const choice = text(body.valg);
    const [kind, remoteId] = choice.startsWith('link:') ? ['link', choice.slice(5)] : [choice, null];
    if (kind !== 'link' && kind !== 'create' && kind !== 'skip') {
      return page(c, id, { error: 'Velg hva som skal skje med raden.' }, 422);
    }
    if (!UUID.test(id) || !UUID.test(rowId)) {
      return page(
        c,
        id,
        { error: 'Raden finnes ikke i denne avstemmingen lenger. Last siden på nytt.' },
        404,
      );
    }
    const result = await decideRow(deps.db, deps.clock, {
      workspaceId: session.workspaceId,
      id,
      rowId,
      action: kind,
      remoteId,
      actor: session.email,
    });
    if (!result.ok) return page(c, id, { error: result.message }, statusOf(result.code));
    const back = text(body.tilbake);
    return c.redirect(back.startsWith(`${RECON}/${id}`) ? back : `${RECON}/${id}`, 303);
  });

  app.get('/24sevenoffice/avstemming/:id/sok', async (c) => {
    const session = sessionOf(c);
    const id = c.req.param('id');
    const rowId = c.req.query('rad') ?? '';
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const view = UUID.test(id)
      ? await reconciliationView(deps.db, session.workspaceId, id, { limit: 0 })
      : undefined;
    if (!view || !UUID.test(rowId)) return c.notFound();
    const rowView = await reconciliationView(deps.db, session.workspaceId, id, { rowId, limit: 1 });
    const row = rowView?.rows[0];
    if (!row)
      return page(
        c,
        id,
        { error: 'Raden finnes ikke i denne avstemmingen lenger. Last siden på nytt.' },
        404,
      );
    const hits = await searchRemote(deps.db, id, row.entity, { q: q || undefined, limit: 50 });
    return c.html(
      <Page title="24SevenOffice – velg post" session={session} path={c.req.path}>
        <h1>Velg post i 24SevenOffice</h1>
        <p>
          For <strong>{row.local?.label}</strong> ({ENTITY_TITLE[row.entity].toLowerCase()}).{' '}
          <a href={`${RECON}/${id}`}>Tilbake til avstemmingen</a>
        </p>
        <RemoteSearch id={id} row={row} hits={hits} q={q} csrfToken={session.csrfToken} />
      </Page>,
    );
  });

  app.post('/24sevenoffice/avstemming/:id/bekreft', async (c) => {
    const session = sessionOf(c);
    const id = c.req.param('id');
    if (!UUID.test(id)) return c.notFound();
    const result = await confirmReconciliation(runtime(), {
      workspaceId: session.workspaceId,
      id,
      actor: session.email,
    });
    if (!result.ok)
      return page(c, id, { error: result.message, changes: result.changes }, statusOf(result.code));
    return c.redirect(`${BASE}/innstillinger?melding=avstemt#aktivering`, 303);
  });

  return app;
}

function pageLink(
  id: string,
  entity: ReconEntity | undefined,
  action: RowAction | undefined,
  offset: number,
): string {
  const q = new URLSearchParams({
    ...(entity ? { type: entity } : {}),
    ...(action ? { handling: action } : {}),
    fra: String(offset),
  });
  return `${RECON}/${id}?${q}`;
}

function Intro() {
  return (
    <p>
      Før integrasjonen slås på, leser Broen hva 24SevenOffice-klienten allerede har av kunder, prosjekter,
      varer og ansatte, og foreslår hvilke poster som hører sammen (org.nr., nummer, e-post, navn). Sikre
      treff kobles; usikre må du avgjøre. Ingenting skrives til 24SevenOffice før du bekrefter, og bekreftede
      koblinger oppdateres i stedet for å opprettes på nytt.
    </p>
  );
}

function StartForm({ csrfToken, disabled, label }: { csrfToken: string; disabled: boolean; label: string }) {
  return (
    <form method="post" action={RECON}>
      <CsrfField token={csrfToken} />
      <button type="submit" class="secondary" disabled={disabled}>
        {label}
      </button>
    </form>
  );
}
