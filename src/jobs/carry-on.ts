import type { JobQueue } from './queue.ts';

// Work that stays live in the database until its job finishes it — a sync run (its
// `active_key`), an invoice transfer asked for (`transfer_requested_at`) — is carried on by one
// job under a unique key. When that job is gone (given up after its worker was lost again and
// again, failed, deleted) and the work never ended, nothing would carry it on ever again.
// Whoever finds it gives it a new job under the same key, or ends it once it has had too many
// (decisions 81 and 86). The owner of the work says what its row holds and how it ends; the
// order of the steps, and what makes them safe for several finders at once, is here.

/**
 * Times work is given a new job after its job was lost before it stops for good: enough for a
 * job lost to a bad moment, not for one that brings its worker down each time.
 */
export const MAX_RESUMES = 3;

/**
 * Work asked for this recently may simply not have its job yet: whoever asked enqueues it a
 * moment later. Given its job all the same, it counts no resume.
 */
export const FRESH_MS = 60_000;

/** What a finder found: a job carries the work on, it was given one now, or the work has ended. */
export type CarryOn = 'live' | 'resumed' | 'ended';

/** What the owner reads of live work whose job was found gone. */
export interface Orphan {
  /** New jobs it was given already. */
  resumes: number;
  /** Asked for under FRESH_MS ago and not started: its own job may be about to be enqueued. */
  fresh: boolean;
}

/** One piece of work, as its owner describes it to `carryOnJob`. */
export interface Carried<T extends Orphan> {
  queue: JobQueue;
  kind: string;
  uniqueKey: string;
  /** The new job's payload. */
  payload: unknown;
  /** Reads the work after its job was found gone; undefined when it is no longer live. */
  read(): Promise<T | undefined>;
  /** Ends it for good (out of resumes) if it is still as read; true when this call ended it. */
  end(found: T): Promise<boolean>;
  /** Counts the resume `jobId` carries on, if the work is still as read; true when counted. */
  count(found: T, jobId: string): Promise<boolean>;
}

/**
 * Makes sure live work has a job to carry it on: gives it a new one when its job is gone, or
 * ends it after MAX_RESUMES. Safe when several processes do it at once: the unique key lets only
 * one of them enqueue, and only that one counts the resume.
 * @example await carryOnJob({ queue, kind: SYNC_JOB, uniqueKey, payload, read, end, count });
 */
export async function carryOnJob<T extends Orphan>(work: Carried<T>): Promise<CarryOn> {
  if (await work.queue.isLive(work.kind, work.uniqueKey)) return 'live';
  const found = await work.read();
  if (!found) return 'ended';
  if (found.resumes >= MAX_RESUMES) {
    await work.end(found);
    return 'ended';
  }
  const job = await work.queue.enqueue(work.kind, work.payload, { uniqueKey: work.uniqueKey });
  if (job.deduplicated || found.fresh) return 'live';
  // Not counted: it ended (or was asked for again) between the read and now; the job just
  // enqueued finds it so and does nothing.
  return (await work.count(found, job.id)) ? 'resumed' : 'live';
}

/**
 * Runs `carry` for each piece of live work one after another and tallies what it found; one
 * piece's trouble (say, a lost connection) is reported and keeps the others from nothing.
 * @example await carryOnEach(ids, (id) => carryOn(deps, id), (err, id) => log.error({ err, id }, '…'));
 */
export async function carryOnEach<I>(
  items: I[],
  carry: (item: I) => Promise<CarryOn>,
  failed: (error: unknown, item: I) => void,
): Promise<Record<CarryOn, number>> {
  const found: Record<CarryOn, number> = { live: 0, resumed: 0, ended: 0 };
  for (const item of items) {
    try {
      found[await carry(item)]++;
    } catch (error) {
      failed(error, item);
    }
  }
  return found;
}
