// Scenario: many 24SO calls at once from several processes take from one hourly budget: never
// more than the hour allows, a new hour starts afresh, and a quarantine holds for everyone.
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createLogger } from '../config/logger.ts';
import { RateLimitError } from '../twentyfour/errors.ts';
import { budgetScopeKey, createDbCallBudget, readCallBudget } from './call-budget.ts';

const logger = createLogger('silent');

describe('budget scope', () => {
  it('names the account per ApplicationId, per host or for the whole installation', () => {
    expect(budgetScopeKey('application', 'ABC')).toBe('application:abc');
    expect(budgetScopeKey('installation', 'abc')).toBe('installation');
    expect(budgetScopeKey('host', 'abc')).toMatch(/^host:.+/);
  });
});

describeEachDatabase('24SO call budget', (getDb) => {
  it('lets exactly the hour’s calls through when many take at once, and opens again the next hour', async () => {
    let now = new Date('2026-11-30T10:15:00Z');
    const clock = () => now;
    const options = { scope: 'test:concurrent', callsPerHour: 20 };
    // Two budgets on one database stand for two processes.
    const one = createDbCallBudget({ db: getDb(), clock, logger }, options);
    const two = createDbCallBudget({ db: getDb(), clock, logger }, options);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? one : two).take()),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect(o.reason).toBeInstanceOf(RateLimitError);
      expect((o.reason as RateLimitError).quarantineEndsAt?.toISOString()).toBe('2026-11-30T11:00:00.000Z');
    }
    expect(await readCallBudget(getDb(), clock, options)).toEqual({
      used: 20,
      remaining: 0,
      quarantinedUntil: null,
    });

    now = new Date('2026-11-30T11:00:01Z');
    await one.take();
    expect((await readCallBudget(getDb(), clock, options)).remaining).toBe(19);
    // The hour gone by is cleared out.
    const rows = await getDb()
      .selectFrom('twentyfour_call_windows')
      .selectAll()
      .where('scope', '=', options.scope)
      .execute();
    expect(rows.map((r) => r.window_start)).toEqual(['2026-11-30T11:00:00.000Z']);
  });

  it('refuses every process’s calls until a recorded quarantine ends, and never shortens it', async () => {
    let now = new Date('2026-11-30T10:15:00Z');
    const clock = () => now;
    const options = { scope: 'test:quarantine', callsPerHour: 7200 };
    const one = createDbCallBudget({ db: getDb(), clock, logger }, options);
    const two = createDbCallBudget({ db: getDb(), clock, logger }, options);
    await one.quarantine(new Date('2026-11-30T11:00:00Z'));
    await one.quarantine(new Date('2026-11-30T10:30:00Z'));
    await expect(two.take()).rejects.toMatchObject({ quarantineEndsAt: new Date('2026-11-30T11:00:00Z') });
    expect((await readCallBudget(getDb(), clock, options)).used).toBe(0);
    now = new Date('2026-11-30T11:00:00.001Z');
    await expect(two.take()).resolves.toBeUndefined();
  });
});
