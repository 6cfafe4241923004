import type { z } from 'zod';
import { DomainError, type DomainErrorCode, type DomainFieldError, isDomainError } from './errors.ts';
import { safeParseNorwegian } from './norwegian-errors.ts';
import type { ValueResult } from './values.ts';

// Every field's problem in one pass: a write gathers the schema's issues, the value rules
// (org. number, postal code, money), the uniqueness of its number and its references into one
// list, and fails once with all of them — so the web form, the REST API's `errors` and the CSV
// preview each show everything to fix at once, not one problem per attempt.

/**
 * Collects field problems; `throwIfAny` ends the write with one DomainError listing them all.
 * When every problem is of one kind the error keeps it (only a number in use → 'conflict',
 * 409; only a rule such as «høyst 24 timer» → 'rule_violation', 422); mixed → 'invalid' (400)
 * with the clashes listed beside the format errors.
 * @example const problems = new FieldProblems(); const parsed = problems.parse(schema, input); … problems.throwIfAny();
 */
export class FieldProblems {
  readonly errors: DomainFieldError[] = [];
  private readonly codes = new Set<DomainErrorCode>();

  /** Adds a problem, keeping the first per field. */
  add(path: string, message: string, code: DomainErrorCode = 'invalid'): void {
    if (this.errors.some((e) => e.path === path)) return;
    this.errors.push({ path, message });
    this.codes.add(code);
  }

  /**
   * The schema's output, or — when it fails — the input without the failing top-level fields,
   * so the value rules can still judge the rest. `ok` tells which.
   */
  parse<S extends z.ZodType>(schema: S, input: unknown): { ok: boolean; value: z.output<S> } {
    const result = safeParseNorwegian(schema, input);
    if (result.success) return { ok: true, value: result.data };
    const failing = new Set<string>();
    for (const issue of result.error.issues) {
      this.add(issue.path.map(String).join('.'), issue.message);
      failing.add(String(issue.path[0] ?? ''));
    }
    const rest =
      input && typeof input === 'object'
        ? Object.fromEntries(Object.entries(input).filter(([key]) => !failing.has(key)))
        : {};
    // The rest of a failed parse is read best-effort by rules that check each value's type.
    return { ok: false, value: rest as z.output<S> };
  }

  /** The value of a value rule, or undefined with its message recorded on `path`. */
  value<T>(result: ValueResult<T>, path: string): T | undefined {
    if (result.ok) return result.value;
    this.add(path, result.message);
    return undefined;
  }

  /** Runs a check that may throw a DomainError naming fields; its fields join the list. */
  async check(fn: () => Promise<unknown> | unknown): Promise<void> {
    try {
      await fn();
    } catch (error) {
      if (!isDomainError(error) || error.code === 'not_found') throw error;
      const fields =
        error.errors.length > 0 ? error.errors : [{ path: error.field ?? '', message: error.message }];
      for (const e of fields) this.add(e.path, e.message, error.code);
    }
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  /** Throws one DomainError with every problem, or returns when there are none. */
  throwIfAny(): void {
    const first = this.errors[0];
    if (!first) return;
    const code = this.codes.size === 1 ? [...this.codes][0] : 'invalid';
    const message = this.errors.length === 1 ? first.message : 'Noen av feltene er ikke gyldige.';
    throw new DomainError(code, message, first.path || undefined, this.errors);
  }
}
