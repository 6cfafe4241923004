import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from '../errors.ts';
import { parseOr400 } from './validation.ts';

// Scenario: an integrator sends a body with several mistakes and reads, per field, what to fix.
describe('request validation', () => {
  const schema = z
    .object({
      limit: z.number().int().max(200),
      name: z.string().min(2),
      ids: z.array(z.string()).min(1),
      kind: z.enum(['km', 'toll']),
      active: z.boolean(),
      address: z.object({ postalCode: z.string().regex(/^\d{4}$/, 'Norske postnummer har 4 siffer.') }),
      required: z.string(),
    })
    .strict();

  const errorsOf = (value: unknown) => {
    try {
      parseOr400(schema, value, 'Ugyldig');
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      return (error as HttpError).errors;
    }
    throw new Error('expected a 400');
  };

  it('names every bad field with a dotted path and a Norwegian message', () => {
    expect(
      errorsOf({
        limit: 300,
        name: 'q',
        ids: ['a', 'b', 7],
        kind: 'fly',
        active: 'ja',
        address: { postalCode: '90' },
        extra: 1,
      }),
    ).toEqual([
      { path: 'limit', message: 'Må være høyst 200.' },
      { path: 'name', message: 'Må ha minst 2 tegn.' },
      { path: 'ids.2', message: 'Må være tekst.' },
      { path: 'kind', message: 'Må være en av: km, toll.' },
      { path: 'active', message: 'Må være true eller false.' },
      { path: 'address.postalCode', message: 'Norske postnummer har 4 siffer.' },
      { path: 'required', message: 'Feltet må fylles ut.' },
      { path: 'extra', message: 'Ukjent felt: extra.' },
    ]);
  });

  it('passes a valid value through unchanged', () => {
    const ok = {
      limit: 1,
      name: 'ok',
      ids: ['a'],
      kind: 'km',
      active: true,
      address: { postalCode: '9008' },
      required: '',
    };
    expect(parseOr400(schema, ok, 'Ugyldig')).toEqual(ok);
  });
});
