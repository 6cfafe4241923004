import {
  ResponseFormatError,
  ServerFaultError,
  TimeoutError,
  TransportError,
  type TwentyFourError,
} from '../twentyfour/errors.ts';
import type { SoapCaller } from '../twentyfour/transport.ts';

// How often a 24SO read is sent again when its answer did not come (decisions 67, 77 and 82),
// shared by the sync engine, the invoice transfer and every read a page or a check makes: a read
// changes nothing in 24SO, so sending it again is safe; a write is never sent again here (its
// effect is looked up instead).

/** Tries of one read (and of opening a run's session) before the caller takes it as unanswered. */
export const READ_TRIES = 4;
/** Pause before the next try of a read, times the try's number: 0.2 s, 0.4 s, 0.6 s. */
const READ_RETRY_MS = 200;

/**
 * Whether a failed read may answer when sent again: a lost or unreadable answer, a timeout, a
 * transient server fault. Never a quarantine, a refused login or a refusal of the request.
 * @example transientReadFailure(new TimeoutError(15_000)) // true
 */
export function transientReadFailure(error: unknown): error is TwentyFourError {
  return (
    error instanceof TimeoutError ||
    error instanceof TransportError ||
    error instanceof ResponseFormatError ||
    (error instanceof ServerFaultError && error.retryable)
  );
}

/**
 * Waits before try number `attempt + 1` of a read.
 * @example await pauseBeforeTry(1); // 0.2 s
 */
export function pauseBeforeTry(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS * attempt));
}

/**
 * Sends a read up to READ_TRIES times while its outcome says it went unanswered, pausing between
 * tries, and gives back the last outcome. Reads outside a sync run use this: the pages' lists,
 * the connection test, logging in, switching on, the reconciliation, the transfer's reads.
 * @example const r = await withReadTries(() => readOnce(), (r) => !r.ok && r.unanswered);
 */
export async function withReadTries<R>(
  send: () => Promise<R>,
  unanswered: (outcome: R) => boolean,
  options: ReadTryOptions = {},
): Promise<R> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const withinMs = options.withinMs ?? Number.POSITIVE_INFINITY;
  for (let attempt = 1; ; attempt++) {
    const outcome = await send();
    if (attempt >= READ_TRIES || !unanswered(outcome)) return outcome;
    // No try starts past the time allowed: a read that waited out the client's time limit is
    // not followed by another while a person waits.
    if (now() - started + READ_RETRY_MS * attempt > withinMs) return outcome;
    await pauseBeforeTry(attempt);
  }
}

export interface ReadTryOptions {
  /**
   * No try starts after this long: a person waiting on a page asks again after a lost answer
   * (a reset connection, gone at once) but not after a read that waited out the client's time
   * limit. Unbounded for reads in jobs.
   */
  withinMs?: number;
  /** Milliseconds on a monotonic clock (tests); performance.now() by default. */
  now?: () => number;
  /**
   * When the time allowed began, on the `now` clock (default: this call): several reads made
   * for one request (a login and then the read, a snapshot's calls) share one window.
   */
  startedAt?: number;
}

/**
 * A SoapCaller for reads only, whose every call is sent again (withReadTries) while its answer
 * is lost (transientReadFailure); anything else is thrown at once. Never give it a write.
 * `withinMs` bounds all its calls together, counted from `startedAt` (default: when it was made).
 * @example const snapshot = await readTwentyFour(readRetryingCaller(session.soap));
 */
export function readRetryingCaller(inner: SoapCaller, options: ReadTryOptions = {}): SoapCaller {
  const window = {
    ...options,
    startedAt: options.startedAt ?? (options.now ? options.now() : performance.now()),
  };
  return {
    async call(service, operation, paramsXml) {
      const outcome = await withReadTries(
        async () => {
          try {
            return { ok: true as const, value: await inner.call(service, operation, paramsXml) };
          } catch (error) {
            return { ok: false as const, error };
          }
        },
        (o) => !o.ok && transientReadFailure(o.error),
        window,
      );
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    },
  };
}
