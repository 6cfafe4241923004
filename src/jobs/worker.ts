import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../config/logger.ts';
import { type GuardedCall, withCallGuard } from '../twentyfour/call-guard.ts';
import type { Job, JobHandler, JobOutcome, JobQueue, JobWorker } from './queue.ts';

// The worker loop both engines share: `concurrency` slots, each claiming one due job at a time
// from the engine's store, running its handler with an abort signal, keeping the claim alive
// while it runs, and settling the outcome. The engines differ only in the store (how a job is
// claimed, kept and settled): the embedded job table (embedded.ts) or pg-boss (pg-boss.ts).

/** A job this worker holds, with the engine's ways to keep and settle it. */
export interface Claim {
  job: Job;
  /**
   * The claim's fencing token: higher for each claim of the same job, and checked by every
   * move (keep, settle), so a worker that lost the job can change nothing of it.
   */
  epoch: number;
  /**
   * How long the claim lasts from the moment it was asked for (or kept, when `renewable`):
   * no other worker can take the job over before then.
   */
  leaseMs: number;
  /** Whether a successful `keep` extends the lease by `leaseMs` (embedded: yes; pg-boss: no). */
  renewable: boolean;
  /** How often `keep` is called while the handler runs. */
  keepEveryMs: number;
  /**
   * Checks in the database that this claim (its epoch) still holds the job, and renews it when
   * `renewable`; false when it is lost (the handler is then aborted).
   */
  keep(): Promise<boolean>;
  /**
   * Whether this claim (its epoch) still holds the job in the database, whatever the worker's
   * own time limit says: nothing renewed, nothing aborted. For a handler about to end what the
   * job is for (JobContext.stillHeld).
   */
  held(): Promise<boolean>;
  /** Done, or run again later without counting an attempt. */
  settle(outcome: JobOutcome): Promise<void>;
  /** A thrown error: retry with backoff, or fail for good after the last attempt. */
  fail(error: unknown): Promise<void>;
}

export interface JobStore {
  /** The next due job of these kinds (or one whose holder died), claimed for `workerId`. */
  claim(kinds: readonly string[], workerId: string): Promise<Claim | undefined>;
  /** The enqueue side; `onEnqueue` is told of each new job (to wake an idle worker). */
  queue(onEnqueue?: () => void): JobQueue;
  /** Releases what the store holds (connections); called by `stop`. */
  close?(): Promise<void>;
}

export interface WorkerOptions {
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  /** Jobs run at the same time by this worker (BROEN_WORKER_CONCURRENCY, default 4). */
  concurrency?: number;
  /** Identifies this worker in claims and logs. */
  workerId?: string;
}

/** Jobs one worker runs at once: BROEN_WORKER_CONCURRENCY, default 4. */
export function workerConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BROEN_WORKER_CONCURRENCY;
  if (raw === undefined || raw === '') return 4;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`BROEN_WORKER_CONCURRENCY må være et heltall fra 1 til 64 (var «${raw}»).`);
  }
  return n;
}

/**
 * Runs jobs from a store with up to `concurrency` at once, with graceful stop.
 * @example const worker = new JobRunner(store, logger, { 'sync.run': handleSyncRun }); worker.start();
 */
export class JobRunner implements JobWorker {
  readonly workerId: string;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly current = new Set<AbortController>();

  constructor(
    private readonly store: JobStore,
    private readonly logger: Logger,
    private readonly handlers: Record<string, JobHandler>,
    options: WorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = options.concurrency ?? workerConcurrency();
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Started and not stopped. */
  get isRunning(): boolean {
    return this.running;
  }

  /** A queue whose enqueues wake this worker at once. */
  queue(): JobQueue {
    return this.store.queue(() => this.nudge());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, () => this.run());
  }

