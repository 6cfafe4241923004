import type { z } from 'zod';
import { safeParseNorwegian } from '../norwegian-errors.ts';
import type { FieldProblem } from './importer.ts';

// Runs a domain create schema on one row's input and turns its issues into column problems,
// so an imported row is judged by exactly the schema the API and the forms use.

/**
 * Validates `input` with `schema`; issue paths are turned into column keys by `fieldOf`
 * (e.g. 'address.postalCode' → 'addressPostalCode'), unknown paths become row problems.
 * @example const r = checkWithSchema(customerCreateSchema, input, { 'address.city': 'addressCity' });
 */
export function checkWithSchema<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fieldOf: Record<string, string> = {},
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldProblem[] } {
  const result = safeParseNorwegian(schema, input);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    // A union (blank or valid) reports each branch; the one about the value is the last.
    const dotted = path.join('.');
    const field = fieldOf[dotted] ?? fieldOf[path[0] ?? ''] ?? (path.length > 0 ? path[0] : null);
    if (errors.some((e) => e.field === field)) continue;
    errors.push({ field, message: messageOf(issue) });
  }
  return { ok: false, errors };
}

/** For "blank or valid" unions, the message of the branch about the value, not "invalid input". */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_union') return issue.message;
  const branches = issue.errors.flat();
  const specific =
    branches.find((i) => i.code !== 'invalid_value' && i.code !== 'invalid_type') ?? branches[0];
  return specific ? messageOf(specific) : issue.message;
}
