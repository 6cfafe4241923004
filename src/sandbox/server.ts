import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from '../config/logger.ts';
import { type AddClientInput, addClient } from './added-clients.ts';
import { createControlApi } from './control-api.ts';
import { CallLog, DEFAULT_FAULTS, type Faults, RateLimiter } from './faults.ts';
import { loadSavedState, StateWriter } from './persistence.ts';
import { servicesByPath, wsdlFor } from './registry.ts';
import { buildSeed } from './seed.ts';
import { LoginThrottle } from './sessions.ts';
import {
  DroppedResponseError,
  handleSoapCall,
  MAX_REQUEST_BYTES,
  readCapped,
  type SoapAnswer,
  type SoapCall,
  tooLarge,
} from './soap-handler.ts';
import type { SandboxData, SeedName } from './state.ts';
import { createWebView } from './web/index.tsx';

// The built-in 24SO sandbox: the SOAP services on their real paths, the control API under
// /_sandbox and a read-only web view at /. In-process (`fetch`) for tests, or on a port.

export interface SandboxOptions {
  seed?: SeedName;
  /** With a data directory the state is saved to `sandbox.json` there and loaded on start. */
  dataDir?: string;
  clock?: () => Date;
  logger?: Logger;
  /** Source of randomness for failRate/dropResponseRate (tests may pin it). */
  random?: () => number;
}

export interface Sandbox {
  /** Answers a request as the sandbox server would; use as the 24SO client's fetch. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** The live state (replaced by reset). */
  readonly state: SandboxData;
  reset(seed: SeedName): void;
  faults(): Faults;
  setFaults(changes: Partial<Faults>): Faults;
  calls: CallLog;
  /** Writes pending state to disk. */
  close(): Promise<void>;
}

/**
 * Creates a sandbox in this process; nothing listens on a port.
 * @example
 *   const sandbox = createSandbox({ seed: 'demo' });
 *   const res = await sandbox.fetch('http://sandbox/authenticate/v001/authenticate.asmx', { method: 'POST', … });
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return buildSandbox(options).sandbox;
}

interface SandboxCore {
  sandbox: Sandbox;
  /** Answers a web request (control API, web view, WSDLs, and SOAP calls the server did not take directly). */
  answer(request: Request): Promise<Response>;
  /**
   * Answers a SOAP POST straight from Node's request (no web Request, Headers or Response built
   * for it, which was a third of a small call's cost); false when the path is no SOAP service.
   */
  answerNode(incoming: IncomingMessage, outgoing: ServerResponse): boolean;
}

function buildSandbox(options: SandboxOptions): SandboxCore {
  const clock = options.clock ?? (() => new Date());
  const writer = options.dataDir ? new StateWriter(options.dataDir) : undefined;
  let data: SandboxData =
    (options.dataDir &&
      loadSavedState(options.dataDir, (movedTo) =>
        options.logger?.warn(
          { movedTo },
          'sandbox state file unreadable; moved aside, starting from the seed',
        ),
      )) ||
    buildSeed(options.seed ?? 'demo');
  let faults: Faults = { ...DEFAULT_FAULTS };
  const calls = new CallLog();
  const limiter = new RateLimiter();
  const logins = new LoginThrottle();
  const changed = () => writer?.schedule(() => data);

  const setFaults = (changes: Partial<Faults>): Faults => {
    const { expireSessions, ...rest } = changes;
    faults = { ...faults, ...rest, expireSessions: false };
    if (expireSessions) {
      data.sessions = {};
      changed();
    }
    options.logger?.info({ faults }, 'sandbox faults set');
    return faults;
  };
  const reset = (seed: SeedName) => {
    data = buildSeed(seed);
    calls.clear();
    limiter.reset();
    logins.reset();
    changed();
    options.logger?.info({ seed }, 'sandbox reset');
  };
  const deps = {
    data: () => data,
    faults: () => faults,
    limiter,
    logins,
    calls,
    clock,
    changed,
    random: options.random ?? Math.random,
  };

  // SOAP calls bypass Hono: they need the raw Request, and a dropped answer must reach the
  // caller as a failed fetch rather than as an error page.
  const answerService = (request: Request): Promise<Response> | undefined => {
    const url = new URL(request.url);
    const service = servicesByPath().get(url.pathname.toLowerCase());
    if (!service) return undefined;
    if (request.method === 'GET' && [...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
      return Promise.resolve(
        new Response(wsdlFor(service, url.origin), {
          headers: { 'content-type': 'text/xml; charset=utf-8' },
        }),
      );
    }
    if (request.method !== 'POST' && request.method !== 'GET' && request.method !== 'HEAD') {
      // ASMX answers SOAP over POST only; GET shows the service page (and ?wsdl).
      return Promise.resolve(
        new Response('Method Not Allowed: SOAP requests are POSTed.', {
          status: 405,
          headers: { allow: 'GET, HEAD, POST', 'content-type': 'text/plain; charset=utf-8' },
        }),
      );
    }
    if (request.method !== 'POST') {
      const ops = Object.keys(service.def.operations)
        .map((o) => `<li>${o}</li>`)
        .join('');
      const page = `<!doctype html><html lang="nb"><meta charset="utf-8"><title>${service.def.name}</title><h1>${service.def.name}</h1><p>Operasjoner i sandkassen:</p><ul>${ops}</ul><p><a href="?wsdl">WSDL</a></p></html>`;
      return Promise.resolve(new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    }
    const call = new WebSoapCall(request);
    return handleSoapCall(deps, service, call).then(
      (answer) => new Response(answer.body, { status: answer.status, headers: answer.headers }),
    );
  };

  const answerNode = (incoming: IncomingMessage, outgoing: ServerResponse): boolean => {
    if (incoming.method !== 'POST') return false;
    const target = incoming.url ?? '';
    const query = target.indexOf('?');
    // Only a plain path is matched here; anything unusual takes the web route, which resolves it.
    const service = servicesByPath().get((query < 0 ? target : target.slice(0, query)).toLowerCase());
    if (!service) return false;
    const call = new NodeSoapCall(incoming);
    handleSoapCall(deps, service, call).then(
      (answer) => writeAnswer(outgoing, answer),
      (error: unknown) => {
        // The ambiguous failure: the change is committed, the caller sees the connection die.
        if (error instanceof DroppedResponseError) incoming.socket.destroy();
        else writeAnswer(outgoing, { status: 500, headers: {}, body: '' });
      },
    );
    return true;
  };

  const app = new Hono();
  app.route(
    '/_sandbox',
    createControlApi({
      data: () => data,
      faults: () => faults,
      setFaults,
      reset,
      addClient: (input: AddClientInput) => {
        const added = addClient(data, input);
        changed();
        return added;
      },
      calls,
    }),
  );
  app.route(
    '/',
    createWebView(() => data),
  );

  const answer = async (request: Request): Promise<Response> =>
    (await answerService(request)) ?? app.fetch(request);
  const sandbox: Sandbox = {
    fetch: async (input, init) => {
      const request = input instanceof Request && !init ? input : new Request(input, init);
      return answer(request);
    },
    get state() {
      return data;
    },
    reset,
    faults: () => faults,
    setFaults,
    calls,
    close: async () => writer?.flush(),
  };
  return { sandbox, answer, answerNode };
}

export interface SandboxServer {
  url: string;
  close(): Promise<void>;
  sandbox: Sandbox;
}

/**
 * Serves the sandbox on host:port (0 = any free port).
 * @example const { url, close } = await startSandboxServer({ port: 0, host: '127.0.0.1' });
 */
export function startSandboxServer(
  options: { port: number; host: string } & SandboxOptions,
): Promise<SandboxServer> {
  const { sandbox, answer, answerNode } = buildSandbox(options);
  const webListener = getRequestListener(
    async (request: Request, env: HttpBindings | Http2Bindings) => {
      try {
        return await answer(request);
      } catch (error) {
        // The ambiguous failure: the change is committed, the caller sees the connection die.
        if (error instanceof DroppedResponseError) env.incoming.socket.destroy();
        throw error;
      }
    },
    { hostname: options.host },
  );
  return new Promise((resolve, reject) => {
    const server = createServer((incoming, outgoing) => {
      if (!answerNode(incoming, outgoing)) void webListener(incoming, outgoing);
    });
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        sandbox,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          await sandbox.close();
        },
      });
    });
  });
}

