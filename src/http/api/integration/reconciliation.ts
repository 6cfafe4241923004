import type { Hono } from 'hono';
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
import { integrationRuntime } from '../../../integration/runtime.ts';
import { syncRuntime } from '../../../integration/sync/runtime.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import type { ApiContext, ApiEnv } from '../api-env.ts';
import { parseOr400, parseQuery, readJsonBody } from '../validation.ts';
import {
  type API_ENTITIES,
  decisionSchema,
  reconciliationIdSchema,
  reconciliationQuerySchema,
  reconciliationRowParamsSchema,
  remoteSearchQuerySchema,
} from './reconciliation-schemas.ts';

// /api/v1/integration/reconciliation: start a proposal (24SO is read by a job), read
// it with its rows, decide rows, search the 24SO records it read, and confirm it. Nothing here
// writes to 24SO.

/**
 * A refusal as the HTTP error it stands for; the changes of a stale proposal go in `errors`.
 * @example throw failureToHttp({ ok: false, status: 409, message: '…', changes: ['Ny i 24SevenOffice: …'] });
 */
export function failureToHttp(f: Failure): HttpError {
  return new HttpError(
    f.status,
    f.message,
    (f.changes ?? []).map((message) => ({ path: 'changes', message })),
  );
}

/**
 * Mounts the reconciliation routes on the integration router.
 * @example mountReconciliationRoutes(api, deps, actorOf);
 */
export function mountReconciliationRoutes(
  api: Hono<ApiEnv>,
  deps: AppDeps,
  actorOf: (c: ApiContext) => string,
): void {
  const ws = (c: ApiContext) => c.get('principal').workspaceId;

  api.post('/reconciliation', async (c) => {
    const { queue } = syncRuntime(deps);
    const rec = await startReconciliationJob(
      { db: deps.db, clock: deps.clock, queue },
      { workspaceId: ws(c), actor: actorOf(c) },
    );
    c.header('Location', `/api/v1/integration/reconciliation/${rec.id}`);
    return c.json({ id: rec.id, state: rec.state }, 202);
  });

  api.get('/reconciliation', async (c) => {
    const items = await listReconciliations(deps.db, ws(c), 20);
    return c.json({ items: items.map(summaryOf) });
  });

  api.get('/reconciliation/:id', async (c) => {
    const { id } = parseOr400(reconciliationIdSchema, c.req.param(), 'Ugyldig adresse.');
    const query = parseQuery(c, reconciliationQuerySchema);
    const view = await reconciliationView(deps.db, ws(c), id, {
      ...query,
      entity: query.entity ? fromApi(query.entity) : undefined,
    });
    if (!view) throw new HttpError(404, 'Avstemmingen finnes ikke.');
    const r = view.reconciliation;
    return c.json({
      id: r.id,
      state: r.state,
      message: r.message,
      calls: r.calls,
      requestedBy: r.requestedBy,
      confirmedBy: r.confirmedBy,
      confirmedAt: r.confirmedAt,
      createdAt: r.createdAt,
      summary: {
        ...view.summary,
        perEntity: Object.fromEntries(
          Object.entries(view.summary.perEntity).map(([k, v]) => [toApi(k as ReconEntity), v]),
        ),
      },
      rows: view.rows.map((r) => ({ ...r, entity: toApi(r.entity) })),
      total: view.total,
    });
  });

  api.get('/reconciliation/:id/remote', async (c) => {
    const { id } = parseOr400(reconciliationIdSchema, c.req.param(), 'Ugyldig adresse.');
    const query = parseQuery(c, remoteSearchQuerySchema);
    if (!(await getReconciliation(deps.db, ws(c), id))) throw new HttpError(404, 'Avstemmingen finnes ikke.');
    const items = await searchRemote(deps.db, id, query.entity ? fromApi(query.entity) : null, {
      q: query.q,
      limit: 50,
    });
    return c.json({
      items: items.map((e) => ({
        entity: toApi(e.entity),
        id: e.remoteId,
        label: e.label,
        detail: e.detail,
      })),
    });
  });

  api.patch('/reconciliation/:id/rows/:rowId', async (c) => {
    const { id, rowId } = parseOr400(reconciliationRowParamsSchema, c.req.param(), 'Ugyldig adresse.');
    const body = await readJsonBody(c, decisionSchema);
    const result = await decideRow(deps.db, deps.clock, {
      workspaceId: ws(c),
      id,
      rowId,
      action: body.action,
      remoteId: body.remoteId,
      actor: actorOf(c),
    });
    if (!result.ok) throw failureToHttp(result);
    const { row } = result;
    return c.json({ id: row.id, action: row.action, remoteId: row.remoteId, decidedBy: row.decidedBy });
  });

  api.post('/reconciliation/:id/confirm', async (c) => {
    const { id } = parseOr400(reconciliationIdSchema, c.req.param(), 'Ugyldig adresse.');
    const result = await confirmReconciliation(integrationRuntime(deps), {
      workspaceId: ws(c),
      id,
      actor: actorOf(c),
    });
    if (!result.ok) throw failureToHttp(result);
    return c.json(result.applied);
  });
}

const toApi = (e: ReconEntity) => `${e}s` as (typeof API_ENTITIES)[number];
const fromApi = (e: (typeof API_ENTITIES)[number]) => e.slice(0, -1) as ReconEntity;

function summaryOf(r: Reconciliation) {
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
