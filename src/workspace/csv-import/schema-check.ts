import { z } from 'zod';
import type { FieldProblem } from './importer.ts';

// Runs a domain create schema on one row's input and turns its issues into column problems,
// so an imported row is judged by exactly the schema the API and the forms use.

const norwegian = z.locales.no().localeError;
const errorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Feltet må fylles ut.';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Må være et tall.';
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `Kan ikke være større enn ${issue.maximum}.`;
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `Kan ikke være mindre enn ${issue.minimum}.`;
  if (issue.code === 'too_small' && issue.origin === 'string') return 'Feltet må fylles ut.';
  if (issue.code === 'too_big' && issue.origin === 'string') return `Høyst ${issue.maximum} tegn.`;
  return norwegian(issue);
};

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
  const result = schema.safeParse(input, { error: errorMap });
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
