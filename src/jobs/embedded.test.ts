// Scenario: the embedded job table at row level, on a fake clock: a job is claimed once, a duplicate enqueue joins the live one, the lease is taken over exactly when it runs out, and a failure is re-queued at the backoff. The promises both engines keep are in contract.test.ts.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createLogger } from '../config/logger.ts';
import { backoffMs, claimJob, EmbeddedWorker, embeddedQueue } from './embedded.ts';

describeEachDatabase('embedded job engine', (getDb) => {
  const logger = createLogger('silent');

  it('de-duplicates on the unique key while the job is live, and claims each job once', async () => {
    const db = getDb();
    let now = new Date('2026-01-05T08:00:00.000Z');
    const clock = () => now;
    const queue = embeddedQueue({ db, clock, logger });
    const a = await queue.enqueue('t.once', { n: 1 }, { uniqueKey: 'once:1' });
    const b = await queue.enqueue('t.once', { n: 2 }, { uniqueKey: 'once:1' });
    expect(b).toEqual({ id: a.id, deduplicated: true });
    const [first, second] = await Promise.all([
      claimJob(db, clock, ['t.once'], 'w1', 1000),
      claimJob(db, clock, ['t.once'], 'w2', 1000),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    // Lease still valid: nobody else gets it; after it runs out, another worker takes it over.
    now = new Date(now.getTime() + 500);
    expect(await claimJob(db, clock, ['t.once'], 'w3', 1000)).toBeUndefined();
    now = new Date(now.getTime() + 1000);
    const taken = await claimJob(db, clock, ['t.once'], 'w3', 1000);
    expect(taken).toMatchObject({ id: a.id, lease_owner: 'w3', attempts: 2 });
  });

  it('runs a job, retries a failure with backoff, and frees the unique key when done', async () => {
    const db = getDb();
    let now = new Date('2026-01-05T08:00:00.000Z');
    const clock = () => now;
    let calls = 0;
    const worker = new EmbeddedWorker(
      { db, clock, logger },
      {
        't.flaky': async () => {
          calls++;
          if (calls === 1) throw new Error('24SO nede');
          return { kind: 'done' };
        },
      },
    );
    const queue = worker.queue();
    const { id } = await queue.enqueue('t.flaky', {}, { uniqueKey: 'flaky' });
    expect(await worker.drain()).toBe(1);
    const failedOnce = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(failedOnce).toMatchObject({ state: 'queued', last_error: '24SO nede', attempts: 1 });
    expect(Date.parse(failedOnce.run_at) - now.getTime()).toBe(backoffMs(1));
    expect(await worker.drain()).toBe(0); // not due yet
    now = new Date(now.getTime() + backoffMs(1));
    expect(await worker.drain()).toBe(1);
    const done = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ state: 'done', unique_key: null });
    expect((await queue.enqueue('t.flaky', {}, { uniqueKey: 'flaky' })).deduplicated).toBe(false);
  });
});
