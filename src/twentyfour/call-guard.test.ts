// Scenario: a worker's call guard has let a SaveCompanies through with little time left on its
// lease, and the process pauses (a long GC pause, a stopped process) with the request already
// handed to the HTTP client. When it resumes after the request's deadline, the client drops the
// request instead of writing it: 24SO never sees it, and the call ends as timed out. Node's
// plain fetch, paused the same way, sends it.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../config/logger.ts';
import {
  deadlineFetch,
  isWriteOperation,
  SendDeadlinePassed,
  sendNoLaterThan,
  withCallGuard,
} from './call-guard.ts';
import { buildEnvelope, SOAP11_NS } from './envelope.ts';
import { TimeoutError } from './errors.ts';
import { type FetchLike, sendSoap } from './transport.ts';

/** How long the process pauses with the request in the client: well past its deadline. */
const PAUSE_MS = 300;
/** What the guard grants the write: its lease nearly spent. */
const WINDOW_MS = 100;
const NS = 'http://24sevenOffice.com/webservices';

let server: Server;
let baseUrl: string;
/** The operations of the requests the server received, in order. */
const received: string[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const operation = /\/(\w+)"?$/.exec(String(req.headers.soapaction ?? ''))?.[1] ?? 'Unknown';
    received.push(operation);
    req.resume();
    req.on('end', () => {
      // One request per connection: when every connection is closed, every request has arrived.
      res.setHeader('Connection', 'close');
      res.setHeader('Content-Type', 'text/xml; charset=utf-8');
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><${operation}Response xmlns="${NS}"/></soap:Body></soap:Envelope>`,
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

/** Blocks the whole process, timers and sockets included, as a stop-the-world pause does. */
function pause(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else in the process runs
  }
}

/** Resolves once every connection to the server is closed, so every byte sent has arrived. */
async function connectionsClosed(): Promise<void> {
  while (sockets.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

function saveCompaniesRequest(): Request {
  return new Request(`${baseUrl}/CRM/Company/V001/CompanyService.asmx`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}/SaveCompanies"` },
    body: buildEnvelope(NS, 'SaveCompanies', ''),
  });
}

/** The causes an error carries, outermost first. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}

describe('deadlineFetch', () => {
  it('sends a request as fetch does while its deadline holds', async () => {
    const request = saveCompaniesRequest();
    sendNoLaterThan(request, performance.now() + 30_000);
    const response = await deadlineFetch(request);
    expect(response.status).toBe(200);
    await response.text();
    expect(received).toEqual(['SaveCompanies']);
  });

  it('drops a request its process paused on past the deadline, before a byte of it is written', async () => {
    const request = saveCompaniesRequest();
    sendNoLaterThan(request, performance.now() + 50);
    const sent = deadlineFetch(request);
    pause(PAUSE_MS);
    const failure = await sent.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(causes(failure).some((e) => e instanceof SendDeadlinePassed)).toBe(true);
    await connectionsClosed();
    expect(received).toEqual([]);
  });

  it('is needed: the plain fetch, paused the same way, sends the request when it wakes up', async () => {
    const sent = fetch(saveCompaniesRequest());
    pause(PAUSE_MS);
    await (await sent).text();
    expect(received).toEqual(['SaveCompanies']);
  });
});

// Through the transport, what the worker sees: a timeout, nothing in 24SO. (Here the transport's
// own timer may drop the request first, on a new connection; the tests above are the proof that
// the client drops it where the timer would be too late.)
describe('a guarded write whose process pauses inside the HTTP client past its deadline', () => {
  it('never reaches 24SO and ends as a timeout, its outcome unknown to the caller', async () => {
    const pausing: FetchLike = (request) => {
      const answer = deadlineFetch(request);
      pause(PAUSE_MS);
      return answer;
    };
    const deps = {
      fetch: pausing,
      logger: createLogger('silent'),
      clock: () => new Date(),
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    };
    const failure = await withCallGuard(
      async (call) => (isWriteOperation(call.operation) ? WINDOW_MS : call.timeoutMs),
      () =>
        sendSoap(deps, {
          service: 'company',
          operation: 'SaveCompanies',
          paramsXml: '',
          sessionId: undefined,
          baseUrl,
          timeoutMs: 15_000,
        }),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TimeoutError);
    await connectionsClosed();
    expect(received).toEqual([]);
  });
});
