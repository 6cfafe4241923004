import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from '../config/logger.ts';
import { type AddClientInput, addClient } from './added-clients.ts';
import { createControlApi } from './control-api.ts';
import { CallLog, DEFAULT_FAULTS, type Faults, RateLimiter } from './faults.ts';
import { loadSavedState, StateWriter } from './persistence.ts';
import { servicesByPath, wsdlFor } from './registry.ts';
import { buildSeed } from './seed.ts';
import { LoginThrottle } from './sessions.ts';
import { type BodyChunks, DroppedResponseError, handleSoapCall } from './soap-handler.ts';
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
  /** Answers a request; a server passes the raw body stream so no web stream is built for it. */
  answer(request: Request, body: BodyChunks | null): Promise<Response>;
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
  const answerService = (request: Request, body: BodyChunks | null): Promise<Response> | undefined => {
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
    return handleSoapCall(deps, service, request, body);
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

  const answer = async (request: Request, body: BodyChunks | null): Promise<Response> =>
    (await answerService(request, body)) ?? app.fetch(request);
  const sandbox: Sandbox = {
    fetch: async (input, init) => {
      const request = input instanceof Request && !init ? input : new Request(input, init);
      return answer(request, request.body);
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
  return { sandbox, answer };
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
  const { sandbox, answer } = buildSandbox(options);
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        hostname: options.host,
        port: options.port,
        fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
          try {
            return await answer(request, env.incoming);
          } catch (error) {
            // The ambiguous failure: the change is committed, the caller sees the connection die.
            if (error instanceof DroppedResponseError) env.incoming.socket.destroy();
            throw error;
          }
        },
      },
      (info) => {
        server.off('error', reject);
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${info.port}`,
          sandbox,
          close: async () => {
            await new Promise<void>((done) => {
              server.close(() => done());
              if ('closeAllConnections' in server) server.closeAllConnections();
            });
            await sandbox.close();
          },
        });
      },
    );
    server.once('error', reject);
  });
}
