import { z } from 'zod';

// The one place zod's built-in checks (a missing field, a wrong type, a number out of range,
// an unknown key) get their Norwegian sentences. The domain, the REST API, the web forms and
// the CSV import all parse with it, so a user reads the same words wherever the input came
// from. Messages a schema sets itself (e.g. 'Organisasjonsnummeret må ha 9 siffer.') win.

/** What every "this field is missing" check says. */
export const REQUIRED_MESSAGE = 'Feltet må fylles ut.';

const TYPE_NAMES: Record<string, string> = {
  string: 'tekst',
  number: 'et tall',
  int: 'et heltall',
  boolean: 'true eller false',
  array: 'en liste',
  object: 'et objekt',
};

const zodNorwegian = z.locales.no().localeError;

/**
 * Zod error map with short Norwegian sentences for the built-in checks; anything rarer falls
 * back to zod's own Norwegian locale.
 * @example schema.safeParse(input, { error: norwegianErrorMap })
 */
export const norwegianErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return REQUIRED_MESSAGE;
      return `Må være ${TYPE_NAMES[issue.expected] ?? issue.expected}.`;
    case 'unrecognized_keys':
      return `Ukjent felt: ${issue.keys.join(', ')}.`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Må være ${String(issue.values[0])}.`
        : `Må være en av: ${issue.values.map(String).join(', ')}.`;
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const limit = Number(big ? issue.maximum : issue.minimum);
      if (issue.origin === 'string' && !big && limit === 1 && issue.inclusive) return REQUIRED_MESSAGE;
      const bound = big ? (issue.inclusive ? 'høyst' : 'under') : issue.inclusive ? 'minst' : 'over';
      if (issue.origin === 'string') return `Må ha ${bound} ${limit} tegn.`;
      if (issue.origin === 'array')
        return `Må ha ${bound} ${limit} ${limit === 1 ? 'element' : 'elementer'}.`;
      return `Må være ${bound} ${limit}.`;
    }
    default:
      return zodNorwegian(issue);
  }
};

/**
 * `schema.safeParse` with the Norwegian messages above.
 * @example const result = safeParseNorwegian(customerCreateSchema, body); // result.error?.issues[0].message === 'Feltet må fylles ut.'
 */
export function safeParseNorwegian<S extends z.ZodType>(
  schema: S,
  input: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(input, { error: norwegianErrorMap });
}
