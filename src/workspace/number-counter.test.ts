// Scenario: twenty office PCs and a payroll script create customers and workers at the same
// moment without giving a number; every create succeeds with a number of its own.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../test/app-harness.ts';
import { describeEachDatabase } from '../../test/databases.ts';

describeEachDatabase('automatic customer and worker numbers', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  it('gives 40 concurrent customer creates 40 different numbers and no conflict', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        h.request('POST', '/api/v1/customers', { body: { name: `Samtidig ${i} AS` } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const numbers = results.map((r) => r.body.number as number);
    expect(new Set(numbers).size).toBe(40);
    expect(Math.min(...numbers)).toBe(10001);
    expect(Math.max(...numbers)).toBe(10040);
  });

  it('gives 40 concurrent worker creates 40 different numbers, in another workspace too', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => [
        h.request('POST', '/api/v1/employees', { body: { name: `Arbeider ${i}` } }),
        h.request('POST', '/api/v1/employees', { body: { name: `Arbeider B${i}` }, token: h.b.token }),
      ]).flat(),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const a = results.filter((_, i) => i % 2 === 0).map((r) => r.body.number as number);
    const b = results.filter((_, i) => i % 2 === 1).map((r) => r.body.number as number);
    expect(new Set(a).size).toBe(40);
    expect(new Set(b).size).toBe(40);
    expect(Math.max(...b)).toBe(40);
  });

  it('continues after a number typed by hand, and after deleted records', async () => {
    const typed = await h.request('POST', '/api/v1/customers', {
      body: { number: 50000, name: 'Håndtall AS' },
    });
    expect(typed.status).toBe(201);
    const deleted = await h.request('DELETE', `/api/v1/customers/${typed.body.id}`);
    expect(deleted.status).toBe(204);
    const next = await h.request('POST', '/api/v1/customers', { body: { name: 'Neste AS' } });
    expect(next.status).toBe(201);
    expect(next.body.number).toBe(50001);
  });
});
