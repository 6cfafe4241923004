import type { Logger } from '../config/logger.ts';
import { currentCallGuard, isWriteOperation } from './call-guard.ts';
import { buildEnvelope, EnvelopeError, readEnvelope } from './envelope.ts';
import {
  ClientFaultError,
  IdentityBlockedError,
  NotAuthenticatedError,
  RateLimitError,
  ResponseFormatError,
  ServerFaultError,
  TimeoutError,
  TransportError,
  TwentyFourError,
} from './errors.ts';
import {
  type FetchLike,
  type HttpAnswer,
  type HttpExchange,
  LateRequestError,
  postOverFetch,
} from './http-post.ts';
import { postOverNode } from './node-http.ts';
import { SERVICES, type ServiceName, serviceUrl, soapAction } from './services.ts';
import { DEFAULT_MAX_XML_BYTES, XmlSafetyError } from './xml.ts';

// One SOAP request/response over HTTP: timeout on the whole exchange, a byte cap while the body
// streams in, faults turned into typed errors, rate-limit headers read. Nothing here logs the
// envelope (Login carries the password) or the cookie.

export type { FetchLike } from './http-post.ts';

/** What the client needs from its surroundings; tests swap each of them. */
export interface TwentyFourDeps {
  /**
   * A web fetch to send through instead of node:http (tests' fakes, the in-process sandbox).
   * Omitted in the app: node:http with keep-alive agents costs a third of fetch's CPU per call.
   */
  fetch?: FetchLike;
  logger: Logger;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Told about every call a session made or was refused (metrics); must not throw. */
  onCall?: (call: CallRecord) => void;
}

/** One 24SO call as counted by the metrics. */
export interface CallRecord {
  service: ServiceName;
  operation: string;
  /** `ok`, `budget_refused` (never sent), or the error class that ended it. */
  outcome: string;
}

export interface RateLimitState {
  remaining: number;
  resetAt: Date | undefined;
}

export interface SoapExchange {
  service: ServiceName;
  operation: string;
  paramsXml: string;
  sessionId: string | undefined;
  baseUrl: string | undefined;
  timeoutMs: number;
  maxResponseBytes?: number;
}

export interface SoapResult {
  element: Record<string, unknown>;
  rateLimit: RateLimitState | undefined;
  /** A new ASP.NET_SessionId the server set with Set-Cookie, if any. */
  setSessionId: string | undefined;
}

/**
 * Sends one operation and returns its `<OperationResponse>` element, parsed.
 * @example const { element } = await sendSoap(deps, { service: 'authenticate', operation: 'HasSession', paramsXml: '', sessionId, baseUrl, timeoutMs: 30000 });
 */
export async function sendSoap(deps: TwentyFourDeps, exchange: SoapExchange): Promise<SoapResult> {
  const { service, operation } = exchange;
  // A job's guard (call-guard.ts) may refuse the call or shorten its limit to fit its lease.
  const guard = currentCallGuard();
  const timeoutMs = guard
    ? await guard({ service, operation, timeoutMs: exchange.timeoutMs, write: isWriteOperation(operation) })
    : exchange.timeoutMs;
  const started = performance.now();
  const maxBytes = exchange.maxResponseBytes ?? DEFAULT_MAX_XML_BYTES;
  const headers: Record<string, string> = {
    'Content-Type': 'text/xml; charset=utf-8',
    SOAPAction: `"${soapAction(service, operation)}"`,
  };
  // The cookie goes to every service on both hosts, so it is set per request, not per host.
  if (exchange.sessionId) headers.Cookie = `ASP.NET_SessionId=${exchange.sessionId}`;
  const post = {
    url: serviceUrl(service, exchange.baseUrl),
    headers,
    body: buildEnvelope(SERVICES[service].namespace, operation, exchange.paramsXml),
    maxBytes,
    sendBy: started + timeoutMs,
  };
  // The last point before the request leaves: a process that stalled since the guard (a long
  // GC pause, a stopped process) abandons the call rather than send it late.
  if (performance.now() - started >= timeoutMs) throw new TimeoutError(timeoutMs);
  const answer = await answerWithin(
    deps.fetch ? postOverFetch(deps.fetch, post) : postOverNode(post),
    timeoutMs - (performance.now() - started),
    timeoutMs,
  );
  if (answer.redirect) throw new TransportError(redirectDetail(answer));
  const rateLimit = readRateLimit(answer);
  deps.logger.debug(
    { service, operation, status: answer.status, ms: Math.round(performance.now() - started) },
    '24SO call',
  );
  return {
    element: interpret(answer, `${operation}Response`, maxBytes, rateLimit),
    rateLimit,
    setSessionId: readSessionCookie(answer),
  };
}

/**
 * The exchange's answer, or TimeoutError when it is not whole within `ms` (the exchange is then
 * cancelled; racing it also covers a fetch that ignores its abort signal).
 */
