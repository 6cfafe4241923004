import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  /** JSON path of the offending field, e.g. "orgNumber" or "rows.3.date". */
  path: string;
  message: string;
}

/**
 * The one exception type for HTTP failures; mapped to application/problem+json (RFC 9457)
 * in one place (problemResponse). Throw it from handlers; never build error bodies by hand.
 * @example throw new HttpError(404, 'Kunden finnes ikke');
 */
export class HttpError extends Error {
  readonly retryable = false;
  constructor(
    readonly status: ContentfulStatusCode,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly title?: string,
    /** Extra members of the problem body (RFC 9457 extensions), e.g. `{ referenceCount: 215 }`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Renders an HttpError (or any error, as 500) as problem+json. */
export function problemResponse(c: Context, error: unknown): Response {
  const e =
    error instanceof HttpError ? error : new HttpError(500, 'Noe gikk galt på serveren. Prøv igjen senere.');
  const body: Record<string, unknown> = {
    ...e.extensions,
    type: 'about:blank',
    title: e.title ?? TITLES[e.status] ?? 'Error',
    status: e.status,
    detail: e.detail,
  };
  if (e.errors.length > 0) body.errors = e.errors;
  return c.body(JSON.stringify(body), e.status, { 'content-type': 'application/problem+json' });
}
