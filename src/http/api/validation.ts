import type { Context } from 'hono';
import type { z } from 'zod';
import { safeParseNorwegian } from '../../workspace/norwegian-errors.ts';
import { type FieldError, HttpError } from '../errors.ts';

/**
 * Zod issues as `{path, message}` pairs, the path dotted like `orgNumber` or `ids.2`.
 * Unknown keys are reported on the key itself, so the caller sees which field to remove.
 * @example fieldErrorsOf(result.error) // [{ path: 'email', message: 'Ugyldig e-postadresse' }]
 */
export function fieldErrorsOf(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const push = (e: FieldError) => {
    // A field can break a pattern and its refinement with one and the same message; say it once.
    const key = `${e.path}\n${e.message}`;
    if (!seen.has(key)) out.push(e);
    seen.add(key);
  };
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push({ path: [...base, key].join('.'), message: issue.message });
    } else {
      push({ path: base.join('.'), message: issue.message });
    }
  }
  return out;
}

/**
 * Validates a value; on failure throws a 400 naming every bad field.
 * @example const query = parseOr400(listQuerySchema, c.req.query(), 'Ugyldige søkeparametere');
 */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, detail: string): z.output<S> {
  const result = safeParseNorwegian(schema, value);
  if (!result.success) throw new HttpError(400, detail, fieldErrorsOf(result.error));
  return result.data;
}

/**
 * Reads the request body as JSON and validates it. Empty or malformed JSON is a 400 too.
 * @example const input = await readJsonBody(c, customerCreateSchema);
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  if (text.trim() === '') throw new HttpError(400, 'Forespørselen mangler JSON-innhold.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Forespørselen er ikke gyldig JSON.');
  }
  return parseOr400(schema, value, 'Ugyldige felt i forespørselen.');
}

/**
 * Validates the query string (first value of each parameter).
 * @example const { limit, cursor } = parseQuery(c, pageQuerySchema);
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseOr400(schema, c.req.query(), 'Ugyldige søkeparametere.');
}