function answerWithin(exchange: HttpExchange, ms: number, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      exchange.cancel();
      reject(new TimeoutError(timeoutMs));
    }, ms);
    exchange.answer.then(
      (answer) => {
        clearTimeout(timer);
        resolve(answer);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // When the timeout won, the late failure is expected and ignored.
        if (timedOut) return;
        if (error instanceof TwentyFourError) reject(error);
        // Dropped unsent at its deadline (node-http.ts): the call ran out of time.
        else if (error instanceof LateRequestError) reject(new TimeoutError(timeoutMs));
        else reject(new TransportError((error as Error).message || 'nettverksfeil', error));
      },
    );
  });
}

/** "svaret var en omdirigering (HTTP 307) til https://…", the target without its query. */
function redirectDetail(answer: HttpAnswer): string {
  const location = answer.header('location');
  let target = 'en ukjent adresse';
  if (location) {
    try {
      const url = new URL(location, answer.url || undefined);
      target = `${url.origin}${url.pathname}`;
    } catch {
      target = location.slice(0, 200);
    }
  }
  return `svaret var en omdirigering (HTTP ${answer.status}) til ${target}, som ikke følges`;
}

/** The ASP.NET_SessionId an answer sets, as a cookie container would pick it up. */
export function readSessionCookie(answer: Pick<HttpAnswer, 'setCookies'>): string | undefined {
  for (const cookie of answer.setCookies()) {
    const m = /^\s*ASP\.NET_SessionId=([^;]*)/i.exec(cookie);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** Reads `APILimitRemaining` / `APILimitReset` (ISO-8601 UTC), when 24SO sends them. */
export function readRateLimit(answer: Pick<HttpAnswer, 'header'>): RateLimitState | undefined {
  const remaining = answer.header('APILimitRemaining');
  if (remaining === undefined || !/^-?\d+$/.test(remaining.trim())) return undefined;
  const reset = answer.header('APILimitReset');
  const resetAt = reset ? new Date(reset) : undefined;
  return {
    remaining: Number(remaining),
    resetAt: resetAt && !Number.isNaN(resetAt.getTime()) ? resetAt : undefined,
  };
}

function interpret(
  answer: HttpAnswer,
  responseElement: string,
  maxBytes: number,
  rateLimit: RateLimitState | undefined,
): Record<string, unknown> {
  const status = answer.status;
  if (status === 429) throw new RateLimitError(retryAfter(answer) ?? rateLimit?.resetAt);
  let content: ReturnType<typeof readEnvelope>;
  try {
    content = readEnvelope(answer.text, responseElement, maxBytes);
  } catch (error) {
    if (status >= 500) throw new ServerFaultError(`HTTP ${status}`);
    if (status >= 400) throw new ClientFaultError(`HTTP ${status}`);
    if (error instanceof XmlSafetyError || error instanceof EnvelopeError) {
      throw new ResponseFormatError(error.message, error);
    }
    throw error;
  }
  if (content.kind === 'fault') throw faultError(content.fault.code, content.fault.message, rateLimit);
  if (status >= 400) throw new ServerFaultError(`HTTP ${status}`);
  return content.element;
}

function retryAfter(answer: HttpAnswer): Date | undefined {
  const value = answer.header('Retry-After');
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return new Date(Date.now() + Number(value) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Maps a SOAP fault to the typed error a caller can act on, by the known 24SO texts first and
 * the fault code second (API-NOTES §3).
 * @example faultError('Server', 'Server was unable to process request. ---> Client is not authenticated on this identity')
 */
export function faultError(code: string, message: string, rateLimit?: RateLimitState): TwentyFourError {
  if (/not authenticated/i.test(message)) return new NotAuthenticatedError(message);
  if (/limit exceeded|request is blocked|quarantine/i.test(message)) {
    return new RateLimitError(parseQuarantineEnd(message) ?? rateLimit?.resetAt, message);
  }
  if (/IdentityId is blocked/i.test(message)) return new IdentityBlockedError(message);
  if (/^(Client|Sender)$/i.test(code)) return new ClientFaultError(message);
  return new ServerFaultError(message || `SOAP fault ${code}`);
}

/** The timestamp after "Quarantine ends at", when it parses as a date (taken as UTC when zone-less). */
export function parseQuarantineEnd(message: string): Date | undefined {
  const m = /quarantine ends at\s+(.+?)\s*\.?$/i.exec(message.trim());
  if (!m?.[1]) return undefined;
  const raw = m[1];
  const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw) ? raw : `${raw.replace(' ', 'T')}Z`;
  const date = new Date(zoned);
  if (!Number.isNaN(date.getTime())) return date;
  const loose = new Date(raw);
  return Number.isNaN(loose.getTime()) ? undefined : loose;
}

/** Sends one operation with whatever session handling the implementer provides. */
export interface SoapCaller {
  call(service: ServiceName, operation: string, paramsXml: string): Promise<Record<string, unknown>>;
}
