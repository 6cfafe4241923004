import { Hono } from 'hono';
import {
  activationOverview,
  connectClient,
  DUPLICATES_WARNING,
  disconnectAndSwitchOff,
  setActivation,
} from '../../../integration/activation.ts';
import { listAudit } from '../../../integration/audit.ts';
import {
  type ConnectionProblem,
  getConnectionStatus,
  listClientsForCredentials,
  testConnection,
} from '../../../integration/connection.ts';
import { computeCoverage } from '../../../integration/coverage.ts';
import { clearInvalidMappings } from '../../../integration/invalid-mappings.ts';
import { liveListsFor, probePermissions, readLookup } from '../../../integration/lookups.ts';
import { getSettings, saveSettings } from '../../../integration/settings.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import { parseGuardedJson } from '../../input-guard.ts';
import { type ApiContext, type ApiEnv, apiActor } from '../api-env.ts';
import { pageQuerySchema } from '../pagination.ts';
import { parseOr400, parseQuery, readJsonBody } from '../validation.ts';
import './openapi-docs.ts';
import './reconciliation-docs.ts';
import { mountContactLinkRoutes } from './contact-links.ts';
import { mountMappingReviewRoutes } from './mapping-review.ts';
import { mountReconciliationRoutes } from './reconciliation.ts';
import { activationSchema, connectSchema, credentialsSchema, kindSchema } from './schemas.ts';

// /api/v1/integration: the workspace's 24SO connection, its settings document, live 24SO lists,
// mapping coverage, activation and the settings audit. Every route is scoped by the token's
// workspace; no response ever carries the stored password.

/** A connection problem as the HTTP error it stands for. */
function problemToHttp(p: ConnectionProblem): HttpError {
  const status =
    p.state === 'unreachable' ? 503 : p.state === 'not_connected' ? 409 : p.state === 'forbidden' ? 403 : 422;
  return new HttpError(status, p.message, [], undefined);
}

/**
 * The integration routes, mounted at /api/v1/integration.
 * @example api.route('/integration', createIntegrationApiRoutes(deps));
 */
export function createIntegrationApiRoutes(deps: AppDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  // Read per request: tests may install another runtime after the app is built.
  const runtime = () => deps.integration;
  const ws = (c: ApiContext) => c.get('principal').workspaceId;

  api.post('/connection/clients', async (c) => {
    const body = await readJsonBody(c, credentialsSchema);
    const result = await listClientsForCredentials(runtime(), body);
    if (!result.ok) throw problemToHttp(result);
    return c.json({ clients: result.clients });
  });

  api.get('/connection', async (c) => c.json(await getConnectionStatus(deps.db, ws(c))));

  api.put('/connection', async (c) => {
    const body = await readJsonBody(c, connectSchema);
    const result = await connectClient(runtime(), { ...body, workspaceId: ws(c), actor: apiActor(c) });
    if (!result.ok) throw problemToHttp(result);
    return c.json(result.status);
  });

  api.delete('/connection', async (c) => {
    await disconnectAndSwitchOff(runtime(), { workspaceId: ws(c), actor: apiActor(c) });
    return c.body(null, 204);
  });

  api.post('/connection/test', async (c) => c.json(await testConnection(runtime(), ws(c))));

  api.get('/connection/permissions', async (c) => {
    const { settings } = await getSettings(deps.db, ws(c));
    const result = await probePermissions(runtime(), ws(c), settings);
    if (!result.ok) throw problemToHttp(result);
    return c.json({ items: result.results });
  });

  api.get('/settings', async (c) => {
    const stored = await getSettings(deps.db, ws(c));
    c.header('ETag', `"${stored.version}"`);
    return c.json(stored.settings);
  });

  api.put('/settings', async (c) => {
    const text = await c.req.text();
    const input = parseGuardedJson(text);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new HttpError(400, 'Innstillingene må være et JSON-objekt.');
    }
    const ifMatch = c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '');
    const expectedVersion = ifMatch && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined;
    const result = await saveSettings(deps.db, liveListsFor(runtime(), ws(c)), deps.clock, {
      workspaceId: ws(c),
      actor: apiActor(c),
      input,
      expectedVersion,
    });
    if (!result.ok) throw new HttpError(result.status, result.message, result.errors);
    c.header('ETag', `"${result.stored.version}"`);
    return c.json(result.stored.settings);
  });

  api.get('/lookups/:kind', async (c) => {
    const { kind } = parseOr400(kindSchema, c.req.param(), 'Ugyldig adresse.');
    const result = await readLookup(runtime(), ws(c), kind);
    if (!result.ok)
      throw problemToHttp({ ok: false, state: result.state, message: result.message, detail: '' });
    return c.json({ items: result.items, nextCursor: null });
  });

  api.get('/coverage', async (c) => {
    const { stored, check } = await activationOverview(runtime(), ws(c));
    const coverage = await computeCoverage(
      deps.db,
      ws(c),
      stored.settings,
      new Set(check.items.map((i) => i.path)),
    );
    const { checked, message, items } = check;
    return c.json({ ...coverage, invalidMappings: { checked, message, items } });
  });

  api.post('/settings/clear-invalid-mappings', async (c) => {
    const result = await clearInvalidMappings(runtime(), { workspaceId: ws(c), actor: apiActor(c) });
    if (!result.ok) {
      if (result.state === 'refused') throw new HttpError(result.status, result.message);
      throw problemToHttp(result);
    }
    c.header('ETag', `"${result.stored.version}"`);
    return c.json({ cleared: result.cleared, settings: result.stored.settings });
  });

  api.get('/audit', async (c) => {
    const query = parseQuery(c, pageQuerySchema);
    const page = await listAudit(deps.db, ws(c), { limit: query.limit, cursor: query.cursor });
    return c.json({ items: page.entries, nextCursor: page.nextCursor });
  });

  api.get('/activation', async (c) => {
    const { enabled, blockers } = await activationOverview(runtime(), ws(c));
    return c.json({ enabled, blockers, duplicatesWarning: DUPLICATES_WARNING });
  });

  api.put('/activation', async (c) => {
    const body = await readJsonBody(c, activationSchema);
    const result = await setActivation(runtime(), { workspaceId: ws(c), actor: apiActor(c), ...body });
    if (!result.ok) throw new HttpError(result.status, result.message, result.blockers);
    return c.json({ enabled: result.stored.enabled, blockers: [], duplicatesWarning: DUPLICATES_WARNING });
  });

  mountReconciliationRoutes(api, deps, apiActor);
  mountContactLinkRoutes(api, deps);
  mountMappingReviewRoutes(api, deps);

  return api;
}
