// Scenario: whoever sends bad input — the API, a form, a CSV row or code calling the domain — reads Norwegian.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { customerCreateSchema } from './customers.ts';
import { DomainError, parseInput } from './errors.ts';
import { REQUIRED_MESSAGE, safeParseNorwegian } from './norwegian-errors.ts';

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const result = safeParseNorwegian(schema, input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('Norwegian error map', () => {
  it('says in Norwegian what is wrong for each built-in check', () => {
    const schema = z.strictObject({
      name: z.string().min(1),
      code: z.string().max(3),
      days: z.number().int().min(0).max(365),
      kind: z.enum(['km', 'toll']),
      tags: z.array(z.string()).min(1),
      active: z.boolean(),
    });
    expect(
      messagesOf(schema, { name: '', code: 'ABCD', days: 400, kind: 'fly', tags: [], active: 'ja', x: 1 }),
    ).toEqual([
      ['name', REQUIRED_MESSAGE],
      ['code', 'Må ha høyst 3 tegn.'],
      ['days', 'Må være høyst 365.'],
      ['kind', 'Må være en av: km, toll.'],
      ['tags', 'Må ha minst 1 element.'],
      ['active', 'Må være true eller false.'],
      ['', 'Ukjent felt: x.'],
    ]);
    expect(messagesOf(schema, {})[0]).toEqual(['name', 'Feltet må fylles ut.']);
  });

  it('keeps the messages a schema sets itself', () => {
    // The regex and the mod-11 refinement may both speak; each in the schema's own words.
    const messages = messagesOf(customerCreateSchema, { name: 'Nordvik AS', orgNumber: '12' });
    expect(new Set(messages.map(([path, message]) => `${path}: ${message}`))).toEqual(
      new Set(['orgNumber: Organisasjonsnummeret må ha 9 siffer.']),
    );
  });

  it('is what the domain answers with, never zod English', () => {
    let error: unknown;
    try {
      parseInput(customerCreateSchema, { number: 0, name: 'Nordvik AS', paymentTermsDays: 400 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors).toEqual([
      { path: 'number', message: 'Må være minst 1.' },
      { path: 'paymentTermsDays', message: 'Må være høyst 365.' },
    ]);
    expect(() => parseInput(customerCreateSchema, { name: 'Nordvik AS', active: 'ja' })).toThrow(
      'Må være true eller false.',
    );
  });
});
