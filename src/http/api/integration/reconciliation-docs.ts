import { documentRoute, type ErrorSpec, type RouteDoc } from '../operations.ts';
import {
  confirmedSchema,
  decidedSchema,
  decisionSchema,
  reconciliationIdSchema,
  reconciliationListSchema,
  reconciliationQuerySchema,
  reconciliationRowParamsSchema,
  reconciliationSchema,
  remoteListSchema,
  remoteSearchQuerySchema,
  startedSchema,
} from './reconciliation-schemas.ts';

// The reconciliation routes as the OpenAPI document shows them (the router is plain Hono).

const tag = '24SevenOffice';
const NOT_FOUND: ErrorSpec = {
  status: 404,
  description: 'Avstemmingen (eller raden) finnes ikke i arbeidsområdet.',
};
const CLOSED: ErrorSpec = {
  status: 409,
  description:
    'Avstemmingen tar ikke imot endringer: den leser fortsatt, er bekreftet (av hvem og når), erstattet av en nyere eller feilet; ' +
    'eller 24SevenOffice er endret siden forslaget (errors lister endringene med path "changes"); eller rader er uavgjort.',
};

const docs: RouteDoc[] = [
  {
    method: 'post',
    path: '/integration/reconciliation',
    operationId: 'startReconciliation',
    summary:
      'Start en avstemming: leser kunder, prosjekter, varer og ansatte i 24SevenOffice og foreslår koblinger',
    description:
      'Lesingen går i bakgrunnen; svaret er 202 med id. Hent forslaget med GET til state er ready (eller failed). ' +
      'En åpen avstemming erstattes. Ingenting skrives til 24SevenOffice.',
    tag,
    schemaNames: { response: 'ReconciliationStarted' },
    responses: { 202: { description: 'Startet', schema: startedSchema } },
  },
  {
    method: 'get',
    path: '/integration/reconciliation',
    operationId: 'listReconciliations',
    summary: 'De siste avstemmingene, nyeste først',
    tag,
    schemaNames: { response: 'ReconciliationList' },
    responses: { 200: { description: 'Avstemmingene', schema: reconciliationListSchema } },
  },
  {
    method: 'get',
    path: '/integration/reconciliation/:id',
    operationId: 'getReconciliation',
    summary:
      'Forslaget med oppsummering og rader (begge sider ved siden av hverandre, kandidater og avgjørelser)',
    tag,
    params: reconciliationIdSchema,
    query: reconciliationQuerySchema,
    schemaNames: { response: 'Reconciliation', query: 'ReconciliationQuery' },
    responses: { 200: { description: 'Forslaget', schema: reconciliationSchema } },
    errors: [NOT_FOUND],
  },
  {
    method: 'get',
    path: '/integration/reconciliation/:id/remote',
    operationId: 'searchReconciliationRemote',
    summary: 'Søk blant postene som ble lest fra 24SevenOffice (for å velge en annen post til en rad)',
    tag,
    params: reconciliationIdSchema,
    query: remoteSearchQuerySchema,
    schemaNames: { response: 'ReconciliationRemoteList', query: 'ReconciliationRemoteQuery' },
    responses: { 200: { description: 'Treff (høyst 50)', schema: remoteListSchema } },
    errors: [NOT_FOUND],
  },
  {
    method: 'patch',
    path: '/integration/reconciliation/:id/rows/:rowId',
    operationId: 'decideReconciliationRow',
    summary: 'Avgjør en rad: koble til en post i 24SevenOffice, opprett ny, eller ikke synkroniser',
    tag,
    params: reconciliationRowParamsSchema,
    body: decisionSchema,
    schemaNames: { body: 'ReconciliationDecision', response: 'ReconciliationDecided' },
    responses: { 200: { description: 'Avgjort', schema: decidedSchema } },
    errors: [
      NOT_FOUND,
      CLOSED,
      {
        status: 422,
        description:
          'Posten i 24SevenOffice finnes ikke blant dem som ble lest, eller valget passer ikke raden.',
      },
    ],
  },
  {
    method: 'post',
    path: '/integration/reconciliation/:id/confirm',
    operationId: 'confirmReconciliation',
    summary: 'Bekreft avstemmingen: koblingene blir synkroniseringens koblinger, i én transaksjon',
    description:
      '24SevenOffice leses på nytt først; er noe endret siden forslaget, avvises bekreftelsen (409) med endringene. ' +
      'To samtidige bekreftelser: én vinner, den andre får 409 med hvem som bekreftet. Ingenting skrives til 24SevenOffice.',
    tag,
    params: reconciliationIdSchema,
    schemaNames: { response: 'ReconciliationConfirmed' },
    responses: { 200: { description: 'Bekreftet', schema: confirmedSchema } },
    errors: [
      NOT_FOUND,
      CLOSED,
      { status: 503, description: '24SevenOffice svarer ikke, så forslaget kan ikke kontrolleres.' },
    ],
  },
];

for (const doc of docs) documentRoute(doc);
