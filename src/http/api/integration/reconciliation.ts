import { confirmReconciliation } from '../../../integration/reconciliation/confirm.ts';
import { startReconciliationJob } from '../../../integration/reconciliation/job.ts';
import { decideRow, type Failure } from '../../../integration/reconciliation/service.ts';
import {
  getReconciliation,
  listReconciliations,
  type Reconciliation,
} from '../../../integration/reconciliation/store.ts';
import type { ReconEntity } from '../../../integration/reconciliation/tables.ts';
import { reconciliationView, searchRemote } from '../../../integration/reconciliation/view.ts';
import { HttpError } from '../../errors.ts';
import { statusOf } from '../../outcome-status.ts';
import { apiActor } from '../api-env.ts';
import { type ApiOperation, defineOperation, type ErrorSpec } from '../operations.ts';
import {
  type API_ENTITIES,
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

// /api/v1/integration/reconciliation: start a proposal (24SO is read by a job), read it with its
// rows, decide rows, search the 24SO records it read, and confirm it, each declared once
// (validation, OpenAPI entry and typed answer). Nothing here writes to 24SO. Starting queues a
// job and confirming reads 24SO, so both run outside the request's transaction.

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

/**
 * A refusal as the HTTP error it stands for (its status from the one table); the changes of a
 * stale proposal go in `errors`.
 * @example throw failureToHttp({ ok: false, code: 'conflict', message: '…', changes: ['Ny i 24SevenOffice: …'] });
 */
function failureToHttp(f: Failure): HttpError {
  return new HttpError(
    statusOf(f.code),
    f.message,
    (f.changes ?? []).map((message) => ({ path: 'changes', message })),
  );
}

const notFound = () => new HttpError(statusOf('not_found'), 'Avstemmingen finnes ikke.');

export const reconciliationOperations: ApiOperation[] = [
  defineOperation({
    method: 'post',
    path: '/integration/reconciliation',
    operationId: 'startReconciliation',
    summary:
      'Start en avstemming: leser kunder, prosjekter, varer og ansatte i 24SevenOffice og foreslår koblinger',
    description:
      'Lesingen går i bakgrunnen; svaret er 202 med id. Hent forslaget med GET til state er ready (eller failed). ' +
      'En åpen avstemming erstattes. Ingenting skrives til 24SevenOffice.',
    tag,
    idempotentAnswer: 'after',
    schemaNames: { response: 'ReconciliationStarted' },
    responses: { 202: { description: 'Startet', schema: startedSchema } },
    handler: async ({ c, deps, workspaceId }) => {
      const rec = await startReconciliationJob(
        { db: deps.db, clock: deps.clock, queue: deps.sync.queue },
        { workspaceId, actor: apiActor(c) },
      );
      return {
        status: 202,
        body: { id: rec.id, state: 'reading' as const },
        headers: { Location: `/api/v1/integration/reconciliation/${rec.id}` },
      };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/reconciliation',
    operationId: 'listReconciliations',
    summary: 'De siste avstemmingene, nyeste først',
    tag,
    schemaNames: { response: 'ReconciliationList' },
    responses: { 200: { description: 'Avstemmingene', schema: reconciliationListSchema } },
    handler: async ({ deps, workspaceId }) => {
      const items = await listReconciliations(deps.db, workspaceId, 20);
      return { status: 200, body: { items: items.map(headOf) } };
    },
  }),
  defineOperation({
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
    handler: async ({ deps, workspaceId, params, query }) => {
      const view = await reconciliationView(deps.db, workspaceId, params.id, {
        ...query,
        entity: query.entity ? fromApi(query.entity) : undefined,
      });
      if (!view) throw notFound();
      const { summary } = view;
      return {
        status: 200,
        body: {
          ...headOf(view.reconciliation),
          summary: {
            ...summary,
            perEntity: {
              customers: summary.perEntity.customer,
              projects: summary.perEntity.project,
              products: summary.perEntity.product,
              employees: summary.perEntity.employee,
            },
          },
          rows: view.rows.map((r) => ({ ...r, entity: toApi(r.entity) })),
          total: view.total,
        },
      };
    },
  }),
  defineOperation({
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
    handler: async ({ deps, workspaceId, params, query }) => {
      if (!(await getReconciliation(deps.db, workspaceId, params.id))) throw notFound();
      const items = await searchRemote(deps.db, params.id, query.entity ? fromApi(query.entity) : null, {
        q: query.q,
        limit: 50,
      });
      return {
        status: 200,
        body: {
          items: items.map((e) => ({
            entity: toApi(e.entity),
            id: e.remoteId,
            label: e.label,
            detail: e.detail,
          })),
        },
      };
    },
  }),
  defineOperation({
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
    handler: async ({ c, deps, workspaceId, params, body }) => {
      const result = await decideRow(deps.db, deps.clock, {
        workspaceId,
        id: params.id,
        rowId: params.rowId,
        action: body.action,
        remoteId: body.remoteId,
        actor: apiActor(c),
      });
      if (!result.ok) throw failureToHttp(result);
      const { row } = result;
      return {
        status: 200,
        body: { id: row.id, action: row.action, remoteId: row.remoteId, decidedBy: row.decidedBy },
      };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/integration/reconciliation/:id/confirm',
    operationId: 'confirmReconciliation',
    summary: 'Bekreft avstemmingen: koblingene blir synkroniseringens koblinger, i én transaksjon',
    description:
      '24SevenOffice leses på nytt først; er noe endret siden forslaget, avvises bekreftelsen (409) med endringene. ' +
      'To samtidige bekreftelser: én vinner, den andre får 409 med hvem som bekreftet. Ingenting skrives til 24SevenOffice.',
    tag,
    idempotentAnswer: 'after',
    params: reconciliationIdSchema,
    schemaNames: { response: 'ReconciliationConfirmed' },
    responses: { 200: { description: 'Bekreftet', schema: confirmedSchema } },
    errors: [
      NOT_FOUND,
      CLOSED,
      { status: 503, description: '24SevenOffice svarer ikke, så forslaget kan ikke kontrolleres.' },
    ],
    handler: async ({ c, deps, workspaceId, params }) => {
      const result = await confirmReconciliation(deps.integration, {
        workspaceId,
        id: params.id,
        actor: apiActor(c),
      });
      if (!result.ok) throw failureToHttp(result);
      return { status: 200, body: result.applied };
    },
  }),
];

const toApi = (e: ReconEntity) => `${e}s` as (typeof API_ENTITIES)[number];
const fromApi = (e: (typeof API_ENTITIES)[number]) => e.slice(0, -1) as ReconEntity;

function headOf(r: Reconciliation) {
  return {
    id: r.id,
    state: r.state,
    message: r.message,
    calls: r.calls,
    requestedBy: r.requestedBy,
    confirmedBy: r.confirmedBy,
    confirmedAt: r.confirmedAt,
    createdAt: r.createdAt,
  };
}
