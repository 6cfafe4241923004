import type { Logger } from '../config/logger.ts';
import { currentCallGuard, isWriteOperation, sendNoLaterThan } from './call-guard.ts';
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
  type TwentyFourError,
} from './errors.ts';
import { SERVICES, type ServiceName, serviceUrl, soapAction } from './services.ts';
import { DEFAULT_MAX_XML_BYTES, XmlSafetyError } from './xml.ts';

// One SOAP request/response over HTTP: timeout on the whole exchange, a byte cap while the body
// streams in, faults turned into typed errors, rate-limit headers read. Nothing here logs the
// envelope (Login carries the password) or the cookie.

export type FetchLike = (input: Request) => Promise<Response>;

/** What the client needs from its surroundings; tests swap each of them. */
export interface TwentyFourDeps {
  fetch: FetchLike;
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
  const deadline = performance.now() + timeoutMs;
  const maxBytes = exchange.maxResponseBytes ?? DEFAULT_MAX_XML_BYTES;
  const headers: Record<string, string> = {
    'Content-Type': 'text/xml; charset=utf-8',
    SOAPAction: `"${soapAction(service, operation)}"`,
  };
  // The cookie goes to every service on both hosts, so it is set per request, not per host.
  if (exchange.sessionId) headers.Cookie = `ASP.NET_SessionId=${exchange.sessionId}`;
  const controller = new AbortController();
  const request = new Request(serviceUrl(service, exchange.baseUrl), {
    method: 'POST',
    headers,
    body: buildEnvelope(SERVICES[service].namespace, operation, exchange.paramsXml),
    signal: controller.signal,
    // Never follow a redirect: it would re-send the envelope (a Login carries the password) and
    // the session cookie to wherever the answer points.
    redirect: 'manual',
  });
  // And the last point of all, in the HTTP client as it writes the request (`deadlineFetch`).
  sendNoLaterThan(request, deadline);

  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    // Racing the timeout also covers fetch implementations that ignore the abort signal.
    const exchangeDone = (async () => {
      let response: Response;
      // The last point before the request leaves: a process that stalled since the guard (a long
      // GC pause, a stopped process) abandons the call rather than send it late.
      if (performance.now() >= deadline) {
        controller.abort();
        throw new TimeoutError(timeoutMs);
      }
      try {
        response = await deps.fetch(request);
      } catch (error) {
        // Past its deadline (aborted by the timer, or dropped unsent by the client), it timed out.
        if (controller.signal.aborted || performance.now() >= deadline) throw new TimeoutError(timeoutMs);
        throw new TransportError((error as Error).message || 'nettverksfeil', error);
      }
      if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
        controller.abort();
        throw new TransportError(redirectDetail(response));
      }
      const text = await readCapped(response, maxBytes, controller, timeoutMs);
      return { response, text };
    })();
    exchangeDone.catch(() => {}); // when the timeout wins, the late failure is expected and ignored
    const { response, text } = await Promise.race([exchangeDone, timeout]);
    const rateLimit = readRateLimit(response.headers);
    deps.logger.debug(
      { service, operation, status: response.status, ms: Math.round(performance.now() - started) },
      '24SO call',
    );
    return {
      element: interpret(response, text, `${operation}Response`, maxBytes, rateLimit),
      rateLimit,
      setSessionId: readSessionCookie(response.headers),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** "svaret var en omdirigering (HTTP 307) til https://…", the target without its query. */
function redirectDetail(response: Response): string {
  const location = response.headers.get('location');
  let target = 'en ukjent adresse';
  if (location) {
    try {
      const url = new URL(location, response.url || undefined);
      target = `${url.origin}${url.pathname}`;
    } catch {
      target = location.slice(0, 200);
    }
  }
  return `svaret var en omdirigering (HTTP ${response.status}) til ${target}, som ikke følges`;
}

async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
  timeoutMs: number,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw new ResponseFormatError(`svaret er større enn ${maxBytes} byte`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new ResponseFormatError(`svaret er større enn ${maxBytes} byte`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ResponseFormatError) throw error;
    if (controller.signal.aborted) throw new TimeoutError(timeoutMs);
    throw new TransportError('forbindelsen ble brutt under svaret', error);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The ASP.NET_SessionId a response sets, as a cookie container would pick it up. */
export function readSessionCookie(headers: Headers): string | undefined {
  for (const cookie of headers.getSetCookie()) {
    const m = /^\s*ASP\.NET_SessionId=([^;]*)/i.exec(cookie);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** Reads `APILimitRemaining` / `APILimitReset` (ISO-8601 UTC), when 24SO sends them. */
export function readRateLimit(headers: Headers): RateLimitState | undefined {
  const remaining = headers.get('APILimitRemaining');
  if (remaining === null || !/^-?\d+$/.test(remaining.trim())) return undefined;
  const reset = headers.get('APILimitReset');
  const resetAt = reset ? new Date(reset) : undefined;
  return {
    remaining: Number(remaining),
    resetAt: resetAt && !Number.isNaN(resetAt.getTime()) ? resetAt : undefined,
  };
}

function interpret(
  response: Response,
  text: string,
  responseElement: string,
  maxBytes: number,
  rateLimit: RateLimitState | undefined,
): Record<string, unknown> {
  if (response.status === 429) throw new RateLimitError(retryAfter(response.headers) ?? rateLimit?.resetAt);
  let content: ReturnType<typeof readEnvelope>;
  try {
    content = readEnvelope(text, responseElement, maxBytes);
  } catch (error) {
    if (response.status >= 500) throw new ServerFaultError(`HTTP ${response.status}`);
    if (response.status >= 400) throw new ClientFaultError(`HTTP ${response.status}`);
    if (error instanceof XmlSafetyError || error instanceof EnvelopeError) {
      throw new ResponseFormatError(error.message, error);
    }
    throw error;
  }
  if (content.kind === 'fault') throw faultError(content.fault.code, content.fault.message, rateLimit);
  if (response.status >= 400) throw new ServerFaultError(`HTTP ${response.status}`);
  return content.element;
}

function retryAfter(headers: Headers): Date | undefined {
  const value = headers.get('Retry-After');
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
