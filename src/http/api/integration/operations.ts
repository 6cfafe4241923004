import {
  activationOverview,
  connectClient,
  DUPLICATES_WARNING,
  disconnectAndSwitchOff,
  setActivation,
} from '../../../integration/activation.ts';
import { listAudit } from '../../../integration/audit.ts';
import {
  getConnectionStatus,
  listClientsForCredentials,
  testConnection,
} from '../../../integration/connection.ts';
import { computeCoverage } from '../../../integration/coverage.ts';
import { clearInvalidMappings } from '../../../integration/invalid-mappings.ts';
import { liveListsFor, probePermissions, readLookup } from '../../../integration/lookups.ts';
import { getSettings, saveSettings } from '../../../integration/settings.ts';
import { HttpError } from '../../errors.ts';
import { connectionProblemError, statusOf } from '../../outcome-status.ts';
import { apiActor } from '../api-env.ts';
import { type ApiOperation, defineOperation, type ErrorSpec } from '../operations.ts';
import { pageQuerySchema } from '../pagination.ts';
import { contactLinkOperations } from './contact-links.ts';
import { reconciliationOperations } from './reconciliation.ts';
import {
  activationSchema,
  activationStateSchema,
  auditPageSchema,
  clearedMappingsSchema,
  clientsSchema,
  connectionStatusSchema,
  connectSchema,
  coverageSchema,
  credentialsSchema,
  kindSchema,
  lookupListSchema,
  permissionsSchema,
  settingsBodySchema,
  settingsDocumentSchema,
  settingsInputSchema,
} from './schemas.ts';

// /api/v1/integration: the workspace's 24SO connection, its settings document, live 24SO lists,
// mapping coverage, activation and the settings audit, each declared once (validation, OpenAPI
// entry and typed answer). Every operation is scoped by the token's workspace; no answer ever
// carries the stored password. Operations that talk to 24SO declare the connection problems
// they answer with, so a client knows a 409 or 503 there is an expected answer, not a fault.
// The runtime is read per request (deps.integration): tests may install another after start.
// A POST that talks to 24SO stores its idempotent answer after it returns (`'after'`): a 24SO
// call must not run inside the request's transaction, and on SQLite it could not (the runtime
// writes the call budget through the app's one connection, which the transaction holds).

const tag = '24SevenOffice';

/** The answers of an operation that needs a working 24SO connection (see problemToHttp). */
const NEEDS_CONNECTION: ErrorSpec[] = [
  { status: 409, description: 'Arbeidsområdet er ikke koblet til 24SevenOffice (state not_connected).' },
  {
    status: 422,
    description:
      'Det lagrede passordet avvises, eller klienten er ikke lenger tilgjengelig (state invalid_credentials / client_unavailable): logg inn på nytt.',
  },
  { status: 503, description: '24SevenOffice svarer ikke akkurat nå (state unreachable).' },
];
const LOGIN_REFUSED: ErrorSpec[] = [
  {
    status: 422,
    description: 'Feil brukernavn eller passord, eller klienten er ikke tilgjengelig for brukeren.',
  },
  { status: 503, description: '24SevenOffice svarer ikke akkurat nå.' },
];

