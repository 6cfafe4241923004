import type { z } from 'zod';
import { safeParseNorwegian } from '../../../workspace/norwegian-errors.ts';
import type { FieldErrors } from './form.tsx';

/**
 * Checks form input against the domain's own zod schema with Norwegian messages, so the user
 * never sees zod's English defaults; the domain still validates again when called.
 * @example const errors = schemaErrors(customerCreateSchema, input); // { paymentTermsDays: 'Må være høyst 365.' }
 */
export function schemaErrors(schema: z.ZodType, input: unknown): FieldErrors {
  const result = safeParseNorwegian(schema, input);
  const errors: FieldErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    errors[path] ??= issue.message;
  }
  return errors;
}
