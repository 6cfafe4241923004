import type { z } from 'zod';
import { safeParseNorwegian } from './norwegian-errors.ts';

/**
 * What went wrong, as a domain outcome; only src/http turns it into a status
 * (src/http/outcome-status.ts), and a job runner reads it through integration/outcomes.ts.
 */
export type DomainErrorCode = 'not_found' | 'conflict' | 'rule_violation' | 'invalid';

export interface DomainFieldError {
  /** Dotted path of the field, e.g. "orgNumber" or "address.postalCode". */
  path: string;
  message: string;
}

/**
 * An expected failure of a workspace operation: a duplicate number, an approved hour being
 * edited, a reference to a record that is not in this workspace. `message` is Norwegian and
 * shown to users as is; `field` names the input field when one is to blame.
 * @example throw new DomainError('conflict', 'Kundenummer 10001 er allerede i bruk.', 'number');
 */
export class DomainError extends Error {
  readonly retryable = false;
  readonly errors: DomainFieldError[];
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
    errors?: DomainFieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
    this.errors = errors ?? (field ? [{ path: field, message }] : []);
  }
}

/** True for a DomainError (also across module copies in tests). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Parses input with a zod schema; a failure becomes one DomainError('invalid') listing every
 * field, so repositories are safe to call from the CSV import as well as the API.
 * @example const input = parseInput(customerCreateSchema, body);
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = safeParseNorwegian(schema, input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  const message = errors.length === 1 && first ? first.message : 'Noen av feltene er ikke gyldige.';
  return invalidInput(message, first?.path || undefined, errors);
}

function invalidInput(message: string, field: string | undefined, errors: DomainFieldError[]): never {
  throw new DomainError('invalid', message, field, errors);
}
