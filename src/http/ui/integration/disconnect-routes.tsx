import { Hono } from 'hono';
import { disconnectAndSwitchOff } from '../../../integration/activation.ts';
import { getConnectionStatus } from '../../../integration/connection.ts';
import { getSettings } from '../../../integration/settings.ts';
import { CsrfField } from '../components/form.tsx';
import { Page } from '../components/layout.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { sessionOf, text } from './page-helpers.tsx';
import { BASE, SubNav } from './views.tsx';

// Koble fra: a page that says what disconnecting does and asks the admin to confirm, so one
// stray click cannot drop the connection. Plain links and forms; no JavaScript needed.

/**
 * GET shows the confirmation; POST with `bekreft=1` disconnects (anything else asks again).
 * @example app.route('/', createDisconnectRoutes(deps));
 */
export function createDisconnectRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get('/24sevenoffice/koble-fra', async (c) => {
    const session = sessionOf(c);
    const [status, stored] = await Promise.all([
      getConnectionStatus(deps.db, session.workspaceId),
      getSettings(deps.db, session.workspaceId),
    ]);
    if (status.state === 'not_connected') return c.redirect(BASE, 303);
    return c.html(
      <Page title="24SevenOffice – koble fra" session={session} path={c.req.path}>
        <h1>Koble fra 24SevenOffice?</h1>
        <SubNav current="settings" />
        <section class="card disconnect" aria-labelledby="koble-fra">
          <h2 id="koble-fra">Dette skjer når du kobler fra</h2>
          <ul>
            <li>
              Tilkoblingen til klienten «{status.client?.name}» som {status.username} fjernes, og det lagrede
              passordet slettes.
            </li>
            <li>
              {stored.enabled
                ? 'Integrasjonen slås av, så ingenting sendes til 24SevenOffice før du kobler til igjen.'
                : 'Integrasjonen er allerede slått av og forblir av.'}
            </li>
            <li>
              Innstillingene og koblingene (arbeidstyper, varenumre og dimensjoner) beholdes, så de er på
              plass når du logger inn på nytt.
            </li>
          </ul>
          <form method="post" action={`${BASE}/koble-fra`}>
            <CsrfField token={session.csrfToken} />
            <input type="hidden" name="bekreft" value="1" />
            <div class="form-actions">
              <button type="submit" class="danger">
                Ja, koble fra
              </button>
              <a href={`${BASE}/innstillinger`}>Avbryt</a>
            </div>
          </form>
        </section>
      </Page>,
    );
  });

  app.post('/24sevenoffice/koble-fra', async (c) => {
    const session = sessionOf(c);
    const body = await c.req.parseBody();
    if (text(body.bekreft) !== '1') return c.redirect(`${BASE}/koble-fra`, 303);
    await disconnectAndSwitchOff(deps.integration, {
      workspaceId: session.workspaceId,
      actor: session.email,
    });
    return c.redirect(`${BASE}?melding=frakoblet`, 303);
  });

  return app;
}
