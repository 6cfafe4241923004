import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  DUPLICATES_WARNING,
  requiredMappingBlockers,
  setActivation,
} from '../../../integration/activation.ts';
import { listAudit } from '../../../integration/audit.ts';
import {
  type ConnectionStatus,
  disconnect,
  getConnectionStatus,
  listClientsForCredentials,
  saveConnection,
  testConnection,
} from '../../../integration/connection.ts';
import { computeCoverage } from '../../../integration/coverage.ts';
import type { LookupKind, LookupResult } from '../../../integration/lookup-types.ts';
import { liveListsFor, probePermissions, readLookup } from '../../../integration/lookups.ts';
import { integrationRuntime } from '../../../integration/runtime.ts';
import { getSettings, saveSettings, setEnabled } from '../../../integration/settings.ts';
import { listHourTypeRefs, listMachineRefs } from '../../../integration/workspace-refs.ts';
import { CsrfField } from '../components/form.tsx';
import { Notice, Page } from '../components/layout.tsx';
import type { SessionUser, UiDeps, UiEnv } from '../context.ts';
import { PendingLogins } from './pending-logins.ts';
import { type FormValues, formValuesOf, SettingsForm, settingsFromForm } from './settings-form.tsx';
import { ActivationBox, AuditTable, BASE, CoverageBox, ProbeTable, StateBox, SubNav } from './views.tsx';

// Integrasjoner → 24SevenOffice: log in with a 24SO user, pick a client, land on the settings;
// the connection box, coverage, activation and the audit log. Mounted at /integrasjoner.

/** Fixed notices by key, so no text from the address bar is ever echoed into a page. */
const NOTICES: Record<string, { text: string; kind: 'ok' | 'error' }> = {
  tilkoblet: { text: 'Tilkoblingen er lagret. Sett opp integrasjonen under.', kind: 'ok' },
  lagret: { text: 'Innstillingene er lagret.', kind: 'ok' },
  uendret: { text: 'Ingen endringer å lagre.', kind: 'ok' },
  testet: { text: 'Tilkoblingen er testet. Se tilstanden under.', kind: 'ok' },
  frakoblet: {
    text: 'Tilkoblingen til 24SevenOffice er fjernet. Innstillingene er tatt vare på.',
    kind: 'ok',
  },
  'slatt-pa': { text: 'Integrasjonen er slått på.', kind: 'ok' },
  'slatt-av': { text: 'Integrasjonen er slått av.', kind: 'ok' },
  utlopt: { text: 'Innloggingen er utløpt. Logg inn på nytt.', kind: 'error' },
};

function sessionOf(c: Context<UiEnv>): SessionUser {
  const session = c.var.session;
  if (!session) throw new Error('integration pages are mounted behind the login check');
  return session;
}

