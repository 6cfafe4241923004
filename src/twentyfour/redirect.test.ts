// Scenario: the configured 24SO address answers a Login with a 307 to another host. The client
// must not re-send the envelope (with the password) there; it reports where it was sent instead.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../config/logger.ts';
import { TransportError } from './errors.ts';
import { type FetchLike, sendSoap } from './transport.ts';

let redirecting: Server;
let elsewhere: Server;
let elsewhereBodies: string[];
let redirectUrl: string;
let elsewhereUrl: string;

const listen = (server: Server) =>
  new Promise<string>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });

beforeAll(async () => {
  elsewhereBodies = [];
  elsewhere = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      elsewhereBodies.push(body);
      res.writeHead(500).end();
    });
  });
  elsewhereUrl = await listen(elsewhere);
  redirecting = createServer((req, res) => {
    req.resume();
    res.writeHead(307, { location: `${elsewhereUrl}/stjel?x=1` }).end();
  });
  redirectUrl = await listen(redirecting);
});

afterAll(async () => {
  await Promise.all([redirecting, elsewhere].map((s) => new Promise((r) => s.close(r))));
});

const posters: Array<[string, FetchLike | undefined]> = [
  ['node:http (the app)', undefined],
  ['a web fetch', (r: Request) => fetch(r)],
];

it.each(posters)(
  'does not follow a redirect and names its target in a transport error (%s)',
  async (_name, fetch) => {
    elsewhereBodies = [];
    const deps = {
      fetch,
      logger: createLogger('silent'),
      clock: () => new Date(),
      sleep: async () => {},
    };
    const error = await sendSoap(deps, {
      service: 'authenticate',
      operation: 'Login',
      paramsXml: '<credential><Password>hemmelig-passord</Password></credential>',
      sessionId: 'abc',
      baseUrl: redirectUrl,
      timeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain(`HTTP 307) til ${elsewhereUrl}/stjel`);
    expect((error as Error).message).not.toContain('x=1');
    expect(elsewhereBodies).toEqual([]);
  },
);
