import type { Context } from 'hono';
import { Hono } from 'hono';
import { activationOverview, DUPLICATES_WARNING, setActivation } from '../../../integration/activation.ts';
import { listAudit } from '../../../integration/audit.ts';
import { getConnectionStatus, testConnection } from '../../../integration/connection.ts';
import { computeCoverage } from '../../../integration/coverage.ts';
import { settleWithin, USER_REQUEST_DEADLINE_MS, unfinishedMessage } from '../../../integration/deadline.ts';
import { clearInvalidMappings } from '../../../integration/invalid-mappings.ts';
import type { LookupItem, LookupKind, LookupResult } from '../../../integration/lookup-types.ts';
import { liveListsFor, probePermissions, readLookup } from '../../../integration/lookups.ts';
import { MAPPING_REVIEW } from '../../../integration/mapping-review.ts';
import { getSettings, saveSettings } from '../../../integration/settings.ts';
import { listRuns } from '../../../integration/sync/runs.ts';
import { listHourTypeRefs, listMachineRefs } from '../../../integration/workspace-refs.ts';
import { Notice, Page } from '../components/layout.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { LastRunCard } from '../sync/last-run.tsx';
import { createConnectRoutes } from './connect-routes.tsx';
import { createDisconnectRoutes } from './disconnect-routes.tsx';
import { ErrorSummary, type FormValues } from './form-controls.tsx';
import { InvalidMappingsBox } from './invalid-mappings-box.tsx';
import { dimensionLabel, workTypeLabel } from './labels.ts';
import { notice, sessionOf, text } from './page-helpers.tsx';
import { createReconciliationRoutes } from './reconciliation-routes.tsx';
import { createReviewRoutes } from './review-routes.tsx';
import { formValuesOf, SettingsForm, settingsFromForm } from './settings-form.tsx';
import {
  ActivationBox,
  AuditTable,
  BASE,
  CoverageBox,
  type IdNames,
  ProbeTable,
  StateBox,
  SubNav,
} from './views.tsx';

// Integrasjoner → 24SevenOffice: log in with a 24SO user, pick a client, land on the settings;
// the connection box, coverage, activation and the audit log. Mounted at /integrasjoner.

/**
 * The 24SevenOffice pages under /integrasjoner/24sevenoffice.
 * @example ui.route('/integrasjoner', createIntegrationPageRoutes(deps));
 */
