import type { Hono } from 'hono';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
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

/**
 * A request body that is a file rather than JSON (a CSV import): the handler gets its bytes. A
 * request of another media type is a 415; one without a Content-Type is read as the file.
 * @example fileBody: fileBody({ mediaTypes: ['text/csv', 'text/plain'], what: 'CSV-filen', description: '…' })
 */
export interface FileBody<B = Uint8Array> {
  /** The media types accepted; the first is the one the OpenAPI document names. */
  mediaTypes: readonly [string, ...string[]];
  /** What the client should send, for the 415's sentence, e.g. 'CSV-filen'. */
  what: string;
  /** The file's format, as the OpenAPI document describes the body. */
  description: string;
  /** Type only, never set: what the handler's `body` is. */
  readonly bytes?: B;
}

/**
 * Declares a file body (see FileBody).
 * @example fileBody: fileBody({ mediaTypes: ['text/csv'], what: 'CSV-filen', description: 'UTF-8, én rad per linje' })
 */
export function fileBody(spec: Omit<FileBody, 'bytes'>): FileBody {
  return spec;
}

/**
 * Where a POST with an `Idempotency-Key` stores its answer (see ApiOperation.idempotentAnswer):
 * - `transaction` (the default): the handler runs in a transaction that stores the answer too,
 *   so the record and its answer commit together or not at all;
 * - `after`: the handler runs outside any transaction, because it talks to 24SO or queues a job
 *   (a remote call must not hold a transaction, nor SQLite's one connection), and the answer is
 *   stored once it has returned. Such an operation must be safe to repeat on its own: a crash in
 *   between leaves a claim without an answer, which a retry takes over;
 * - `handler`: the handler writes in a transaction of its own and stores the answer in it with
 *   `storeAnswer` (the CSV import, which writes its rows in batches). An answer it did not store
 *   (a dry run) is stored after it returns.
 */
export type IdempotentAnswer = 'transaction' | 'after' | 'handler';

/** What a handler gets: validated input and the calling workspace. */
export interface OperationInput<P, Q, B, R extends ResponseSpecs = ResponseSpecs> {
  c: ApiContext;
  deps: AppDeps;
  workspaceId: string;
  params: P;
  query: Q;
  body: B;
  /**
   * Stores the answer of a keyed POST in the handler's own transaction; set only when the
   * operation declares `idempotentAnswer: 'handler'` and the request carries a key it claimed.
   */
  storeAnswer?: (trx: Db, result: OperationResult<R>) => Promise<void>;
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
  /**
   * What a path outside `params` answers: 400 (the default; a malformed id) or 404, for a
   * segment that names a kind of thing (`/imports/invoices`: no such import), with the message
   * the schema gives as the detail.
   */
  invalidParamsStatus?: 400 | 404;
  query?: z.ZodType<Q>;
  /** The JSON body's schema. */
  body?: z.ZodType<B>;
  /** Instead of `body`: a body that is a file (a CSV import), handed over as its bytes. */
  fileBody?: FileBody<B>;
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
  /** Where a POST with an `Idempotency-Key` stores its answer; `transaction` by default. */
  idempotentAnswer?: IdempotentAnswer;
  handler: (input: OperationInput<P, Q, B, R>) => Promise<OperationResult<R>> | OperationResult<R>;
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

/**
 * Mounts declared operations on a Hono app: validates path, query and body with the declared
 * schemas (400 naming each field) and renders the result as JSON.
 * @example mountOperations(api, deps, customerOperations);
 */
export function mountOperations(app: Hono<ApiEnv>, deps: AppDeps, operations: readonly ApiOperation[]): void {
  for (const op of operations) {
    app.on(op.method.toUpperCase(), op.path, async (c) => {
      const params = op.params ? parseParams(c, op) : undefined;
      const query = op.query ? parseQuery(c, op.query) : undefined;
      const body = op.fileBody
        ? await readFileBody(c, op.fileBody)
        : op.body
          ? await readBodyWithAllProblems(c, deps, op, params)
          : undefined;
      const input = { c, deps, workspaceId: c.get('principal')?.workspaceId, params, query, body };
      const claim = c.get('idempotency');
      const mode = op.idempotentAnswer ?? 'transaction';
      // Without a key, or with one whose answer the idempotency layer stores after the handler.
      if (!claim || mode === 'after') return render(await op.handler(input));
      if (mode === 'handler') {
        let stored = false;
        const storeAnswer = async (trx: Db, result: OperationResult) => {
          const rendered = render(result);
          await storeIdempotentAnswer(trx, claim, rendered.status, await rendered.text());
          stored = true;
        };
        const response = render(await op.handler({ ...input, storeAnswer }));
        // Not stored (a dry run): the idempotency layer stores this answer as for a plain route.
        claim.stored = stored;
        return response;
      }
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

/** The validated path parameters; a 400 naming them, or the schema's own 404 (invalidParamsStatus). */
function parseParams(c: ApiContext, op: ApiOperation): unknown {
  try {
    return parseOr400(op.params as z.ZodType, c.req.param(), 'Ugyldig adresse.');
  } catch (error) {
    if (op.invalidParamsStatus !== 404 || !(error instanceof HttpError)) throw error;
    throw new HttpError(404, error.errors[0]?.message ?? 'Denne adressen finnes ikke i API-et.');
  }
}

/** A file body's bytes, once its media type is one the operation reads (else 415). */
async function readFileBody(c: ApiContext, file: FileBody<unknown>): Promise<Uint8Array> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== '' && !file.mediaTypes.includes(type)) {
    throw new HttpError(
      415,
      `Send ${file.what} som forespørselens innhold med Content-Type: ${file.mediaTypes[0]}.`,
    );
  }
  return new Uint8Array(await c.req.arrayBuffer());
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