  /** Wakes the idle slots (a job was just queued in this process). */
  nudge(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Stops taking jobs, aborts the running ones at their next safe point and waits for them. */
  async stop(): Promise<void> {
    this.running = false;
    for (const controller of this.current) controller.abort();
    this.nudge();
    await Promise.all(this.loops);
    this.loops = [];
    await this.store.close?.();
  }

  /** Runs due jobs one after another until none is left; for tests and the one-shot CLI. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (error) {
        this.logger.error({ err: error, workerId: this.workerId }, 'job worker loop error');
      }
      if (!worked && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.pollMs);
      this.wakers.add(wake);
    });
  }

  private async runOne(): Promise<boolean> {
    // The lease is counted from before the claim was asked for: never later than the database's.
    const asked = performance.now();
    const claim = await this.store.claim(Object.keys(this.handlers), this.workerId);
    if (!claim) return false;
    // A stop that came while the claim was on its way: hand the job straight back (its attempt
    // not counted) instead of starting a handler on a worker that is going away.
    if (!this.running && this.loops.length > 0) {
      await claim.settle({ kind: 'later', at: new Date(), note: 'worker stopping' });
      return false;
    }
    const handler = this.handlers[claim.job.kind];
    const controller = new AbortController();
    this.current.add(controller);
    const fence = new LeaseFence(claim, asked, () => controller.abort());
    const keeper = setInterval(() => {
      fence
        .confirm()
        .catch((error: unknown) =>
          this.logger.warn({ err: error, jobId: claim.job.id }, 'could not keep job claim'),
        );
    }, claim.keepEveryMs);
    try {
      if (!handler) throw new Error(`no handler for job kind ${claim.job.kind}`);
      const outcome = await withCallGuard(
        (call) => fence.window(call),
        () =>
          handler(claim.job, {
            signal: controller.signal,
            workerId: this.workerId,
            epoch: claim.epoch,
            leaseMs: claim.leaseMs,
            stillHeld: () => claim.held(),
          }),
      );
      await claim.settle(outcome);
    } catch (error) {
      if (error instanceof LeaseLost) {
        // Hand it back without counting an attempt: refused by the epoch when another worker
        // holds the job now; taken when only the lease's time ran short (pg-boss cannot renew).
        this.logger.warn({ jobId: claim.job.id, kind: claim.job.kind, epoch: claim.epoch }, error.message);
        await claim.settle({ kind: 'later', at: new Date(), note: 'lease lost' });
        return true;
      }
      this.logger.warn(
        { jobId: claim.job.id, kind: claim.job.kind, attempt: claim.job.attempt, err: error },
        'job failed',
      );
      await claim.fail(error);
    } finally {
      clearInterval(keeper);
      this.current.delete(controller);
    }
    return true;
  }
}

/**
 * Thrown (by the call guard, before anything is sent) when this worker no longer holds the job
 * whose handler makes the call: another worker may have taken it over and be looking in 24SO for
 * this one's uncertain writes. Handlers stop at once and leave every open intent as it is.
 */
export class LeaseLost extends Error {
  constructor(jobId: string, epoch: number) {
    super(`lease of job ${jobId} (epoch ${epoch}) lost; not sending to 24SO`);
  }
}

/**
 * The worker's own view of a claim's lease (decision 66), on the monotonic clock: it holds until
 * `leaseMs` after the last moment the database confirmed it (the claim itself or a `keep`, which
 * checks the epoch), counted from before that query was sent. The keeper confirms it every
 * `keepEveryMs`; a call that finds too little time left confirms it once more itself.
 */
class LeaseFence {
  private heldUntil: number;
  private lost = false;
  private confirming: Promise<boolean> | undefined;

  constructor(
    private readonly claim: Claim,
    askedAt: number,
    private readonly onLost: () => void,
  ) {
    this.heldUntil = askedAt + claim.leaseMs;
  }

  /** Asks the database whether the claim still holds (and renews it); one query at a time. */
  confirm(): Promise<boolean> {
    this.confirming ??= (async () => {
      const asked = performance.now();
      try {
        const kept = !this.lost && (await this.claim.keep());
        if (!kept) this.markLost();
        else if (this.claim.renewable) this.heldUntil = Math.max(this.heldUntil, asked + this.claim.leaseMs);
        return kept;
      } finally {
        this.confirming = undefined;
      }
    })();
    return this.confirming;
  }

  /**
   * The time a call may take. A write must end — answered, or abandoned at its limit — `grace`
   * before the lease can run out, where `grace` (its own limit, at most a quarter of the lease)
   * is the time 24SO is given to finish a request whose answer we stopped waiting for before
   * another worker may take the job over and search 24SO for it. A read only needs the lease.
   */
  async window(call: GuardedCall): Promise<number> {
    const grace = Math.min(call.timeoutMs, Math.floor(this.claim.leaseMs / 4));
    const available = () =>
      call.write ? this.heldUntil - grace - performance.now() : this.heldUntil - performance.now();
    const needed = call.write ? grace : 1;
    if (this.lost || available() < needed) await this.confirm();
    if (this.lost || available() < needed) {
      this.markLost();
      throw new LeaseLost(this.claim.job.id, this.claim.epoch);
    }
    return call.write ? Math.max(1, Math.floor(Math.min(call.timeoutMs, available()))) : call.timeoutMs;
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.onLost();
  }
}