export function createIntegrationPageRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  // Read per request: tests may install another runtime after the app is built.
  const runtime = () => deps.integration;
  app.route('/', createConnectRoutes(deps));
  app.route('/', createDisconnectRoutes(deps));
  app.route('/', createReconciliationRoutes(deps));
  app.route('/', createReviewRoutes(deps));

  const settingsPage = async (
    c: Context<UiEnv>,
    o: { values?: FormValues; errors?: Record<string, string>; error?: string } = {},
    code: 200 | 400 | 409 | 422 | 503 = 200,
  ) => {
    const session = sessionOf(c);
    const ws = session.workspaceId;
    const [status, stored, hourTypes, machines, [lastRun]] = await Promise.all([
      getConnectionStatus(deps.db, ws),
      getSettings(deps.db, ws),
      listHourTypeRefs(deps.db, ws),
      listMachineRefs(deps.db, ws),
      listRuns(deps.db, ws, { limit: 1 }),
    ]);
    // The three lists are read in parallel (one shared, cached 24SO session and login) under
    // one overall deadline, so a slow 24SO costs the user at most that long; a list that did
    // not come in time says so in its picker. Once 24SO is found down (or the login refused),
    // later reads (the mapping check) are not tried.
    let blocked: LookupResult | undefined =
      status.state === 'not_connected'
        ? { ok: false, state: 'not_connected', message: status.message }
        : undefined;
    const late: LookupResult = {
      ok: false,
      state: 'unreachable',
      message: unfinishedMessage(USER_REQUEST_DEADLINE_MS),
    };
    const shown: LookupKind[] = ['work-types', 'products', 'dimensions'];
    const got = new Map<LookupKind, LookupResult>();
    if (!blocked) {
      const settled = await settleWithin(
        shown.map((kind) => () => readLookup(runtime(), ws, kind)),
        USER_REQUEST_DEADLINE_MS,
      );
      for (const [i, kind] of shown.entries()) {
        const outcome = settled[i];
        const result = outcome.finished ? outcome.value : late;
        got.set(kind, result);
        if (!result.ok && result.state !== 'forbidden') blocked ??= result;
      }
    }
    const read = async (kind: LookupKind): Promise<LookupResult> => {
      const known = got.get(kind);
      if (known) return known;
      if (blocked) return blocked;
      const result = await readLookup(runtime(), ws, kind);
      if (!result.ok && result.state !== 'forbidden') blocked = result;
      return result;
    };
    const workTypes = await read('work-types');
    const products = await read('products');
    const dimensions = await read('dimensions');
    // The lists just read (cached) tell which mappings the connected client does not have; the
    // state is read again after them (24SO down, password changed): the same rule as the API.
    const clientName = status.client?.name ?? null;
    const { check, blockers, status: current } = await activationOverview(runtime(), ws, { list: read });
    // Only a checked mapping counts as cover: one the client lacks is a gap like a missing one.
    const coverage = await computeCoverage(
      deps.db,
      ws,
      stored.settings,
      new Set(check.items.map((i) => i.path)),
    );
    const invalidErrors = Object.fromEntries(check.items.map((i) => [i.path, i.message]));
    return c.html(
      <Page title="24SevenOffice – innstillinger" session={session} path={c.req.path}>
        <h1>24SevenOffice</h1>
        <SubNav current="settings" />
        {notice(c)}
        {o.errors && Object.keys(o.errors).length > 0 ? (
          <ErrorSummary errors={o.errors} />
        ) : (
          o.error && <Notice text={o.error} kind="error" />
        )}
        <StateBox status={current} csrfToken={session.csrfToken} />
        <LastRunCard run={lastRun} />
        {blockers
          .filter((b) => b.path === MAPPING_REVIEW)
          .map((b) => (
            <p class="notice notice-error" role="alert" data-testid="mapping-review-pending">
              Byttet klient: <a href={`${BASE}/koblinger`}>{b.message}</a>.
            </p>
          ))}
        <InvalidMappingsBox
          check={check}
          clientName={clientName}
          version={stored.version}
          csrfToken={session.csrfToken}
        />
        <CoverageBox coverage={coverage} />
        <SettingsForm
          csrfToken={session.csrfToken}
          values={o.values ?? formValuesOf(stored.settings)}
          errors={{ ...invalidErrors, ...o.errors }}
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

  app.post('/24sevenoffice/fjern-ugyldige', async (c) => {
    const session = sessionOf(c);
    const version = text((await c.req.parseBody()).version);
    const result = await clearInvalidMappings(runtime(), {
      workspaceId: session.workspaceId,
      actor: session.email,
      expectedVersion: /^\d+$/.test(version) ? Number(version) : undefined,
    });
    if (!result.ok) {
      const code = result.state === 'refused' ? result.status : result.state === 'unreachable' ? 503 : 422;
      return settingsPage(c, { error: result.message }, code);
    }
    const melding = result.cleared.length > 0 ? 'ugyldige-fjernet' : 'ingen-ugyldige';
    return c.redirect(`${BASE}/innstillinger?melding=${melding}`, 303);
  });

  app.post('/24sevenoffice/aktivering', async (c) => {
    const session = sessionOf(c);
    const body = await c.req.parseBody();
    const enabled = text(body.enabled) === '1';
    const result = await setActivation(runtime(), {
      workspaceId: session.workspaceId,
      actor: session.email,
      enabled,
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
                  : result.results.some((r) => !r.ok && !r.timedOut)
                    ? `Brukeren mangler tilgang til: ${result.results
                        .filter((r) => !r.ok && !r.timedOut)
                        .map((r) => r.label)
                        .join(', ')}. Gi API-brukeren tilgang i 24SevenOffice.`
                    : 'Brukeren når alle listene som ble kontrollert.'}
              </p>
              {result.results.some((r) => r.timedOut) && (
                <p class="notice notice-error" role="alert" data-testid="probe-unfinished">
                  Disse kontrollene ble ikke ferdige fordi 24SevenOffice svarte for sakte:{' '}
                  {result.results
                    .filter((r) => r.timedOut)
                    .map((r) => r.label)
                    .join(', ')}
                  . Prøv igjen om litt.
                </p>
              )}
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

  /** Names for the work type and dimension ids on an audit page (cached live lists). */
  const idNamesFor = async (paths: string[], ws: string): Promise<IdNames> => {
    const names: IdNames = {};
    const wanted: [keyof IdNames, string, (item: LookupItem) => string][] = [
      ['work-types', 'hours.workTypeByHourType.', workTypeLabel],
      ['dimensions', 'invoicing.dimensionByMachine.', dimensionLabel],
    ];
    for (const [kind, prefix, label] of wanted) {
      if (!paths.some((p) => p.startsWith(prefix))) continue;
      const list = await readLookup(runtime(), ws, kind);
      if (list.ok) names[kind] = new Map(list.items.map((item) => [item.id, label(item)]));
    }
    return names;
  };

  app.get('/24sevenoffice/logg', async (c) => {
    const session = sessionOf(c);
    const cursor = c.req.query('side') || undefined;
    const page = await listAudit(deps.db, session.workspaceId, { limit: 50, cursor });
    const status = await getConnectionStatus(deps.db, session.workspaceId);
    const names =
      status.state === 'connected'
        ? await idNamesFor(
            page.entries.map((e) => e.path),
            session.workspaceId,
          )
        : {};
    return c.html(
      <Page title="24SevenOffice – endringslogg" session={session} path={c.req.path}>
        <h1>Endringslogg for 24SevenOffice-innstillingene</h1>
        <SubNav current="audit" />
        <StateBox status={status} csrfToken={session.csrfToken} />
        <AuditTable entries={page.entries} names={names} />
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
