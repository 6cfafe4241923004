import type { Obj } from './codec.ts';
import { SoapFault } from './envelope.ts';
import type { ClientData, SandboxData, Session } from './state.ts';

// What every service handler file exports, and the helpers they share.

export interface OperationContext {
  data: SandboxData;
  now: Date;
  /** The ASP.NET_SessionId cookie, if one was sent. */
  sessionId: string | undefined;
  /** The session when the cookie names a live one. */
  session: Session | undefined;
  /** The session's current client, when the session is live. */
  client: ClientData | undefined;
  /** Handlers set this when they changed data, so the state is saved. */
  changed: boolean;
  /** A session id to hand out as cookie (Login). */
  setSession?: string;
  /**
   * Login asks this before opening a session for a user whose credential checked out: ends idle
   * sessions and throws the throttling fault when the user logged in too often just now.
   */
  admitLogin(username: string): void;
  /** How a Login call ended, for the call log's login count. */
  login?: LoginOutcome;
}

/** `ok`: a session was opened; `refused`: wrong credential or blocked identity; `throttled`: too many logins. */
export type LoginOutcome = 'ok' | 'refused' | 'throttled';

export interface Reply {
  /** The value of `<OperationResult>`; undefined for void operations. */
  result?: unknown;
  /** returnProperties: per complex type, the properties to write. */
  only?: Map<string, ReadonlySet<string>>;
}

export interface OperationDef {
  /** Most operations need a session on a client; Login and friends do not. */
  needsClient: boolean;
  run(ctx: OperationContext, params: Obj): Reply;
}

export interface ServiceDef {
  /** Name as in the call log and the WSDL (`CompanyService`). */
  name: string;
  /** The real service path. */
  path: string;
  /** WSDL file name in src/sandbox/wsdl. */
  wsdl: string;
  operations: Record<string, OperationDef>;
}

export const NOT_AUTHENTICATED =
  'Server was unable to process request. ---> Client is not authenticated on this identity';

/** The session's client, or the fault 24SO gives a call without a usable session. */
export function requireClient(ctx: OperationContext): ClientData {
  if (!ctx.client) throw new SoapFault('Server', NOT_AUTHENTICATED, { retryable: false });
  return ctx.client;
}

/** A fault for a request the server could read but refuses as a whole. */
export function serverFault(message: string): SoapFault {
  return new SoapFault('Server', `Server was unable to process request. ---> ${message}`, {
    retryable: false,
  });
}

/** The per-item error 24SO puts on a failed item of a batch save (HTTP status stays 200). */
export function apiException(type: string, message: string): Obj {
  return {
    Type: `Office24Seven.Library.${type}`,
    Message: message,
    StackTrace: '   at Office24Seven.WebServices.Sandbox.Save()',
  };
}

/** `Ps.ChangedAfter`-style filter: strictly after, as ISO text in UTC compares correctly. */
export function changedAfter(value: unknown, after: unknown): boolean {
  if (typeof after !== 'string' || after.startsWith('0001-')) return true;
  return typeof value === 'string' && value > after;
}

/** The set of returnProperties, or undefined (everything) when none were sent. */
export function propertySet(names: unknown): ReadonlySet<string> | undefined {
  if (!Array.isArray(names) || names.length === 0) return undefined;
  return new Set(names.filter((n): n is string => typeof n === 'string').map((n) => n.trim()));
}

/** Builds the `only` map from (type, returnProperties) pairs, skipping absent lists. */
export function onlyMap(
  ...pairs: Array<[string, ReadonlySet<string> | undefined]>
): Map<string, ReadonlySet<string>> {
  const map = new Map<string, ReadonlySet<string>>();
  for (const [type, set] of pairs) if (set) map.set(type, set);
  return map;
}

/** 24SO refuses more than 1000 ids in one request (GetInvoices OrderIds, HourIds). */
export function limitIds(ids: unknown, what: string): number[] | undefined {
  if (!Array.isArray(ids)) return undefined;
  if (ids.length > 1000) throw serverFault(`Maximum 1000 ${what} per request (got ${ids.length}).`);
  return ids.filter((i): i is number => typeof i === 'number');
}

/**
 * A deep copy of state (plain JSON values; a Date is copied too), so an answer being built cannot
 * change the state. Several times faster than structuredClone, which serialises and deserialises.
 * @example const statuses = copyState(client.projectStatuses);
 */
export function copyState<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyState) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  const out: Obj = {};
  for (const key of Object.keys(value)) out[key] = copyState((value as Obj)[key]);
  return out as T;
}

/** Removes `$`-prefixed bookkeeping and copies the record, so callers cannot mutate state. */
export function publicCopy(record: Obj): Obj {
  const out: Obj = {};
  for (const key of Object.keys(record))
    if (key.charCodeAt(0) !== 36 /* $ */) out[key] = copyState(record[key]);
  return out;
}
