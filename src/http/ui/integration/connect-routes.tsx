import type { Context } from 'hono';
import { Hono } from 'hono';
import { connectClient } from '../../../integration/activation.ts';
import {
  type ConnectionStatus,
  getConnectionStatus,
  listClientsForCredentials,
} from '../../../integration/connection.ts';
import { CsrfField } from '../components/form.tsx';
import { Page } from '../components/layout.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { notice, sessionOf, text } from './page-helpers.tsx';
import { deletePendingLogin, getPendingLogin, putPendingLogin } from './pending-logins.ts';
import { BASE, StateBox } from './views.tsx';

// Connecting: log in with a 24SO user (a dedicated API user is recommended), pick one of the
// clients that user can reach, Lagre → the settings. A refused login stores nothing.

/**
 * The login and client-picker pages under /integrasjoner/24sevenoffice.
 * @example app.route('/', createConnectRoutes(deps));
 */
export function createConnectRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  // Read per request: tests may install another runtime after the app is built.
  const runtime = () => deps.integration;
  const pendingDeps = {
    db: deps.db,
    secretKey: deps.config.secretKey,
    previousSecretKeys: deps.config.previousSecretKeys,
    clock: deps.clock,
  };

  const loginPage = (
    c: Context<UiEnv>,
    o: { username: string; error?: string; status: ConnectionStatus },
    code: 200 | 422 | 503 = 200,
  ) => {
    const session = sessionOf(c);
    return c.html(
      <Page title="24SevenOffice – logg inn" session={session} path={c.req.path}>
        <h1>Koble til 24SevenOffice</h1>
        {notice(c)}
        {o.status.state !== 'not_connected' && <StateBox status={o.status} csrfToken={session.csrfToken} />}
        <section class="card login-24so">
          <h2>Logg inn med en 24SevenOffice-bruker</h2>
          <p>
            Vi anbefaler en egen API-bruker i 24SevenOffice for integrasjonen, ikke en ansatts egen bruker: da
            stopper ikke integrasjonen når noen slutter eller bytter passord, og endringene fra Broen er lette
            å kjenne igjen.
          </p>
          {o.error && (
            <p class="notice notice-error" role="alert">
              {o.error}
            </p>
          )}
          <form method="post" action={`${BASE}/logg-inn`}>
            <CsrfField token={session.csrfToken} />
            <div class="field">
              <label for="username">Brukernavn (e-post)</label>
              <input
                id="username"
                name="username"
                type="email"
                autocomplete="off"
                required
                value={o.username}
              />
            </div>
            <div class="field">
              <label for="password">Passord</label>
              <input id="password" name="password" type="password" autocomplete="new-password" required />
            </div>
            <div class="form-actions">
              <button type="submit">Logg inn</button>
            </div>
            {deps.config.demo && (
              <p class="demo-hint">
                Demo: den innebygde sandkassens bruker er <code>api@demo.no</code> /{' '}
                <code>demo-password</code>.
              </p>
            )}
          </form>
        </section>
      </Page>,
      code,
    );
  };

  app.get('/24sevenoffice', async (c) => {
    const status = await getConnectionStatus(deps.db, sessionOf(c).workspaceId);
    if (status.state === 'not_connected') return loginPage(c, { username: '', status });
    return c.redirect(`${BASE}/innstillinger`, 303);
  });

  app.get('/24sevenoffice/logg-inn', async (c) => {
    const status = await getConnectionStatus(deps.db, sessionOf(c).workspaceId);
    return loginPage(c, { username: status.username ?? '', status });
  });

  app.post('/24sevenoffice/logg-inn', async (c) => {
    const session = sessionOf(c);
    const body = await c.req.parseBody();
    const username = text(body.username);
    const password = typeof body.password === 'string' ? body.password : '';
    const status = await getConnectionStatus(deps.db, session.workspaceId);
    if (!username || !password) {
      return loginPage(c, { username, status, error: 'Skriv både brukernavn og passord.' }, 422);
    }
    const result = await listClientsForCredentials(runtime(), { username, password });
    if (!result.ok) {
      return loginPage(
        c,
        { username, status, error: result.message },
        result.state === 'unreachable' ? 503 : 422,
      );
    }
    if (result.clients.length === 0) {
      return loginPage(
        c,
        { username, status, error: 'Brukeren har ikke tilgang til noen klienter i 24SevenOffice.' },
        422,
      );
    }
    const key = await putPendingLogin(pendingDeps, session, { username, password, clients: result.clients });
    return c.redirect(`${BASE}/velg-klient?k=${encodeURIComponent(key)}`, 303);
  });

  const pickerPage = async (c: Context<UiEnv>, key: string, error?: string, code: 200 | 422 | 503 = 200) => {
    const session = sessionOf(c);
    const login = await getPendingLogin(pendingDeps, session.sessionHash, key);
    if (!login) return c.redirect(`${BASE}/logg-inn?melding=utlopt`, 303);
    return c.html(
      <Page title="24SevenOffice – velg klient" session={session} path={c.req.path}>
        <h1>Velg klient</h1>
        <p>
          Innlogget som <strong>{login.username}</strong>. Velg hvilken klient (firma) i 24SevenOffice Broen
          skal koble seg til.
        </p>
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <form method="post" action={`${BASE}/velg-klient`} class="card">
          <CsrfField token={session.csrfToken} />
          <input type="hidden" name="k" value={key} />
          <fieldset class="plain">
            <legend>Klienter brukeren har tilgang til</legend>
            {login.clients.map((client, i) => (
              <div class="field field-checkbox">
                <input
                  type="radio"
                  id={`client-${i}`}
                  name="identityId"
                  value={client.identityId}
                  checked={login.clients.length === 1}
                  required
                />
                <label for={`client-${i}`}>{client.name}</label>
              </div>
            ))}
          </fieldset>
          <div class="form-actions">
            <button type="submit">Lagre</button>
            <a href={`${BASE}/logg-inn`}>Avbryt</a>
          </div>
        </form>
      </Page>,
      code,
    );
  };

  app.get('/24sevenoffice/velg-klient', (c) => pickerPage(c, c.req.query('k') ?? ''));

  app.post('/24sevenoffice/velg-klient', async (c) => {
    const session = sessionOf(c);
    const body = await c.req.parseBody();
    const key = text(body.k);
    const login = await getPendingLogin(pendingDeps, session.sessionHash, key);
    if (!login) return c.redirect(`${BASE}/logg-inn?melding=utlopt`, 303);
    const identityId = text(body.identityId);
    if (!identityId) return pickerPage(c, key, 'Velg en klient.', 422);
    const result = await connectClient(runtime(), {
      workspaceId: session.workspaceId,
      actor: session.email,
      username: login.username,
      password: login.password,
      identityId,
    });
    if (!result.ok) {
      if (result.state === 'invalid_credentials') {
        await deletePendingLogin(deps.db, key);
        const status = await getConnectionStatus(deps.db, session.workspaceId);
        return loginPage(c, { username: login.username, status, error: result.message }, 422);
      }
      return pickerPage(c, key, result.message, result.state === 'unreachable' ? 503 : 422);
    }
    await deletePendingLogin(deps.db, key);
    // A new client's review comes first: its names are what the admin must look at now.
    if (result.reviewOpened)
      return c.redirect(
        `${BASE}/koblinger?melding=${result.switchedOff ? 'ny-klient-slatt-av' : 'ny-klient'}`,
        303,
      );
    const melding = result.switchedOff ? 'ny-klient-slatt-av' : 'tilkoblet';
    return c.redirect(`${BASE}/innstillinger?melding=${melding}`, 303);
  });

  return app;
}
