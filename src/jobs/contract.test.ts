// Scenario: both job engines keep the same promises — a unique key joins the live job, a job waits for its time, a failure retries with backoff and ends after its last attempt, "later" does not count an attempt, a stopping worker hands its job back, a job whose worker died is taken over without counting an attempt (however often) while a thrown error after a takeover still counts one, one lost too often in a row is given up, and a worker runs at most its concurrency at once, and each engine counts its jobs by state for /metrics.
import { expect, it } from 'vitest';
import { until } from '../../test/until.ts';
import type { Job } from './queue.ts';
import type { JobStats } from './stats.ts';
import { describeEachJobEngine, type EngineOptions, type EngineUnderTest } from './test-engines.ts';
import type { Claim } from './worker.ts';

/** Waits for a condition (never a fixed sleep): the machine may be busy. */
/** Waits for an asynchronous condition (never a fixed sleep). */
async function untilAsync(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Claims a job of `kind` as a new "process" once one is due (its last holder's lease ran out). */
async function claimWhenDue(
  e: EngineUnderTest,
  options: EngineOptions,
  kind: string,
  workerId: string,
): Promise<Claim> {
  const store = e.store(options);
  let claim: Claim | undefined;
  await untilAsync(async () => {
    claim = await store.claim([kind], workerId);
    return claim !== undefined;
  });
  return claim as Claim;
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

  it('takes over a job whose worker died more times than its attempts allow, counting none of them, and runs it to the end', async () => {
    const e = engine();
    const lease = { leaseMs: 1_000 };
    const queue = e.queue(lease);
    await queue.enqueue('c.orphan', { n: 7 }, { maxAttempts: 2, uniqueKey: 'orphan' });
    // Three "processes" in a row claim the job and die: they never keep or settle the claim.
    for (let kill = 0; kill < 3; kill++) {
      const dead = await claimWhenDue(e, lease, 'c.orphan', `dead-worker-${kill}`);
      expect(dead.job).toMatchObject({ kind: 'c.orphan', attempt: 1, takeovers: kill });
      expect(await queue.isLive('c.orphan', 'orphan')).toBe(true);
    }
    const seen: Job[] = [];
    const worker = e.worker(
      {
        'c.orphan': async (job) => {
          seen.push(job);
          return { kind: 'done' };
        },
      },
      { pollMs: 50, ...lease },
    );
    worker.start();
    await until(() => seen.length === 1);
    await worker.stop();
    expect(seen[0]).toMatchObject({ payload: { n: 7 }, attempt: 1, takeovers: 3 });
    expect(await queue.isLive('c.orphan', 'orphan')).toBe(false);
  });

  it('still counts a thrown error after a takeover, and fails the job for good after its last attempt', async () => {
    const e = engine();
    const options = { leaseMs: 1_000, backoffBaseMs: 50 };
    const queue = e.queue(options);
    await queue.enqueue('c.crash', {}, { maxAttempts: 2, uniqueKey: 'crash' });
    const dead = await claimWhenDue(e, options, 'c.crash', 'dead-worker');
    expect(dead.job).toMatchObject({ attempt: 1, takeovers: 0 });
    const seen: Job[] = [];
    const worker = e.worker(
      {
        'c.crash': async (job) => {
          seen.push(job);
          throw new Error('handler krasjet');
        },
      },
      { pollMs: 20, ...options },
    );
    worker.start();
    await until(() => seen.length === 2);
    await untilAsync(async () => !(await queue.isLive('c.crash', 'crash')));
    await worker.stop();
    expect(seen).toHaveLength(2);
    // The takeover ran attempt 1 again; its crash used it, so the next run was the last.
    expect(seen.map((j) => [j.attempt, j.takeovers])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('gives up a job whose worker is lost more times in a row than it allows: no longer live, its key free', async () => {
    const e = engine();
    const options = { leaseMs: 1_000, maxTakeovers: 1 };
    const queue = e.queue(options);
    await queue.enqueue('c.poison', {}, { uniqueKey: 'poison' });
    expect(await queue.isLive('c.poison', 'poison')).toBe(true);
    for (let kill = 0; kill < 2; kill++) {
      const dead = await claimWhenDue(e, options, 'c.poison', `dead-worker-${kill}`);
      expect(dead.job).toMatchObject({ attempt: 1, takeovers: kill });
    }
    // The second holder died too, with no takeover left: nobody runs the job again.
    await untilAsync(async () => !(await queue.isLive('c.poison', 'poison')));
    expect(await e.store(options).claim(['c.poison'], 'late-worker')).toBeUndefined();
    expect((await queue.enqueue('c.poison', {}, { uniqueKey: 'poison' })).deduplicated).toBe(false);
  });

  it('counts no attempt for a takeover that follows a hand-back, and starts the takeovers in a row over', async () => {
    const e = engine();
    const options = { leaseMs: 1_000, maxTakeovers: 1 };
    await e.queue(options).enqueue('c.slices', {}, { maxAttempts: 1 });
    // Lost once, then a slice that returns "later", then lost once more: still within one in a row.
    const first = await claimWhenDue(e, options, 'c.slices', 'dead-worker-0');
    expect(first.job).toMatchObject({ attempt: 1, takeovers: 0 });
    const second = await claimWhenDue(e, options, 'c.slices', 'slicing-worker');
    expect(second.job).toMatchObject({ attempt: 1, takeovers: 1 });
    await second.settle({ kind: 'later', at: new Date() });
    const third = await claimWhenDue(e, options, 'c.slices', 'dead-worker-1');
    expect(third.job).toMatchObject({ attempt: 1, takeovers: 0 });
    const fourth = await claimWhenDue(e, options, 'c.slices', 'last-worker');
    expect(fourth.job).toMatchObject({ attempt: 1, takeovers: 1 });
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
