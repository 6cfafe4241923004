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

// The guard's last check comes before the HTTP client has the request. A process paused after
// it (a long GC pause, a stopped process) goes on where it was when it wakes up: a request the
// client was about to write on a free connection is written before any timer can run, and a
// process woken in its wait for I/O handles a connection that became ready before the overdue
// timer that would abort the call. So the transport also tells the client the request's
// deadline, and `deadlineFetch` checks it once more at the moment Node's HTTP client (undici)
// is about to write the request onto its connection, and drops the request there when the
// deadline has passed (decision 79).

/** Each request's deadline (`performance.now()` time), set by the transport. */
const sendDeadlines = new WeakMap<Request, number>();

/**
 * Marks a request not to be written to the network once `deadline` (`performance.now()` time)
 * has passed; `deadlineFetch` honours it.
 * @example sendNoLaterThan(request, performance.now() + timeoutMs);
 */
export function sendNoLaterThan(request: Request, deadline: number): void {
  sendDeadlines.set(request, deadline);
}

/** Thrown into a request that its client was about to write after its deadline. */
export class SendDeadlinePassed extends Error {
  constructor() {
    super('the request was not sent: its deadline passed before it could leave');
  }
}

/** Undici's dispatcher, as far as this file uses it (its types are not this project's dependency). */
interface Dispatcher {
  dispatch(options: object, handler: object): boolean;
}

/**
 * The global `fetch` with a last check of the request's deadline (`sendNoLaterThan`) just
 * before its bytes are written to the socket. Where Node's HTTP client cannot be reached (an
 * unknown Node line), it is the plain `fetch` and the transport's own earlier check remains.
 * @example createTwentyFourGateway({ fetch: deadlineFetch, … });
 */
export function deadlineFetch(request: Request): Promise<Response> {
  const deadline = sendDeadlines.get(request);
  if (deadline === undefined) return fetch(request);
  // Handed to the client at once when its dispatcher is there: no await between here and it.
  const inner = globalDispatcher();
  if (inner) return sendThrough(inner, request, deadline);
  loading ??= fetch('data:,').then(
    (r) => r.arrayBuffer(),
    () => undefined,
  );
  return loading.then(() => {
    const loaded = globalDispatcher();
    return loaded ? sendThrough(loaded, request, deadline) : fetch(request);
  });
}

function sendThrough(inner: Dispatcher, request: Request, deadline: number): Promise<Response> {
  // `dispatcher` is Node's own extension of fetch's options (undici's), not in the DOM types.
  const init: RequestInit & { dispatcher: Dispatcher } = { dispatcher: refusingAfter(inner, deadline) };
  return fetch(request, init);
}

/** Node loads its HTTP client on the first `fetch`; a `data:` fetch makes that happen without a request. */
let loading: Promise<unknown> | undefined;

/**
 * Where the global `fetch` finds its dispatcher: undici keeps it on `globalThis` for every copy
 * of itself in the process, under `.1` up to undici 7 and `.2` from undici 8 on (which mirrors a
 * `.1` for older copies' legacy handlers), so the bundled version says which `fetch` reads.
 */
const GLOBAL_DISPATCHER = Symbol.for(
  `undici.globalDispatcher.${Number(process.versions.undici?.split('.')[0]) >= 8 ? 2 : 1}`,
);

/** The dispatcher the global `fetch` sends through; undefined until Node has loaded it. */
function globalDispatcher(): Dispatcher | undefined {
  const found: unknown = Reflect.get(globalThis, GLOBAL_DISPATCHER);
  return isDispatcher(found) ? found : undefined;
}

function isDispatcher(value: unknown): value is Dispatcher {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'dispatch') === 'function';
}

/** `inner`, with each request's handler checking `deadline` when its bytes are about to be written. */
function refusingAfter(inner: Dispatcher, deadline: number): Dispatcher {
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'dispatch') {
        return (options: object, handler: object) => target.dispatch(options, lastCheck(handler, deadline));
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Wraps a request's handler so that, when the client has a connection for the request and is
 * about to write it — undici calls `onConnect(abort)` (undici ≤ 7) or `onRequestStart(controller)`
 * (undici 8) and writes nothing once it is aborted — a passed deadline aborts it instead.
 */
function lastCheck(handler: object, deadline: number): object {
  const late = () => performance.now() >= deadline;
  return new Proxy(handler, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key === 'onConnect') {
        return function (this: unknown, abort: (error?: Error) => void, ...rest: unknown[]) {
          const result: unknown = Reflect.apply(value, this, [abort, ...rest]);
          if (late()) abort(new SendDeadlinePassed());
          return result;
        };
      }
      if (key === 'onRequestStart') {
        return function (this: unknown, controller: { abort(reason: Error): void }, ...rest: unknown[]) {
          const result: unknown = Reflect.apply(value, this, [controller, ...rest]);
          if (late()) controller.abort(new SendDeadlinePassed());
          return result;
        };
      }
      return value;
    },
  });
}
