import { documentRoute, type ErrorSpec, type RouteDoc } from '../operations.ts';
import { pageQuerySchema } from '../pagination.ts';
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
  settingsDocumentSchema,
  settingsInputSchema,
} from './schemas.ts';

// Every /integration route as the OpenAPI document shows it (the router is plain Hono). Routes
// that talk to 24SO declare the connection problems they answer with, so a client (and the
// shared OpenAPI test) knows a 409 or 503 there is an expected answer, not a fault.

const tag = '24SevenOffice';

/** The answers of a route that needs a working 24SO connection (see problemToHttp in index.ts). */
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

const docs: RouteDoc[] = [
  {
    method: 'post',
    path: '/integration/connection/clients',
    operationId: 'listTwentyFourClients',
    summary: 'List klientene en 24SevenOffice-bruker har tilgang til (lagrer ingenting)',
    tag,
    body: credentialsSchema,
    schemaNames: { body: 'TwentyFourCredentials', response: 'TwentyFourClients' },
    responses: { 200: { description: 'Klientene', schema: clientsSchema } },
    errors: LOGIN_REFUSED,
  },
  {
    method: 'get',
    path: '/integration/connection',
    operationId: 'getTwentyFourConnection',
    summary: 'Tilkoblingens tilstand, klient og bruker (aldri passordet); leser ikke fra 24SevenOffice',
    tag,
    schemaNames: { response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilstanden', schema: connectionStatusSchema } },
  },
  {
    method: 'put',
    path: '/integration/connection',
    operationId: 'connectTwentyFour',
    summary: 'Koble til en klient; passordet lagres kryptert',
    tag,
    body: connectSchema,
    schemaNames: { body: 'TwentyFourConnect', response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilkoblet', schema: connectionStatusSchema } },
    errors: LOGIN_REFUSED,
  },
  {
    method: 'delete',
    path: '/integration/connection',
    operationId: 'disconnectTwentyFour',
    summary: 'Koble fra (innstillingene beholdes, integrasjonen slås av)',
    tag,
    responses: { 204: { description: 'Frakoblet' } },
  },
  {
    method: 'post',
    path: '/integration/connection/test',
    operationId: 'testTwentyFourConnection',
    summary: 'Test tilkoblingen nå, med ny innlogging; utfallet er tilstanden i svaret',
    tag,
    schemaNames: { response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilstanden etter testen', schema: connectionStatusSchema } },
  },
  {
    method: 'get',
    path: '/integration/connection/permissions',
    operationId: 'probeTwentyFourPermissions',
    summary: 'Les hver liste innstillingene trenger, og si hvilke brukeren ikke når',
    tag,
    schemaNames: { response: 'TwentyFourPermissions' },
    responses: { 200: { description: 'Én rad per liste', schema: permissionsSchema } },
    errors: NEEDS_CONNECTION,
  },
  {
    method: 'get',
    path: '/integration/settings',
    operationId: 'getIntegrationSettings',
    summary: 'Hele innstillingsdokumentet (standardverdier til noe er lagret); ETag er versjonen',
    tag,
    schemaNames: { response: 'IntegrationSettings' },
    responses: { 200: { description: 'Innstillingene', schema: settingsDocumentSchema } },
  },
  {
    method: 'put',
    path: '/integration/settings',
    operationId: 'putIntegrationSettings',
    summary: 'Lagre innstillingene (hele eller deler); kontrolleres mot 24SevenOffice før lagring',
    description:
      'Utelatte seksjoner og felt beholder sin verdi; de to koblingstabellene erstattes hele. En avvist lagring endrer ingenting, og `errors` navngir hvert felt. If-Match med ETag hindrer at en eldre side overskriver nyere endringer (409).',
    tag,
    body: settingsInputSchema,
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
  },
  {
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
  },
  {
    method: 'get',
    path: '/integration/coverage',
    operationId: 'getMappingCoverage',
    summary:
      'Hva som mangler kobling, hvor mange godkjente timer det holder igjen, og hvilke koblinger klienten ikke har',
    tag,
    schemaNames: { response: 'MappingCoverage' },
    responses: { 200: { description: 'Dekningen', schema: coverageSchema } },
  },
  {
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
  },
  {
    method: 'get',
    path: '/integration/audit',
    operationId: 'listIntegrationAudit',
    summary: 'Endringslogg: hvem endret hvilken innstilling når, fra og til (nyeste først)',
    tag,
    query: pageQuerySchema,
    schemaNames: { response: 'IntegrationAuditPage', query: 'IntegrationAuditQuery' },
    responses: { 200: { description: 'Én side av loggen', schema: auditPageSchema } },
  },
  {
    method: 'get',
    path: '/integration/activation',
    operationId: 'getIntegrationActivation',
    summary:
      'Om integrasjonen er på, hva som hindrer å slå den på (også koblinger klienten ikke har og avstemmingen), og hvorfor avstemmingen trengs',
    tag,
    schemaNames: { response: 'IntegrationActivation' },
    responses: { 200: { description: 'Aktiveringen', schema: activationStateSchema } },
  },
  {
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
  },
];

for (const doc of docs) documentRoute(doc);
