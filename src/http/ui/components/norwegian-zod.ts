import { z } from 'zod';
import type { FieldErrors } from './form.tsx';

const norwegian = z.locales.no().localeError;

// Messages the domain schemas set themselves win; zod's built-in ones (a number out of range,
// a wrong type) become short Norwegian sentences fit to show next to a form field.
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Må fylles ut';
      return issue.expected === 'number' ? 'Må være et tall' : 'Ugyldig verdi';
    case 'invalid_value':
      return 'Velg en av verdiene i listen';
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = Number(big ? issue.maximum : issue.minimum);
      const bound = big ? (issue.inclusive ? 'høyst' : 'under') : issue.inclusive ? 'minst' : 'over';
      if (issue.origin === 'string') return `Må ha ${bound} ${limit} tegn`;
      return `Må være ${bound} ${limit}`;
    }
    default:
      return norwegian(issue);
  }
};

/**
 * Checks form input against the domain's own zod schema with Norwegian messages, so the user
 * never sees zod's English defaults; the domain still validates again when called.
 * @example const errors = schemaErrors(customerCreateSchema, input); // { paymentTermsDays: 'Må være høyst 365' }
 */
export function schemaErrors(schema: z.ZodType, input: unknown): FieldErrors {
  const result = schema.safeParse(input, { error: errorMap });
  const errors: FieldErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    errors[path] ??= issue.message;
  }
  return errors;
}
