import { TwentyFourError } from '../twentyfour/errors.ts';
import { DomainError, type DomainErrorCode } from '../workspace/errors.ts';
import { type GatewayFailure, type GatewayFailureKind, retryAdvice } from './gateway.ts';

// One vocabulary of outcomes for everything below src/http: a workspace rule (DomainError and
// its code), a 24SO failure (GatewayFailure and its kind) or an error thrown by the 24SO client.
// src/http turns them into statuses and Norwegian pages from one table (outcome-status.ts); a
// job runner decides retry or give-up from the same outcome with `adviceFor`/`isRetryable`.

/** What a caller below src/http gets back when something did not work. */
/** @public For job handlers: the values `adviceFor` and `isRetryable` understand. */
export type Outcome = DomainError | GatewayFailure | TwentyFourError;

/** The code a domain or integration outcome carries, for the one status table in src/http. */
export type OutcomeCode = DomainErrorCode | GatewayFailureKind | 'not_connected';

/**
 * What a job runner may do after this outcome (decision 60):
 * - `retry`: nothing took effect and the cause may pass (24SO unreachable, rate limit, a call
 *   refused before it ran); send the same again later;
 * - `resolve`: a write's effect is unknown; look the record up in 24SO before sending it again;
 * - `give_up`: it fails the same way until someone acts (a workspace rule, bad input, a refused
 *   password, missing rights). Anything unrecognised is `give_up`: re-running code that failed
 *   for a reason nobody named could repeat a write.
 * @example if (adviceFor(error) === 'retry') return { retryAt: inFiveMinutes };
 */
export function adviceFor(outcome: unknown): 'retry' | 'resolve' | 'give_up' {
  if (outcome instanceof DomainError) return 'give_up';
  if (outcome instanceof TwentyFourError) {
    if (outcome.outcome === 'unknown') return 'resolve';
    return outcome.retryable ? 'retry' : 'give_up';
  }
  if (isGatewayFailure(outcome)) return retryAdvice(outcome);
  return 'give_up';
}

/**
 * True when the job may simply run again later: nothing took effect and the cause may pass.
 * @example if (isRetryable(result)) await queue.retry(job); else await queue.fail(job, result);
 */
export function isRetryable(outcome: unknown): boolean {
  return adviceFor(outcome) === 'retry';
}

function isGatewayFailure(value: unknown): value is GatewayFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ok' in value &&
    value.ok === false &&
    'kind' in value &&
    typeof value.kind === 'string'
  );
}
