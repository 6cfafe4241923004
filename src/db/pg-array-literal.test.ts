// Scenario: an import hands PostgreSQL a whole column as one array; whatever an office typed
// into a description comes back exactly as typed, and an empty cell stays empty, not NULL.
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../../test/databases.ts';
import { requireOrSkip } from '../../test/requirements.ts';
import { pgArrayLiteral } from './pg-array-literal.ts';

const AWKWARD = [
  'Graving, grøft',
  '',
  'NULL',
  'null',
  ' med mellomrom ',
  'sitat "ja" og \\ skråstrek',
  '{klammer}',
  'linje 1\nlinje 2\ttab',
  '"',
  '\\',
  '\\"',
  'æøå ÆØÅ – ✓ 😀',
];

describe('pgArrayLiteral', () => {
  it('quotes every element, escapes quotes and backslashes, and writes null bare', () => {
    expect(pgArrayLiteral(['a', null, 'b"c', 'd\\e', 7, undefined, ''])).toBe(
      '{"a",NULL,"b\\"c","d\\\\e","7",NULL,""}',
    );
    expect(pgArrayLiteral([])).toBe('{}');
  });
});

describe('an array literal read by PostgreSQL', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('gives back every text exactly, NULL as null, and numbers as numbers', async () => {
    const db = t?.db;
    if (!db) throw new Error('test database not ready');
    const text = await db.executeQuery<{ v: string | null }>(
      CompiledQuery.raw('select unnest($1::text[]) as v', [pgArrayLiteral([...AWKWARD, null])]),
    );
    expect(text.rows.map((r) => r.v)).toEqual([...AWKWARD, null]);
    const numbers = await db.executeQuery<{ v: number | null }>(
      CompiledQuery.raw('select unnest($1::bigint[]) as v', [
        pgArrayLiteral([0, -5, 9_007_199_254_740_991, null]),
      ]),
    );
    expect(numbers.rows.map((r) => r.v)).toEqual([0, -5, 9_007_199_254_740_991, null]);
  });
});
