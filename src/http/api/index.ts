import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { HttpError, problemResponse } from '../errors.ts';
import { assertCleanTarget, bodyCap } from '../input-guard.ts';
import { httpErrorOf } from '../outcome-status.ts';
import type { ApiEnv } from './api-env.ts';
import { bearerAuth } from './bearer-auth.ts';
import { customerOperations } from './customers.ts';
import { employeeOperations } from './employees.ts';
import { freeTextLineOperations } from './free-text-lines.ts';
import { hourTypeOperations } from './hour-types.ts';
import { hourOperations } from './hours.ts';
import { idempotency } from './idempotency.ts';
import { importOperations } from './imports.ts';
import { mappingReviewOperations } from './integration/mapping-review.ts';
import { integrationOperations } from './integration/operations.ts';
import { invoicingOperations } from './invoicing.ts';
import { machineOperations } from './machines.ts';
import { materialLineOperations } from './material-lines.ts';
import { buildOpenApiDocument, type UndeclaredRoute } from './openapi.ts';
import { type ApiOperation, defineOperation, type HttpMethod, mountOperations } from './operations.ts';
import { productOperations } from './products.ts';
import { projectOperations } from './projects.ts';
import { syncOperations } from './sync.ts';
import { transportOperations } from './transport.ts';

/** Bigger bodies are refused with 413 before anything reads them (CSV imports included). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Every declared operation of the workspace resources; the routes and the OpenAPI document are
 * both made from this list.
 */
export const apiOperations: readonly ApiOperation[] = [
  ...customerOperations,
  ...employeeOperations,
  ...hourTypeOperations,
  ...machineOperations,
  ...projectOperations,
  ...hourOperations,
  ...transportOperations,
  ...productOperations,
  ...materialLineOperations,
  ...freeTextLineOperations,
  ...invoicingOperations,
  ...syncOperations,
  ...integrationOperations,
  ...mappingReviewOperations,
  ...importOperations,
];

/**
 * The REST API, mounted by createApp at /api/v1. Order matters: the OpenAPI document is open,
 * everything after it needs a bearer token; POSTs pass the idempotency layer; unknown paths end
 * in a problem+json 404.
 * @example app.route('/api/v1', createApiRoutes(deps));
 */
export function createApiRoutes(deps: AppDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.onError((error, c) => {
    const httpError = httpErrorOf(error);
    if (!httpError) deps.logger.error({ err: error, path: c.req.path }, 'unhandled API error');
    const res = problemResponse(c, httpError ?? error);
    if (res.status === 401) res.headers.set('WWW-Authenticate', 'Bearer realm="broen"');
    return res;
  });

  // No control character (NUL …) in the path or query string, before any route reads them.
  api.use('*', async (c, next) => {
    assertCleanTarget(c);
    await next();
  });

  // Open without a token, so a client generator can fetch it; built once, on first request,
  // when every router (also those mounted below) is in place.
  let document: Record<string, unknown> | undefined;
  const openApiOperation = defineOperation({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'Dette dokumentet (OpenAPI 3.1)',
    tag: 'API',
    authenticated: false,
    schemaNames: { response: 'OpenApiDocument' },
    responses: { 200: { description: 'OpenAPI 3.1-dokumentet', schema: z.record(z.string(), z.unknown()) } },
    handler: () => {
      document ??= documentApi(api, [openApiOperation, ...apiOperations]);
      return { status: 200, body: document };
    },
  });
  mountOperations(api, deps, [openApiOperation]);

  api.use('*', bodyCap(MAX_BODY_BYTES));
  api.use('*', bearerAuth(deps));
  api.use('*', idempotency(deps));

  mountOperations(api, deps, apiOperations);

  api.all('*', () => {
    throw new HttpError(404, 'Denne adressen finnes ikke i API-et.');
  });
  return api;
}

/**
 * The OpenAPI document of an API app: its declared operations, and any plain route someone
 * mounted without declaring it listed as x-undeclared (the OpenAPI test fails on one).
 * @example const doc = documentApi(api, apiOperations);
 */
export function documentApi(api: Hono<ApiEnv>, operations: readonly ApiOperation[]): Record<string, unknown> {
  return buildOpenApiDocument(operations, undeclaredRoutes(api, operations));
}

/** Routes on the API app that no operation declares (plain Hono routers of other capabilities). */
export function undeclaredRoutes(api: Hono<ApiEnv>, operations: readonly ApiOperation[]): UndeclaredRoute[] {
  const declared = new Set(operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
  const out: UndeclaredRoute[] = [];
  const seen = new Set<string>();
  for (const route of api.routes) {
    const key = `${route.method} ${route.path}`;
    if (route.method === 'ALL' || route.path.includes('*') || declared.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push({ method: route.method.toLowerCase() as HttpMethod, path: route.path });
  }
  return out;
}
