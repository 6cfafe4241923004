import { AsyncLocalStorage } from 'node:async_hooks';

// A guard asked before each 24SO call leaves the process (decision 66). The job worker sets one
// around a job's handler: it checks that the worker still holds the job's lease and says how
// long the call may take, so a write is never started by a worker that lost its job and always
// ends (answered or abandoned) well before the lease it was started under can run out. It is
// carried by the async context, so every call a job makes — through the sync engine, the hours
// export, the invoice transfer or a shared session's login — passes it without each layer
// handing it on.

/** A call about to be sent. */
export interface GuardedCall {
  service: string;
  operation: string;
  /** The call's own time limit. */
  timeoutMs: number;
  /** Whether the call changes 24SO (a lost answer then means an unknown outcome). */
  write: boolean;
}

/** Returns the time the call may take (≤ `timeoutMs`), or throws to keep it from being sent. */
export type CallGuard = (call: GuardedCall) => Promise<number>;

const scope = new AsyncLocalStorage<CallGuard>();

/**
 * Runs `fn` with `guard` asked before every 24SO call it makes.
 * @example await withCallGuard(async (c) => c.timeoutMs, () => saveHour(session, hour));
 */
export function withCallGuard<T>(guard: CallGuard, fn: () => Promise<T>): Promise<T> {
  return scope.run(guard, fn);
}

/** The guard of the current async context, if any. */
export function currentCallGuard(): CallGuard | undefined {
  return scope.getStore();
}

/**
 * Whether an operation changes what 24SO holds (SaveCompanies, SaveHour, SaveInvoices …).
 * @example isWriteOperation('SaveHour') // true
 */
export function isWriteOperation(operation: string): boolean {
  return /^(Save|Delete|SetStock)/.test(operation);
}
