import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OutcomeCode } from '../integration/outcomes.ts';
import { DomainError } from '../workspace/errors.ts';
import { ReferencedRecordError } from '../workspace/references.ts';
import { HttpError } from './errors.ts';

// The one table from a domain or integration outcome to an HTTP status (decision 60), used by
// the REST API's problem answers and the web UI's pages alike. It follows the shared contract:
// 400 bad input, 404, 409 conflict, 422 rule violations; 24SO's own failures as 403 (the 24SO
// user lacks rights), 409 (not connected), 422 (refused password or client) and 503 (24SO does
// not answer now, or its calls are used up).

export const OUTCOME_STATUS: Record<OutcomeCode, ContentfulStatusCode> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  not_connected: 409,
  forbidden: 403,
  invalid_credentials: 422,
  client_unavailable: 422,
  unreachable: 503,
  session_expired: 503,
  rate_limited: 503,
  outcome_unknown: 503,
};

/**
 * The status of an outcome code.
 * @example statusOf('invalid') // 400
 */
export function statusOf(code: OutcomeCode): ContentfulStatusCode {
  return OUTCOME_STATUS[code];
}

/**
 * A thrown error as the HTTP error it stands for, or undefined for an unexpected one (a bug,
 * the database gone), which the caller logs and answers with 500.
 * @example const httpError = httpErrorOf(error) ?? new HttpError(500, 'Noe gikk galt.');
 */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof ReferencedRecordError) {
    // The delete of a record others use: how many, per kind, so a client can say why.
    return new HttpError(409, error.message, [], undefined, {
      referenceCount: error.use.total,
      references: error.use.parts.map((p) => ({ table: p.table, column: p.column, count: p.count })),
    });
  }
  if (error instanceof DomainError) return new HttpError(statusOf(error.code), error.message, error.errors);
  return undefined;
}

/**
 * A 24SO connection problem (its state is an outcome code) as an HTTP error.
 * @example if (!result.ok) throw connectionProblemError(result);
 */
export function connectionProblemError(problem: { state: OutcomeCode; message: string }): HttpError {
  return new HttpError(statusOf(problem.state), problem.message);
}
