// The one job interface, whichever engine runs it: the embedded job table (SQLite or
// PostgreSQL, single process or several) today; pg-boss can implement the same interface.

export interface Job {
  id: string;
  kind: string;
  /** Parsed JSON; each handler validates its own payload. */
  payload: unknown;
  /**
   * 1 on the first try. Counts the handler's runs that threw, not takeovers after a lost worker
   * (a kill or stall): the job then runs again with the same attempt (decision 81).
   */
  attempt: number;
  maxAttempts: number;
  /** Takeovers after a lost worker since the handler last returned or threw (0 normally). */
  takeovers: number;
}

export interface EnqueueOptions {
  /** Not before this time (default now). */
  runAt?: Date;
  /** While a job with this key is queued or running, enqueueing another returns that one. */
  uniqueKey?: string;
  maxAttempts?: number;
}

/**
 * Takeovers in a row (the worker lost, the handler never returning) after which a job is given
 * up as one that brings its worker down every time: far above the attempts a thrown error gets,
 * since a worker killed in a deployment or a crash of the machine is no fault of the job.
 */
export const MAX_TAKEOVERS_IN_A_ROW = 10;

/** What a handler tells the engine when it returns. */
export type JobOutcome =
  | { kind: 'done' }
  /** Run again at `at` without counting an attempt (e.g. 24SO's quarantine ends then). */
  | { kind: 'later'; at: Date; note?: string };

export interface JobContext {
  /** Aborted when the worker stops or loses the job's lease; stop at the next safe point. */
  signal: AbortSignal;
  /** The worker's id, for logs. */
  workerId: string;
  /** The claim's fencing token (higher for each claim of the same job), for logs. */
  epoch: number;
  /**
   * How long the claim lasts without a heartbeat: after a crash, another worker takes the job
   * over this long after the last one. A lock the handler takes beside the job should not
   * outlast it, or the takeover waits for that lock too.
   */
  leaseMs: number;
  /**
   * Asks the database whether this claim still holds the job (false once another worker took
   * it over, or the engine ended it). Before a handler ends something the job is for — say, fails its run —
   * it checks it still holds it: a worker that lost the job must leave that to the new holder.
   */
  stillHeld(): Promise<boolean>;
}

/** Handles one kind. A thrown error counts an attempt and retries with backoff. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<JobOutcome>;

export interface JobQueue {
  /**
   * Adds a job (or returns the live one with the same unique key).
   * @example await queue.enqueue('sync.run', { runId }, { uniqueKey: `sync:${runId}` });
   */
  enqueue(
    kind: string,
    payload: unknown,
    options?: EnqueueOptions,
  ): Promise<{ id: string; deduplicated: boolean }>;
  /**
   * Whether a job of `kind` with this unique key is live: queued, running, or held by a worker
   * that died and due to be taken over. False when it ended (done, failed, given up) or never was.
   * @example if (!(await queue.isLive('sync.run', `sync:${runId}`))) … // nothing carries the run on
   */
  isLive(kind: string, uniqueKey: string): Promise<boolean>;
}

export interface JobWorker {
  /** Starts polling for jobs of the registered kinds. */
  start(): void;
  /** Stops taking jobs, aborts running ones at their next safe point and waits for them. */
  stop(): Promise<void>;
}
