// Scenario: the automatic trigger is itself a job. Its worker is killed while holding it until
// the queue gives it up — and with it the automatic runs and the search for lost runs and
// transfers. Every worker's watch puts it back within a minute; while it lives, the watch adds
// no second one.
import { expect, it } from 'vitest';
import { until } from '../../../test/until.ts';
import { createLogger } from '../../config/logger.ts';
import { describeEachJobEngine } from '../../jobs/test-engines.ts';
import { AUTO_JOB, scheduleAuto, watchAuto } from './scheduler.ts';

describeEachJobEngine("the automatic trigger's own job", (engine) => {
  it('is put back by the watch once it was given up, and never doubled while it lives', async () => {
    const e = engine();
    // No takeover allowed: a worker lost once while holding the job gets it given up.
    const options = { leaseMs: 1_000, maxTakeovers: 0 };
    const queue = e.queue(options);
    const clock = () => new Date();
    await scheduleAuto(queue, clock);
    const claim = await e.store(options).claim([AUTO_JOB], 'dying-worker');
    expect(claim?.job.kind).toBe(AUTO_JOB);
    const lostId = claim?.job.id;
    await until(async () => !(await queue.isLive(AUTO_JOB, AUTO_JOB)));

    const stop = watchAuto(
      () => queue,
      clock,
      createLogger('silent'),
      () => true,
      100,
    );
    try {
      await until(() => queue.isLive(AUTO_JOB, AUTO_JOB));
      // The live job is a new one; asking again (as the watch does every period) joins it.
      const again = await queue.enqueue(AUTO_JOB, {}, { uniqueKey: AUTO_JOB });
      expect(again.deduplicated).toBe(true);
      expect(again.id).not.toBe(lostId);
      const joined = await queue.enqueue(AUTO_JOB, {}, { uniqueKey: AUTO_JOB });
      expect(joined).toEqual({ id: again.id, deduplicated: true });
    } finally {
      stop();
    }
  }, 90_000);
});