export const integrationOperations: ApiOperation[] = [
  defineOperation({
    method: 'post',
    path: '/integration/connection/clients',
    operationId: 'listTwentyFourClients',
    summary: 'List klientene en 24SevenOffice-bruker har tilgang til (lagrer ingenting)',
    tag,
    body: credentialsSchema,
    schemaNames: { body: 'TwentyFourCredentials', response: 'TwentyFourClients' },
    responses: { 200: { description: 'Klientene', schema: clientsSchema } },
    errors: LOGIN_REFUSED,
    idempotentAnswer: 'after',
    handler: async ({ deps, body }) => {
      const result = await listClientsForCredentials(deps.integration, body);
      if (!result.ok) throw connectionProblemError(result);
      return { status: 200, body: { clients: result.clients } };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/connection',
    operationId: 'getTwentyFourConnection',
    summary: 'Tilkoblingens tilstand, klient og bruker (aldri passordet); leser ikke fra 24SevenOffice',
    tag,
    schemaNames: { response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilstanden', schema: connectionStatusSchema } },
    handler: async ({ deps, workspaceId }) => ({
      status: 200,
      body: await getConnectionStatus(deps.db, workspaceId),
    }),
  }),
  defineOperation({
    method: 'put',
    path: '/integration/connection',
    operationId: 'connectTwentyFour',
    summary: 'Koble til en klient; passordet lagres kryptert',
    tag,
    body: connectSchema,
    schemaNames: { body: 'TwentyFourConnect', response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilkoblet', schema: connectionStatusSchema } },
    errors: LOGIN_REFUSED,
    handler: async ({ c, deps, workspaceId, body }) => {
      const result = await connectClient(deps.integration, { ...body, workspaceId, actor: apiActor(c) });
      if (!result.ok) throw connectionProblemError(result);
      return { status: 200, body: result.status };
    },
  }),
  defineOperation({
    method: 'delete',
    path: '/integration/connection',
    operationId: 'disconnectTwentyFour',
    summary: 'Koble fra (innstillingene beholdes, integrasjonen slås av)',
    tag,
    responses: { 204: { description: 'Frakoblet' } },
    handler: async ({ c, deps, workspaceId }) => {
      await disconnectAndSwitchOff(deps.integration, { workspaceId, actor: apiActor(c) });
      return { status: 204 };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/integration/connection/test',
    operationId: 'testTwentyFourConnection',
    summary: 'Test tilkoblingen nå, med ny innlogging; utfallet er tilstanden i svaret',
    tag,
    schemaNames: { response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilstanden etter testen', schema: connectionStatusSchema } },
    idempotentAnswer: 'after',
    handler: async ({ deps, workspaceId }) => ({
      status: 200,
      body: await testConnection(deps.integration, workspaceId),
    }),
  }),
  defineOperation({
    method: 'get',
    path: '/integration/connection/permissions',
    operationId: 'probeTwentyFourPermissions',
    summary: 'Les hver liste innstillingene trenger, og si hvilke brukeren ikke når',
    tag,
    schemaNames: { response: 'TwentyFourPermissions' },
    responses: { 200: { description: 'Én rad per liste', schema: permissionsSchema } },
    errors: NEEDS_CONNECTION,
    handler: async ({ deps, workspaceId }) => {
      const { settings } = await getSettings(deps.db, workspaceId);
      const result = await probePermissions(deps.integration, workspaceId, settings);
      if (!result.ok) throw connectionProblemError(result);
      return { status: 200, body: { items: result.results } };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/settings',
    operationId: 'getIntegrationSettings',
    summary: 'Hele innstillingsdokumentet (standardverdier til noe er lagret); ETag er versjonen',
    tag,
    schemaNames: { response: 'IntegrationSettings' },
    responses: { 200: { description: 'Innstillingene', schema: settingsDocumentSchema } },
    handler: async ({ deps, workspaceId }) => {
      const stored = await getSettings(deps.db, workspaceId);
      return { status: 200, body: stored.settings, headers: { ETag: `"${stored.version}"` } };
    },
  }),
  defineOperation({
    method: 'put',
    path: '/integration/settings',
    operationId: 'putIntegrationSettings',
    summary: 'Lagre innstillingene (hele eller deler); kontrolleres mot 24SevenOffice før lagring',
    description:
      'Utelatte seksjoner og felt beholder sin verdi; de to koblingstabellene erstattes hele. En avvist lagring endrer ingenting, og `errors` navngir hvert felt. If-Match med ETag hindrer at en eldre side overskriver nyere endringer (409).',
    tag,
    body: settingsBodySchema,
    documentedBody: settingsInputSchema,
    schemaNames: { body: 'IntegrationSettingsInput', response: 'IntegrationSettings' },
    responses: { 200: { description: 'Lagret', schema: settingsDocumentSchema } },
    errors: [
      { status: 409, description: 'Innstillingene ble endret i mellomtiden (If-Match stemmer ikke).' },
      {
        status: 422,
        description:
          'En timetype, maskin, arbeidstype, vare eller dimensjon finnes ikke (i arbeidsområdet eller i 24SevenOffice).',
      },
      { status: 503, description: '24SevenOffice svarer ikke, så nye referanser kan ikke kontrolleres.' },
    ],
    handler: async ({ c, deps, workspaceId, body }) => {
      const ifMatch = c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '');
      const expectedVersion = ifMatch && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined;
      const result = await saveSettings(deps.db, liveListsFor(deps.integration, workspaceId), deps.clock, {
        workspaceId,
        actor: apiActor(c),
        input: body,
        expectedVersion,
      });
      if (!result.ok) throw new HttpError(statusOf(result.code), result.message, result.errors);
      return { status: 200, body: result.stored.settings, headers: { ETag: `"${result.stored.version}"` } };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/lookups/:kind',
    operationId: 'getTwentyFourLookup',
    summary:
      'En levende liste fra 24SevenOffice: arbeidstyper, dimensjoner, avdelinger, varer eller kontakter',
    tag,
    params: kindSchema,
    schemaNames: { response: 'TwentyFourLookup' },
    responses: { 200: { description: 'Listen', schema: lookupListSchema } },
    errors: [
      ...NEEDS_CONNECTION,
      { status: 403, description: '24SevenOffice-brukeren har ikke tilgang til denne listen.' },
    ],
    handler: async ({ deps, workspaceId, params }) => {
      const result = await readLookup(deps.integration, workspaceId, params.kind);
      if (!result.ok) throw connectionProblemError(result);
      return { status: 200, body: { items: result.items, nextCursor: null } };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/coverage',
    operationId: 'getMappingCoverage',
    summary:
      'Hva som mangler kobling, hvor mange godkjente timer det holder igjen, og hvilke koblinger klienten ikke har',
    tag,
    schemaNames: { response: 'MappingCoverage' },
    responses: { 200: { description: 'Dekningen', schema: coverageSchema } },
    handler: async ({ deps, workspaceId }) => {
      const { stored, check } = await activationOverview(deps.integration, workspaceId);
      const coverage = await computeCoverage(
        deps.db,
        workspaceId,
        stored.settings,
        new Set(check.items.map((i) => i.path)),
      );
      const { checked, message, items } = check;
      return { status: 200, body: { ...coverage, invalidMappings: { checked, message, items } } };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/integration/settings/clear-invalid-mappings',
    operationId: 'clearInvalidMappings',
    summary: 'Fjern ugyldige koblinger: nøyaktig de koblingene den tilkoblede klienten ikke har',
    description:
      'Kontrollerer arbeidstyper, varenumre og dimensjoner mot klientens lister i 24SevenOffice og fjerner dem som ikke finnes, i én lagring som føres i endringsloggen. Andre innstillinger endres ikke.',
    tag,
    schemaNames: { response: 'ClearedMappings' },
    responses: {
      200: { description: 'Fjernet (cleared er tom når alt var gyldig)', schema: clearedMappingsSchema },
    },
    errors: [
      ...NEEDS_CONNECTION,
      { status: 403, description: '24SevenOffice-brukeren har ikke tilgang til en av listene.' },
    ],
    idempotentAnswer: 'after',
    handler: async ({ c, deps, workspaceId }) => {
      const result = await clearInvalidMappings(deps.integration, { workspaceId, actor: apiActor(c) });
      if (!result.ok) {
        if (result.state === 'refused') throw new HttpError(statusOf(result.code), result.message);
        throw connectionProblemError(result);
      }
      return {
        status: 200,
        body: { cleared: result.cleared, settings: result.stored.settings },
        headers: { ETag: `"${result.stored.version}"` },
      };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/audit',
    operationId: 'listIntegrationAudit',
    summary: 'Endringslogg: hvem endret hvilken innstilling når, fra og til (nyeste først)',
    tag,
    query: pageQuerySchema,
    schemaNames: { response: 'IntegrationAuditPage', query: 'IntegrationAuditQuery' },
    responses: { 200: { description: 'Én side av loggen', schema: auditPageSchema } },
    handler: async ({ deps, workspaceId, query }) => {
      const page = await listAudit(deps.db, workspaceId, { limit: query.limit, cursor: query.cursor });
      return { status: 200, body: { items: page.entries, nextCursor: page.nextCursor } };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/activation',
    operationId: 'getIntegrationActivation',
    summary:
      'Om integrasjonen er på, hva som hindrer å slå den på (også koblinger klienten ikke har og avstemmingen), og hvorfor avstemmingen trengs',
    tag,
    schemaNames: { response: 'IntegrationActivation' },
    responses: { 200: { description: 'Aktiveringen', schema: activationStateSchema } },
    handler: async ({ deps, workspaceId }) => {
      const { enabled, blockers } = await activationOverview(deps.integration, workspaceId);
      return { status: 200, body: { enabled, blockers, duplicatesWarning: DUPLICATES_WARNING } };
    },
  }),
  defineOperation({
    method: 'put',
    path: '/integration/activation',
    operationId: 'setIntegrationActivation',
    summary:
      'Slå integrasjonen på eller av (på krever tilkobling, varenumre, startdato og en bekreftet avstemming)',
    tag,
    body: activationSchema,
    schemaNames: { body: 'IntegrationActivationInput', response: 'IntegrationActivation' },
    responses: { 200: { description: 'Ny tilstand', schema: activationStateSchema } },
    errors: [{ status: 422, description: 'Kan ikke slås på ennå; `errors` lister hva som mangler.' }],
    handler: async ({ c, deps, workspaceId, body }) => {
      const result = await setActivation(deps.integration, { workspaceId, actor: apiActor(c), ...body });
      if (!result.ok) throw new HttpError(statusOf(result.code), result.message, result.blockers);
      return {
        status: 200,
        body: { enabled: result.stored.enabled, blockers: [], duplicatesWarning: DUPLICATES_WARNING },
      };
    },
  }),
  ...reconciliationOperations,
  ...contactLinkOperations,
];