/** A SOAP call from a web Request (the in-process fetch, and odd paths the server hands to Hono). */
class WebSoapCall implements SoapCall {
  readonly contentType: string | undefined;
  readonly soapAction: string | undefined;
  readonly cookie: string | undefined;
  readonly contentLength: string | undefined;

  constructor(private readonly request: Request) {
    const headers = request.headers;
    this.contentType = headers.get('content-type') ?? undefined;
    this.soapAction = headers.get('soapaction') ?? undefined;
    this.cookie = headers.get('cookie') ?? undefined;
    this.contentLength = headers.get('content-length') ?? undefined;
  }

  readBody(): Promise<string> {
    return readCapped(this.request.body);
  }
}

/**
 * A SOAP call read straight from Node's request. A class rather than an object of closures: the
 * sandbox runs through tsx, whose keepNames wraps every named closure made per call.
 */
class NodeSoapCall implements SoapCall {
  readonly contentType: string | undefined;
  readonly soapAction: string | undefined;
  readonly cookie: string | undefined;
  readonly contentLength: string | undefined;

  constructor(private readonly incoming: IncomingMessage) {
    const headers = incoming.headers;
    this.contentType = headers['content-type'];
    // Node lists a repeated header it does not know; fetch joins the values.
    const action = headers.soapaction;
    this.soapAction = Array.isArray(action) ? action.join(', ') : action;
    this.cookie = headers.cookie;
    this.contentLength = headers['content-length'];
  }

  /** The body up to MAX_REQUEST_BYTES; past it the call is refused with ASP.NET's fault. */
  readBody(): Promise<string> {
    const incoming = this.incoming;
    return new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        if (size > MAX_REQUEST_BYTES) return;
        size += chunk.byteLength;
        // Past the limit the rest is read and dropped, so the caller still gets the fault.
        if (size > MAX_REQUEST_BYTES) {
          parts.length = 0;
          reject(tooLarge());
        } else parts.push(chunk);
      });
      incoming.once('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      incoming.once('error', reject);
      // A caller that goes away mid-body: nothing to answer, but the call must not hang.
      incoming.once('close', () => {
        if (!incoming.complete) reject(new Error('the caller closed the connection before the body ended'));
      });
    });
  }
}

/** Writes a SOAP answer with its length, as the web adapter did for a text body. */
function writeAnswer(outgoing: ServerResponse, answer: SoapAnswer): void {
  if (outgoing.destroyed || outgoing.socket?.destroyed) return;
  outgoing.writeHead(answer.status, {
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body),
  });
  outgoing.end(answer.body);
}
