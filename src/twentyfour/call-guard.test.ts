// Scenario: a worker's call guard has let a SaveCompanies through with little time left on its
// lease, and the process pauses (a long GC pause, a stopped process) with the request already
// handed to the HTTP client. When it resumes after the request's deadline, the client drops the
// request instead of writing it: 24SO never sees it. Without the deadline, the client paused the
// same way sends it.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEnvelope, SOAP11_NS } from './envelope.ts';
import { type HttpPost, LateRequestError } from './http-post.ts';
import { postOverNode } from './node-http.ts';

/** How long the process pauses with the request in the client: well past its deadline. */
const PAUSE_MS = 300;
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

function saveCompanies(sendBy: number | undefined): HttpPost {
  return {
    url: `${baseUrl}/CRM/Company/V001/CompanyService.asmx`,
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: `"${NS}/SaveCompanies"`,
      Connection: 'close',
    },
    body: buildEnvelope(NS, 'SaveCompanies', ''),
    maxBytes: 1 << 20,
    sendBy,
  };
}

describe('the HTTP client’s last check of a request’s deadline (decision 79)', () => {
  it('sends a request while its deadline holds', async () => {
    const answer = await postOverNode(saveCompanies(performance.now() + 30_000)).answer;
    expect(answer.status).toBe(200);
    expect(received).toEqual(['SaveCompanies']);
  });

  it('drops a request its process paused on past the deadline, before a byte of it is written', async () => {
    const exchange = postOverNode(saveCompanies(performance.now() + 50));
    pause(PAUSE_MS);
    const failure = await exchange.answer.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LateRequestError);
    await connectionsClosed();
    expect(received).toEqual([]);
  });

  it('is needed: without a deadline, the client paused the same way sends the request when it wakes up', async () => {
    const exchange = postOverNode(saveCompanies(undefined));
    pause(PAUSE_MS);
    await exchange.answer;
    expect(received).toEqual(['SaveCompanies']);
  });
});
