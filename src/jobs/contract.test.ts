// Scenario: both job engines keep the same promises — a unique key joins the live job, a job waits for its time, a failure retries with backoff and ends after its last attempt, "later" does not count an attempt, a stopping worker hands its job back, a job whose worker died is taken over, and a worker runs at most its concurrency at once, and each engine counts its jobs by state for /metrics.
import { expect, it } from 'vitest';
import type { Job } from './queue.ts';
import type { JobStats } from './stats.ts';
import { describeEachJobEngine } from './test-engines.ts';

/** Waits for a condition (never a fixed sleep): the machine may be busy. */
async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One kind's counts by state, and when its oldest due job became due. */
function statsOf(stats: JobStats, kind: string) {
  const counts = Object.fromEntries(
    stats.counts.filter((c) => c.kind === kind).map((c) => [c.state, c.count]),
  );
  return { counts, dueSince: stats.oldestDue.find((d) => d.kind === kind)?.dueSince };
}

describeEachJobEngine('job engine contract', (engine) => {
  it('joins the live job on its unique key while queued and running, runs it once, and frees the key when done', async () => {
    const e = engine();
    const queue = e.queue();
    const a = await queue.enqueue('c.once', { n: 1 }, { uniqueKey: 'once:1' });
    expect(await queue.enqueue('c.once', { n: 2 }, { uniqueKey: 'once:1' })).toEqual({
      id: a.id,
      deduplicated: true,
    });
    const seen: Job[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const handlers = {
      'c.once': async (job: Job) => {
        seen.push(job);
        await released;
        return { kind: 'done' as const };
      },
    };
    const w1 = e.worker(handlers, { pollMs: 20 });
    const w2 = e.worker(handlers, { pollMs: 20 });
    w1.start();
    w2.start();
    await until(() => seen.length === 1);
    // Running: still the same live job.
    expect(await queue.enqueue('c.once', { n: 3 }, { uniqueKey: 'once:1' })).toEqual({
      id: a.id,
      deduplicated: true,
    });
    release();
    await Promise.all([w1.stop(), w2.stop()]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: a.id, kind: 'c.once', payload: { n: 1 }, attempt: 1 });
    const again = await queue.enqueue('c.once', { n: 4 }, { uniqueKey: 'once:1' });
    expect(again.deduplicated).toBe(false);
    expect(again.id).not.toBe(a.id);
  });

  it('does not run a job before its runAt', async () => {
    const e = engine();
    const runAt = new Date(Date.now() + 1_500);
    await e.queue().enqueue('c.later', {}, { runAt });
    let ranAt = 0;
    const worker = e.worker(
      {
        'c.later': async () => {
          ranAt = Date.now();
          return { kind: 'done' };
        },
      },
      { pollMs: 20 },
    );
    worker.start();
    await until(() => ranAt > 0);
    await worker.stop();
    expect(ranAt).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('retries a thrown error with growing backoff, fails for good after the last attempt and frees the key', async () => {
    const e = engine();
    const starts: { attempt: number; at: number }[] = [];
    const worker = e.worker(
      {
        'c.flaky': async (job) => {
          starts.push({ attempt: job.attempt, at: Date.now() });
          throw new Error('24SO nede');
        },
      },
      { pollMs: 20, backoffBaseMs: 200 },
    );
    await worker.queue().enqueue('c.flaky', {}, { uniqueKey: 'flaky', maxAttempts: 3 });
    worker.start();
    await until(() => starts.length === 3);
    await worker.stop();
    expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
    const [s1, s2, s3] = starts.map((s) => s.at) as [number, number, number];
    // Backoff 200 ms, then 4× that (small allowance for two clocks on one machine).
    expect(s2 - s1).toBeGreaterThanOrEqual(180);
    expect(s3 - s2).toBeGreaterThanOrEqual(780);
    // Out of attempts: the job is over, so its key is free again.
    expect((await e.queue().enqueue('c.flaky', {}, { uniqueKey: 'flaky' })).deduplicated).toBe(false);
  });

  it('re-schedules a job that asks to run later without counting an attempt', async () => {
    const e = engine();
    const seen: { attempt: number; at: number }[] = [];
    const worker = e.worker(
      {
        'c.wait': async (job) => {
          seen.push({ attempt: job.attempt, at: Date.now() });
          if (seen.length === 1) throw new Error('først en feil');
          if (seen.length === 2) return { kind: 'later', at: new Date(Date.now() + 300), note: 'kvote' };
          return { kind: 'done' };
        },
      },
      { pollMs: 20, backoffBaseMs: 100 },
    );
    await worker.queue().enqueue('c.wait', { x: 1 }, { uniqueKey: 'wait', maxAttempts: 2 });
    worker.start();
    await until(() => seen.length === 3);
    await worker.stop();
    // Attempt 2 failed nothing: "later" keeps it at 2, so the last attempt is still to come.
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 2]);
    expect((seen[2]?.at ?? 0) - (seen[1]?.at ?? 0)).toBeGreaterThanOrEqual(280);
  });

  it('stops taking jobs on stop, aborts the running one and another worker runs it with the same attempt', async () => {
    const e = engine();
    const seen: { attempt: number; worker: string }[] = [];
    const handlers = {
      'c.long': async (job: Job, ctx: { signal: AbortSignal; workerId: string }) => {
        seen.push({ attempt: job.attempt, worker: ctx.workerId });
        if (seen.length > 1) return { kind: 'done' as const };
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        return { kind: 'later' as const, at: new Date(), note: 'avbrutt' };
      },
    };
    const first = e.worker(handlers, { pollMs: 20 });
    await first.queue().enqueue('c.long', {});
    first.start();
    await until(() => seen.length === 1);
    await first.stop();
    await e.queue().enqueue('c.other', {});
    const second = e.worker(handlers, { pollMs: 20 });
    second.start();
    await until(() => seen.length === 2);
    await second.stop();
    expect(seen.map((s) => s.attempt)).toEqual([1, 1]);
    expect(seen[0]?.worker).not.toBe(seen[1]?.worker);
  });

  it('takes over a job whose worker died once its lease runs out, counting the lost attempt', async () => {
    const e = engine();
    await e.queue({ leaseMs: 1_000 }).enqueue('c.orphan', { n: 7 }, { maxAttempts: 3 });
    // A "process" claims the job and dies: it never keeps or settles the claim.
    const dead = await e.store({ leaseMs: 1_000 }).claim(['c.orphan'], 'dead-worker');
    expect(dead?.job).toMatchObject({ kind: 'c.orphan', attempt: 1 });
    const seen: Job[] = [];
    const worker = e.worker(
      {
        'c.orphan': async (job) => {
          seen.push(job);
          return { kind: 'done' };
        },
      },
      { pollMs: 50, leaseMs: 1_000 },
    );
    worker.start();
    await until(() => seen.length === 1);
    await worker.stop();
    expect(seen[0]).toMatchObject({ payload: { n: 7 }, attempt: 2 });
  });

  it('runs up to its concurrency at once, and one at a time with concurrency 1', async () => {
    for (const concurrency of [2, 1]) {
      const e = engine();
      let active = 0;
      let most = 0;
      let finished = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const worker = e.worker(
        {
          [`c.par${concurrency}`]: async () => {
            active++;
            most = Math.max(most, active);
            // Hold the first ones until as many as allowed run together (or all are started).
            await gate;
            active--;
            finished++;
            return { kind: 'done' };
          },
        },
        { pollMs: 20, concurrency },
      );
      for (let i = 0; i < 3; i++) await worker.queue().enqueue(`c.par${concurrency}`, { i });
      worker.start();
      await until(() => active === concurrency);
      release();
      await until(() => finished === 3);
      await worker.stop();
      expect(most).toBe(concurrency);
    }
  });

  it('counts its jobs by kind and state, and says since when the oldest due job has waited', async () => {
    const e = engine();
    const queue = e.queue();
    const dueSince = new Date(Date.now() - 90_000);
    await queue.enqueue('c.stats', { n: 1 }, { runAt: dueSince, maxAttempts: 1 });
    await queue.enqueue('c.stats', { n: 2 }, { runAt: new Date(Date.now() + 3_600_000) });
    expect(statsOf(await e.stats(new Date()), 'c.stats')).toEqual({ counts: { queued: 2 }, dueSince });

    const claim = await e.store().claim(['c.stats'], 'stats-worker');
    expect(claim?.job.payload).toEqual({ n: 1 });
    // Running now; the other is not due yet, so no kind waits for a worker.
    expect(statsOf(await e.stats(new Date()), 'c.stats')).toEqual({
      counts: { queued: 1, running: 1 },
      dueSince: undefined,
    });

    await claim?.fail(new Error('siste forsøk'));
    expect(statsOf(await e.stats(new Date()), 'c.stats')).toEqual({
      counts: { queued: 1, failed: 1 },
      dueSince: undefined,
    });
  });
});