function notice(c: Context<UiEnv>) {
  const n = NOTICES[c.req.query('melding') ?? ''];
  return n ? <Notice text={n.text} kind={n.kind} /> : null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The 24SevenOffice pages under /integrasjoner/24sevenoffice.
 * @example ui.route('/integrasjoner', createIntegrationPageRoutes(deps));
 */
export function createIntegrationPageRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const pending = new PendingLogins(deps.clock);
  const runtime = () => integrationRuntime(deps);

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
    const key = pending.put(session.sessionHash, { username, password, clients: result.clients });
    return c.redirect(`${BASE}/velg-klient?k=${encodeURIComponent(key)}`, 303);
  });

  const pickerPage = (c: Context<UiEnv>, key: string, error?: string, code: 200 | 422 | 503 = 200) => {
    const session = sessionOf(c);
    const login = pending.get(session.sessionHash, key);
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
    const login = pending.get(session.sessionHash, key);
    if (!login) return c.redirect(`${BASE}/logg-inn?melding=utlopt`, 303);
    const identityId = text(body.identityId);
    if (!identityId) return pickerPage(c, key, 'Velg en klient.', 422);
    const result = await saveConnection(runtime(), session.workspaceId, {
      username: login.username,
      password: login.password,
      identityId,
    });
    if (!result.ok) {
      if (result.state === 'invalid_credentials') {
        pending.delete(key);
        const status = await getConnectionStatus(deps.db, session.workspaceId);
        return loginPage(c, { username: login.username, status, error: result.message }, 422);
      }
      return pickerPage(c, key, result.message, result.state === 'unreachable' ? 503 : 422);
    }
    pending.delete(key);
    return c.redirect(`${BASE}/innstillinger?melding=tilkoblet`, 303);
  });

  const settingsPage = async (
    c: Context<UiEnv>,
    o: { values?: FormValues; errors?: Record<string, string>; error?: string } = {},
    code: 200 | 400 | 409 | 422 | 503 = 200,
  ) => {
    const session = sessionOf(c);
    const ws = session.workspaceId;
    const [status, stored, hourTypes, machines] = await Promise.all([
      getConnectionStatus(deps.db, ws),
      getSettings(deps.db, ws),
      listHourTypeRefs(deps.db, ws),
      listMachineRefs(deps.db, ws),
    ]);
    // Lists are read one after the other: they share one cached 24SO session. Once one read
    // finds 24SO down (or the login refused), the rest are not tried, so a slow 24SO costs one
    // time-out per page view, not three.
    let blocked: LookupResult | undefined =
      status.state === 'not_connected'
        ? { ok: false, state: 'not_connected', message: status.message }
        : undefined;
    const read = async (kind: LookupKind): Promise<LookupResult> => {
      if (blocked) return blocked;
      const result = await readLookup(runtime(), ws, kind);
      if (!result.ok && result.state !== 'forbidden') blocked = result;
      return result;
    };
    const workTypes = await read('work-types');
    const products = await read('products');
    const dimensions = await read('dimensions');
    const canRead = status.state !== 'not_connected';
    // Reading may have changed the state (24SO down, password changed): show the fresh one.
    const current = canRead ? await getConnectionStatus(deps.db, ws) : status;
    const coverage = await computeCoverage(deps.db, ws, stored.settings);
    const blockers = requiredMappingBlockers(stored.settings);
    if (current.state !== 'connected') blockers.unshift({ path: 'connection', message: current.message });
    return c.html(
      <Page title="24SevenOffice – innstillinger" session={session} path={c.req.path}>
        <h1>24SevenOffice</h1>
        <SubNav current="settings" />
        {notice(c)}
        {o.error && <Notice text={o.error} kind="error" />}
        <StateBox status={current} csrfToken={session.csrfToken} />
        <CoverageBox coverage={coverage} />
        <SettingsForm
          csrfToken={session.csrfToken}
          values={o.values ?? formValuesOf(stored.settings)}
          errors={o.errors ?? {}}
          hourTypes={hourTypes}
          machines={machines}
          lists={{ workTypes, products, dimensions }}
          version={stored.version}
        />
        <ActivationBox
          enabled={stored.enabled}
          blockers={blockers}
          warning={DUPLICATES_WARNING}
          csrfToken={session.csrfToken}
        />
      </Page>,
      code,
    );
  };

  app.get('/24sevenoffice/innstillinger', (c) => settingsPage(c));

  app.post('/24sevenoffice/innstillinger', async (c) => {
    const session = sessionOf(c);
    const ws = session.workspaceId;
    const body = await c.req.parseBody();
    const [hourTypes, machines] = await Promise.all([
      listHourTypeRefs(deps.db, ws),
      listMachineRefs(deps.db, ws),
    ]);
    const input = settingsFromForm(body, hourTypes, machines);
    const version = text(body.version);
    const result = await saveSettings(deps.db, liveListsFor(runtime(), ws), deps.clock, {
      workspaceId: ws,
      actor: session.email,
      input,
      expectedVersion: /^\d+$/.test(version) ? Number(version) : undefined,
    });
    if (!result.ok) {
      const submitted: FormValues = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') submitted[k] = v;
      const errors = Object.fromEntries(result.errors.map((e) => [e.path, e.message]));
      return settingsPage(
        c,
        { values: result.status === 409 ? undefined : submitted, errors, error: result.message },
        result.status,
      );
    }
    return c.redirect(
      `${BASE}/innstillinger?melding=${result.changes.length > 0 ? 'lagret' : 'uendret'}`,
      303,
    );
  });

  app.post('/24sevenoffice/test', async (c) => {
    await testConnection(runtime(), sessionOf(c).workspaceId);
    return c.redirect(`${BASE}/innstillinger?melding=testet`, 303);
  });

  app.post('/24sevenoffice/koble-fra', async (c) => {
    const session = sessionOf(c);
    await disconnect(runtime(), session.workspaceId);
    await setEnabled(deps.db, deps.clock, {
      workspaceId: session.workspaceId,
      actor: session.email,
      enabled: false,
    });
    return c.redirect(`${BASE}?melding=frakoblet`, 303);
  });

  app.post('/24sevenoffice/aktivering', async (c) => {
    const session = sessionOf(c);
    const body = await c.req.parseBody();
    const enabled = text(body.enabled) === '1';
    const result = await setActivation(runtime(), {
      workspaceId: session.workspaceId,
      actor: session.email,
      enabled,
      acknowledgeDuplicates: text(body.acknowledgeDuplicates) === '1',
    });
    if (!result.ok) {
      const reasons = result.blockers.map((b) => b.message).join(' · ');
      return settingsPage(c, { error: `${result.message}: ${reasons}` }, 422);
    }
    return c.redirect(`${BASE}/innstillinger?melding=${enabled ? 'slatt-pa' : 'slatt-av'}`, 303);
  });

  app.get('/24sevenoffice/tilganger', async (c) => {
    const session = sessionOf(c);
    const { settings } = await getSettings(deps.db, session.workspaceId);
    const result = await probePermissions(runtime(), session.workspaceId, settings);
    const status = await getConnectionStatus(deps.db, session.workspaceId);
    return c.html(
      <Page title="24SevenOffice – tilganger" session={session} path={c.req.path}>
        <h1>Tilganger i 24SevenOffice</h1>
        <SubNav current="probe" />
        <StateBox status={status} csrfToken={session.csrfToken} />
        <section class="card">
          <h2>Lister innstillingene trenger</h2>
          {result.ok ? (
            <>
              <p>
                {result.results.every((r) => r.ok)
                  ? 'Brukeren når alle listene innstillingene trenger.'
                  : `Brukeren mangler tilgang til: ${result.results
                      .filter((r) => !r.ok)
                      .map((r) => r.label)
                      .join(', ')}. Gi API-brukeren tilgang i 24SevenOffice.`}
              </p>
              <ProbeTable results={result.results} />
            </>
          ) : (
            <p class="notice notice-error" role="alert">
              {result.message}
            </p>
          )}
        </section>
      </Page>,
      result.ok ? 200 : result.state === 'unreachable' ? 503 : 409,
    );
  });

  app.get('/24sevenoffice/logg', async (c) => {
    const session = sessionOf(c);
    const cursor = c.req.query('side') || undefined;
    const page = await listAudit(deps.db, session.workspaceId, { limit: 50, cursor });
    return c.html(
      <Page title="24SevenOffice – endringslogg" session={session} path={c.req.path}>
        <h1>Endringslogg for 24SevenOffice-innstillingene</h1>
        <SubNav current="audit" />
        <AuditTable entries={page.entries} />
        {page.nextCursor && (
          <p>
            <a href={`${BASE}/logg?side=${encodeURIComponent(page.nextCursor)}`}>Eldre endringer</a>
          </p>
        )}
      </Page>,
    );
  });

  return app;
}
