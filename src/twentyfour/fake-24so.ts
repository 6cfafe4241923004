import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../config/logger.ts';
import { SOAP11_NS } from './envelope.ts';
import type { FetchLike, TwentyFourDeps } from './transport.ts';

// Test double for the 24SO wire: scripted answers per operation, a recorded call list, a
// manual clock and a sleep that only advances it. Used by the client's unit tests (the
// sandbox covers realistic behaviour; this covers the failures that are hard to stage there).

export interface FakeCall {
  url: URL;
  operation: string;
  soapAction: string | null;
  cookie: string | null;
  body: string;
}

export type FakeReply =
  | { result: string; headers?: Record<string, string> }
  | { fault: string; code?: string; headers?: Record<string, string> }
  | {
      raw: string | Uint8Array | ReadableStream<Uint8Array>;
      status?: number;
      headers?: Record<string, string>;
    }
  | { hang: true }
  | { drop: true };

/** A successful envelope around the response element's children. */
export function okEnvelope(
  operation: string,
  inner: string,
  ns = 'http://24sevenOffice.com/webservices',
): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><${operation}Response xmlns="${ns}">${inner}</${operation}Response></soap:Body></soap:Envelope>`;
}

/** An ASMX-style SOAP 1.1 fault. */
export function faultEnvelope(message: string, code = 'soap:Server'): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>${message}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`;
}

export interface Fake24so {
  fetch: FetchLike;
  calls: FakeCall[];
  deps: TwentyFourDeps;
  /** Everything the logger wrote, one JSON line per entry. */
  logLines: string[];
  sleeps: number[];
  advance(ms: number): void;
  now(): Date;
}

/**
 * Builds the fake; the handler decides each answer from the call.
 * @example const fake = fake24so((call) => call.operation === 'Login' ? { result: '<LoginResult>abc</LoginResult>' } : { result: '' });
 */
export function fake24so(
  handler: (call: FakeCall) => FakeReply | Promise<FakeReply>,
  start = '2026-11-27T18:00:00Z',
): Fake24so {
  const calls: FakeCall[] = [];
  const logLines: string[] = [];
  const sleeps: number[] = [];
  let now = new Date(start).getTime();
  const logger: Logger = createLogger(
    'trace',
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );

  const fetch: FetchLike = async (request) => {
    const body = await request.text();
    const operation = /<soap:Body><(\w+)/.exec(body)?.[1] ?? '';
    const call: FakeCall = {
      url: new URL(request.url),
      operation,
      soapAction: request.headers.get('SOAPAction'),
      cookie: request.headers.get('Cookie'),
      body,
    };
    calls.push(call);
    const reply = await handler(call);
    if ('hang' in reply) return new Promise<Response>(() => {});
    if ('drop' in reply) throw new TypeError('fetch failed: other side closed');
    const headers = { 'Content-Type': 'text/xml; charset=utf-8', ...reply.headers };
    if ('result' in reply) return new Response(okEnvelope(operation, reply.result), { status: 200, headers });
    if ('fault' in reply)
      return new Response(faultEnvelope(reply.fault, reply.code), { status: 500, headers });
    return new Response(reply.raw as BodyInit, { status: reply.status ?? 200, headers });
  };

  return {
    fetch,
    calls,
    logLines,
    sleeps,
    advance: (ms) => {
      now += ms;
    },
    now: () => new Date(now),
    deps: {
      fetch,
      logger,
      clock: () => new Date(now),
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}
