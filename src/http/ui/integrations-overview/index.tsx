import { Hono } from 'hono';
import { getConnectionStatus } from '../../../integration/connection.ts';
import { groupText, waitingSummary } from '../../../integration/hours/summary.ts';
import { getSettings } from '../../../integration/settings.ts';
import { listRuns } from '../../../integration/sync/runs.ts';
import { Page } from '../components/layout.tsx';
import { sessionOf } from '../components/request.ts';
import { PageHead } from '../components/resource-views.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { STATE_BADGE } from '../integration/views.tsx';
import { LastRunFacts } from '../sync/last-run.tsx';

/**
 * Integrasjoner: the index of the systems Broen connects to. Each card leads to that
 * integration's own pages (24SevenOffice's are at /integrasjoner/24sevenoffice) and shows its
 * connection state and whether it is switched on, from what is stored (no call to 24SO).
 * @example ui.route('/', createIntegrationIndexRoutes(deps));
 */
export function createIntegrationIndexRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  app.get('/integrasjoner', async (c) => {
    const session = sessionOf(c);
    const [status, stored, waiting, [lastRun]] = await Promise.all([
      getConnectionStatus(deps.db, session.workspaceId),
      getSettings(deps.db, session.workspaceId),
      waitingSummary(deps.db, session.workspaceId),
      listRuns(deps.db, session.workspaceId, { limit: 1 }),
    ]);
    const badge = STATE_BADGE[status.state];
    const stateText =
      status.state === 'connected' && status.client ? `Tilkoblet til ${status.client.name}` : badge.text;
    return c.html(
      <Page title="Integrasjoner" session={session} path={c.req.path}>
        <PageHead title="Integrasjoner" />
        <div class="cards cards-wide">
          <article class="card" data-integration="24sevenoffice" data-state={status.state}>
            <h2>24SevenOffice</h2>
            <p>
              Regnskap og fakturering. Synkroniser kunder, prosjekter, varer og godkjente timer, og lag ordre
              fra fakturagrunnlaget.
            </p>
            <dl class="facts" style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem">
              <dt>Tilkobling</dt>
              <dd style="margin:0">
                <span class={badge.cls}>{stateText}</span>
              </dd>
              <dt>Integrasjonen</dt>
              <dd style="margin:0">
                <span class={stored.enabled ? 'badge ok' : 'badge'}>
                  {stored.enabled ? 'Slått på' : 'Slått av'}
                </span>
              </dd>
              <LastRunFacts run={lastRun} />
            </dl>
            {waiting.total > 0 ? (
              <div class="waiting-hours" data-waiting-hours={waiting.total}>
                <p>
                  <a href="/timer?overforing=venter&godkjent=ja">
                    {waiting.total} {waiting.total === 1 ? 'godkjent time venter' : 'godkjente timer venter'}
                  </a>
                  :
                </p>
                <ul>
                  {waiting.groups.map((g) => (
                    <li data-rule={g.rule}>
                      <a href={`/timer?overforing=venter&godkjent=ja&arsak=${g.rule}`}>{groupText(g)}</a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div class="form-actions">
              <a class="button" href="/integrasjoner/24sevenoffice">
                Åpne 24SevenOffice
              </a>
              <a class="button secondary" href="/integrasjoner/synkronisering">
                Synkronisering
              </a>
            </div>
          </article>
        </div>
      </Page>,
    );
  });
  return app;
}
