import { Hono } from 'hono';
import { Page } from '../components/layout.tsx';
import { sessionOf } from '../components/resource-routes.tsx';
import { PageHead } from '../components/resource-views.tsx';
import type { UiEnv } from '../context.ts';

/**
 * Integrasjoner: the index of the systems Broen connects to. Each card leads to that
 * integration's own pages (24SevenOffice's are at /integrasjoner/24sevenoffice).
 * @example ui.route('/', createIntegrationIndexRoutes());
 */
export function createIntegrationIndexRoutes(): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  app.get('/integrasjoner', (c) => {
    const session = sessionOf(c);
    return c.html(
      <Page title="Integrasjoner" session={session} path={c.req.path}>
        <PageHead title="Integrasjoner" />
        <div class="cards">
          <article class="card">
            <h2>24SevenOffice</h2>
            <p>
              Regnskap og fakturering. Synkroniser kunder, prosjekter, varer og godkjente timer, og lag ordre
              fra fakturagrunnlaget.
            </p>
            <a class="button" href="/integrasjoner/24sevenoffice">
              Åpne 24SevenOffice
            </a>
          </article>
        </div>
      </Page>,
    );
  });
  return app;
}
