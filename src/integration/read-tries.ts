import {
  ResponseFormatError,
  ServerFaultError,
  TimeoutError,
  TransportError,
  type TwentyFourError,
} from '../twentyfour/errors.ts';

// How often a 24SO read is sent again when its answer did not come (decisions 67 and 77), shared
// by the sync engine and the invoice transfer: a read changes nothing in 24SO, so sending it
// again is safe; a write is never sent again here (its effect is looked up instead).

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
