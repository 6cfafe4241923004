import type { Hono } from 'hono';
import type { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { storeIdempotentAnswer } from '../idempotency-store.ts';
import type { ApiContext, ApiEnv } from './api-env.ts';
import { parseOr400, parseQuery, readJsonBody } from './validation.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Error statuses an operation may declare besides the 400/401 every operation can give. */
export type ErrorStatus = 403 | 404 | 409 | 422 | 503;

/**
 * An error answer an operation can give, as problem+json: a status, or a status with what it
 * means for this operation (e.g. 409 "not connected to 24SevenOffice").
 */
export type ErrorSpec = ErrorStatus | { status: ErrorStatus; description: string };

export interface ResponseSpec {
  description: string;
  /** Omitted for bodiless answers (204). Problem responses are added by the OpenAPI builder. */
  schema?: z.ZodType;
}

/** What a handler gets: validated input and the calling workspace. */
export interface OperationInput<P, Q, B> {
  c: ApiContext;
  deps: AppDeps;
  workspaceId: string;
  params: P;
  query: Q;
  body: B;
}

type SuccessStatus = 200 | 201 | 202 | 204;

/** The success answers an operation declares, by status. */
export type ResponseSpecs = Partial<Record<SuccessStatus, ResponseSpec>>;

/** Headers an answer sets besides its content type (e.g. the settings' ETag). */
type AnswerHeaders = Record<string, string>;

/**
 * What a handler answers: one of the declared statuses with a body its schema accepts, so a
 * wrong answer is a compile error; or a ready response (a list as CSV for `Accept: text/csv`).
 */
export type OperationResult<R extends ResponseSpecs = ResponseSpecs> =
  | {
      [S in keyof R & SuccessStatus]: R[S] extends { schema: z.ZodType }
        ? { status: S; body: z.input<R[S]['schema']>; headers?: AnswerHeaders; response?: undefined }
        : { status: S; body?: undefined; headers?: AnswerHeaders; response?: undefined };
    }[keyof R & SuccessStatus]
  | { status: keyof R & SuccessStatus; response: Response; body?: undefined; headers?: undefined };

/**
 * One API operation, declared once: the router mounts it with these validators and the OpenAPI
 * document is generated from the same declaration, so neither can drift from the other.
 */
// biome-ignore lint/suspicious/noExplicitAny: a list of operations holds many input types
export interface ApiOperation<P = any, Q = any, B = any, R extends ResponseSpecs = any> {
  method: HttpMethod;
  /** Hono-style path below /api/v1, e.g. `/customers/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  description?: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * What the OpenAPI document shows as the body when `body` only checks its outline and the
   * domain names every field itself (the integration settings, checked against 24SO).
   */
  documentedBody?: z.ZodType;
  /** Names for the generated components, e.g. `{ body: 'CustomerCreate' }`. */
  schemaNames?: { body?: string; response?: string; query?: string };
  responses: R;
  /** Error answers this operation can give besides 400/401 (e.g. 404, 409, 422, 503). */
  errors?: ErrorSpec[];
  /**
   * When the body fails its schema: the domain's other problems with the same body (a number
   * in use, a postal code, references), added to the 400 so every field is named in one answer.
   */
  moreBodyProblems?: (input: {
    deps: AppDeps;
    workspaceId: string;
    params: P;
    body: unknown;
  }) => Promise<Array<{ path: string; message: string }>>;
  /** False only for the few operations open without a token (the OpenAPI document). */
  authenticated?: boolean;
  /**
   * False for an operation that talks to 24SO or queues a job: it runs outside the request's
   * transaction even with an Idempotency-Key, and its answer is stored after it, as for a plain
   * route. A 24SO call must not hold a database transaction open, and on SQLite the runtime's
   * own queries would wait for ever on the one connection that transaction holds.
   */
  requestTransaction?: false;
  handler: (input: OperationInput<P, Q, B>) => Promise<OperationResult<R>> | OperationResult<R>;
}

/**
 * Declares an operation with its input types inferred from its schemas and its answers typed by
 * its response schemas.
 * @example defineOperation({ method: 'get', path: '/customers/:id', params: idParams, …, handler })
 */
export function defineOperation<
  P = undefined,
  Q = undefined,
  B = undefined,
  const R extends ResponseSpecs = ResponseSpecs,
>(op: ApiOperation<P, Q, B, R>): ApiOperation<P, Q, B, R> {
  return op;
}

/** The documentation half of an operation, for a route served by a plain Hono router. */
export type RouteDoc = Omit<ApiOperation, 'handler'>;

const routeDocs = new Map<string, RouteDoc>();

/**
 * Documents a route of a plain Hono router mounted under /api/v1, so the OpenAPI document shows
 * it with its schemas instead of as `x-undeclared`. `path` is the full Hono path below /api/v1.
 * Call it once, at module load, beside the route.
 * @example documentRoute({ method: 'post', path: '/imports/:entity', operationId: 'importCsv', … });
 */
export function documentRoute(doc: RouteDoc): void {
  routeDocs.set(`${doc.method} ${doc.path}`, doc);
}

/** The documentation registered for a plain route, if any. */
export function documentedRoute(method: HttpMethod, path: string): RouteDoc | undefined {
  return routeDocs.get(`${method} ${path}`);
}

/**
 * Mounts declared operations on a Hono app: validates path, query and body with the declared
 * schemas (400 naming each field) and renders the result as JSON.
 * @example mountOperations(api, deps, customerOperations);
 */
export function mountOperations(app: Hono<ApiEnv>, deps: AppDeps, operations: readonly ApiOperation[]): void {
  for (const op of operations) {
    app.on(op.method.toUpperCase(), op.path, async (c) => {
      const params = op.params ? parseOr400(op.params, c.req.param(), 'Ugyldig adresse.') : undefined;
      const query = op.query ? parseQuery(c, op.query) : undefined;
      const body = op.body ? await readBodyWithAllProblems(c, deps, op, params) : undefined;
      const input = { c, deps, workspaceId: c.get('principal')?.workspaceId, params, query, body };
      const claim = c.get('idempotency');
      if (!claim || op.requestTransaction === false) return render(await op.handler(input));
      // A POST with an Idempotency-Key: the record and the stored answer commit together.
      const response = await deps.db.transaction().execute(async (trx) => {
        const rendered = render(await op.handler({ ...input, deps: { ...deps, db: trx } }));
        await storeIdempotentAnswer(trx, claim, rendered.status, await rendered.clone().text());
        return rendered;
      });
      claim.stored = true;
      return response;
    });
  }
}

/** The validated body; a 400 also names the domain's other problems when the op can tell them. */
async function readBodyWithAllProblems(
  c: ApiContext,
  deps: AppDeps,
  op: ApiOperation,
  params: unknown,
): Promise<unknown> {
  try {
    return await readJsonBody(c, op.body as z.ZodType);
  } catch (error) {
    const workspaceId = c.get('principal')?.workspaceId;
    if (!(error instanceof HttpError) || error.errors.length === 0 || !op.moreBodyProblems || !workspaceId)
      throw error;
    const body = JSON.parse(await c.req.text());
    const more = await op.moreBodyProblems({ deps, workspaceId, params, body });
    const named = new Set(error.errors.map((e) => e.path));
    const errors = [...error.errors, ...more.filter((e) => !named.has(e.path))];
    throw new HttpError(
      error.status,
      errors.length === 1 ? error.detail : 'Noen av feltene er ikke gyldige.',
      errors,
    );
  }
}

function render(result: OperationResult): Response {
  if (result.response) return result.response;
  if (result.status === 204) return new Response(null, { status: 204, headers: result.headers });
  return new Response(JSON.stringify(result.body ?? null), {
    status: result.status,
    headers: { ...result.headers, 'content-type': 'application/json' },
  });
}

/** Hono `/customers/:id` → OpenAPI `/customers/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}
