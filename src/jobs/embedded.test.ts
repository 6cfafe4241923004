// Scenario: the embedded job table at row level, on a fake clock: a job is claimed once, a duplicate enqueue joins the live one, the lease is taken over exactly when it runs out without counting an attempt, a job whose worker is lost too often in a row is given up, and a failure is re-queued at the backoff. The promises both engines keep are in contract.test.ts.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createLogger } from '../config/logger.ts';
import {
  backoffMs,
  claimJob,
  EmbeddedWorker,
  embeddedQueue,
  giveUpLostJobs,
  takeoversMessage,
} from './embedded.ts';

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
    // A takeover after a lost worker is no attempt of the handler's (decision 81).
    expect(taken).toMatchObject({ id: a.id, lease_owner: 'w3', attempts: 1, takeovers: 1 });
  });

  it('gives a job up after its takeovers in a row, not before, and frees its key', async () => {
    const db = getDb();
    let now = new Date('2026-01-05T08:00:00.000Z');
    const clock = () => now;
    const queue = embeddedQueue({ db, clock, logger }, undefined, 2);
    const { id } = await queue.enqueue('t.poison', {}, { uniqueKey: 'poison', maxAttempts: 1 });
    // Claimed, then its worker dies three times in a row: two takeovers are allowed.
    for (let claim = 0; claim < 3; claim++) {
      expect(await claimJob(db, clock, ['t.poison'], `w${claim}`, 1000, 2)).toMatchObject({
        id,
        attempts: 1,
        takeovers: claim,
      });
      expect(await queue.isLive('t.poison', 'poison')).toBe(true);
      now = new Date(now.getTime() + 1001);
    }
    // Its lease ran out a third time: no longer live, and given up rather than claimed.
    expect(await queue.isLive('t.poison', 'poison')).toBe(false);
    expect(await giveUpLostJobs(db, clock, ['t.poison'], 2)).toEqual([{ id, kind: 't.poison' }]);
    expect(await claimJob(db, clock, ['t.poison'], 'w9', 1000, 2)).toBeUndefined();
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', unique_key: null, last_error: takeoversMessage(3) });
    expect((await queue.enqueue('t.poison', {}, { uniqueKey: 'poison' })).deduplicated).toBe(false);
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
