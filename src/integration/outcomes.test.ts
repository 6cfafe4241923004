// Scenario: a job handler meets a failure and must decide to try again later, look the record up
// in 24SO first, or give up, from the same outcome the API and the pages turn into a status.
import { describe, expect, it } from 'vitest';
import { statusOf } from '../http/outcome-status.ts';
import { RateLimitError, TimeoutError, WrongCredentialsError } from '../twentyfour/errors.ts';
import { DomainError } from '../workspace/errors.ts';
import { adviceFor, isRetryable } from './outcomes.ts';

describe('outcomes', () => {
  it('retries what did not run and may pass, resolves an unknown write, gives up on the rest', () => {
    expect(adviceFor({ ok: false, kind: 'unreachable', detail: '' })).toBe('retry');
    expect(adviceFor({ ok: false, kind: 'rate_limited', detail: '', retryAt: new Date() })).toBe('retry');
    expect(adviceFor({ ok: false, kind: 'outcome_unknown', detail: '' })).toBe('resolve');
    expect(adviceFor({ ok: false, kind: 'invalid_credentials', detail: '' })).toBe('give_up');
    expect(adviceFor(new RateLimitError(undefined))).toBe('retry');
    expect(adviceFor(new TimeoutError(1000))).toBe('resolve');
    expect(adviceFor(new WrongCredentialsError())).toBe('give_up');
    expect(adviceFor(new DomainError('conflict', 'Kundenummer 10001 er allerede i bruk.'))).toBe('give_up');
    expect(adviceFor(new Error('something nobody named'))).toBe('give_up');
  });

  it('isRetryable is true only for a retry', () => {
    expect(isRetryable({ ok: false, kind: 'session_expired', detail: '' })).toBe(true);
    expect(isRetryable({ ok: false, kind: 'outcome_unknown', detail: '' })).toBe(false);
    expect(isRetryable(new DomainError('invalid', 'Skriv et navn.', 'name'))).toBe(false);
  });

  it('maps each outcome to the status of the shared table: bad input 400, a broken rule 422', () => {
    expect(statusOf('invalid')).toBe(400);
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('conflict')).toBe(409);
    expect(statusOf('rule_violation')).toBe(422);
    expect(statusOf('not_connected')).toBe(409);
    expect(statusOf('forbidden')).toBe(403);
    expect(statusOf('unreachable')).toBe(503);
  });
});
