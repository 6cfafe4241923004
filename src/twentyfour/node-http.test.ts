// Scenario: in the app the client talks to 24SO over node:http (no fetch handed in); over real
// sockets it keeps one connection alive, reads the session and quota headers and gzip answers,
// and turns hangs, cut-off and oversized answers and refused connections into typed errors.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../config/logger.ts';
import { getCompanies } from './company-service.ts';
import { ResponseFormatError, TimeoutError, TransportError } from './errors.ts';
import { okEnvelope } from './fake-24so.ts';
import { TwentyFourSession } from './session.ts';
import type { TwentyFourDeps } from './transport.ts';

const CREDENTIALS = {
  applicationId: '0f5f24a0-0000-4000-8000-000000000024',
  username: 'api@demo.no',
  password: 'demo-password',
};
const SESSION = 'aaaaaaaaaaaaaaaaaaaaaaaa';

const deps: TwentyFourDeps = {
  logger: createLogger('silent'),
  clock: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Received {
  operation: string;
  soapAction: string | undefined;
  cookie: string | undefined;
  contentLength: string | undefined;
  body: string;
}

interface TestServer {
  url: string;
  received: Received[];
  /** How many TCP connections the server has accepted. */
  connections(): number;
}

// A self-signed certificate for 127.0.0.1, made for this test only and trusted nowhere.
const TEST_ONLY_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgC/Uuy2+k/IRvmuLP
tNw0RSjjYXcmwi+Mib8m4U/dfF2hRANCAAQeV0rZcJ+libQ54eG/707fAWEHohky
d/1/sQgXmc7s6YPGAapSur08DuKcWn/I1R3DbljmqcQcBs5sFjuxmXN2
-----END PRIVATE KEY-----`;
const TEST_ONLY_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUBrBq9lKxh9rtB4r67ppPSmKW1qUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEzMDIyNTQwNloYDzIxMjYxMTA2
MjI1NDA2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQeV0rZcJ+libQ54eG/707fAWEHohkyd/1/sQgXmc7s6YPGAapSur08
DuKcWn/I1R3DbljmqcQcBs5sFjuxmXN2o28wbTAdBgNVHQ4EFgQUM6uodqvmIVSb
z7OWz47gO66xFMMwHwYDVR0jBBgwFoAUM6uodqvmIVSbz7OWz47gO66xFMMwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSQAwRgIhAN7dQWpa1Q3Nj6GtVWnDlxZcYKzcHjhvRX59b43uav6TAiEA
zdfY1waaded6S/T8E9+ShBxudfOdp8FFm00y0nkO+rY=
-----END CERTIFICATE-----`;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A 24SO on a real port: Login hands out SESSION, other operations go to `business`. */
async function serve(business: (call: Received, res: ServerResponse) => void): Promise<TestServer> {
  const received: Received[] = [];
  let connections = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const call: Received = {
        operation: /<soap:Body><(\w+)/.exec(body)?.[1] ?? '',
        soapAction: req.headers.soapaction as string | undefined,
        cookie: req.headers.cookie,
        contentLength: req.headers['content-length'],
        body,
      };
      received.push(call);
      if (call.operation === 'Login') {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
        res.end(okEnvelope('Login', `<LoginResult>${SESSION}</LoginResult>`));
      } else business(call, res);
    });
  });
  server.on('connection', () => {
    connections++;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    connections: () => connections,
  };
}

const companies = okEnvelope(
  'GetCompanies',
  '<GetCompaniesResult><Company><Id>7</Id><Name>Nordvik Bygg AS</Name></Company></GetCompaniesResult>',
);

describe('the 24SO client over node:http', () => {
  it('sends each call whole with its SOAPAction and cookie, over one kept-alive connection', async () => {
    const server = await serve((_call, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(companies);
    });
    const session = new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: server.url });
    for (let i = 0; i < 5; i++) {
      expect(await getCompanies(session, {})).toEqual([{ id: 7, name: 'Nordvik Bygg AS' }]);
    }
    const calls = server.received.filter((c) => c.operation === 'GetCompanies');
    expect(calls).toHaveLength(5);
    for (const call of calls) {
      expect(call.soapAction).toBe('"http://24sevenOffice.com/webservices/GetCompanies"');
      expect(call.cookie).toBe(`ASP.NET_SessionId=${SESSION}`);
      expect(Number(call.contentLength)).toBe(Buffer.byteLength(call.body));
    }
    expect(server.connections()).toBe(1);
  });

  it('reads a gzip answer, the quota headers and a session cookie the server replaces', async () => {
    const server = await serve((_call, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/xml; charset=utf-8',
        'Content-Encoding': 'gzip',
        APILimitRemaining: '6999',
        APILimitReset: '2026-11-30T23:00:00Z',
        'Set-Cookie': ['other=1; path=/', 'ASP.NET_SessionId=bbbbbbbbbbbbbbbbbbbbbbbb; path=/; HttpOnly'],
      });
      res.end(gzipSync(companies));
    });
    const session = new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: server.url });
    expect(await getCompanies(session, {})).toEqual([{ id: 7, name: 'Nordvik Bygg AS' }]);
    expect(session.rateLimit).toEqual({ remaining: 6999, resetAt: new Date('2026-11-30T23:00:00Z') });
    expect(session.sessionId).toBe('bbbbbbbbbbbbbbbbbbbbbbbb');
  });

  it('times out a call that never answers, and drops its connection', async () => {
    let closed = false;
    const server = await serve((_call, res) => {
      res.on('close', () => {
        closed = true;
      });
    });
    const session = new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: server.url, timeoutMs: 300 });
    await session.login();
    const error = await getCompanies(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).outcome).toBe('unknown');
    await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
  });

  it('reports an answer cut off mid-way as a retryable transport error of unknown outcome', async () => {
    const server = await serve((_call, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': '5000' });
      res.write('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>', () =>
        res.socket?.destroy(),
      );
    });
    const session = new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: server.url });
    const error = await getCompanies(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toContain('forbindelsen ble brutt under svaret');
    expect((error as TransportError).retryable).toBe(true);
    expect((error as TransportError).outcome).toBe('unknown');
  });

  it('says a refused connection never sent the call', async () => {
    const server = await serve(() => {});
    const url = server.url;
    const [running] = servers.splice(0);
    await new Promise((resolve) => running?.close(resolve));
    const session = new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl: url });
    const error = await session.login().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('not_executed');
  });

  it('refuses an oversized answer by its declared length and while it streams in', async () => {
    let written = 0;
    const server = await serve((call, res) => {
      if (call.body.includes('GetCompanies')) {
        res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(8 << 20) });
        res.end();
        return;
      }
      // Chunked, no declared length: the cap must stop it while it streams.
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      const pump = () => {
        while (written < 64 << 20 && !res.destroyed) {
          written += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024, 0x20))) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const session = new TwentyFourSession(deps, {
      ...CREDENTIALS,
      baseUrl: server.url,
      maxResponseBytes: 1024 * 1024,
    });
    await expect(getCompanies(session, {})).rejects.toBeInstanceOf(ResponseFormatError);
    const { getPersons } = await import('./person-service.ts');
    const error = await getPersons(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toContain('større enn 1048576 byte');
    expect(written).toBeLessThan(32 << 20);
  });

  it('refuses a server over https whose certificate it cannot trust, before sending anything', async () => {
    let requests = 0;
    const server = createTlsServer({ key: TEST_ONLY_KEY, cert: TEST_ONLY_CERT }, (_req, res) => {
      requests++;
      res.end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await new TwentyFourSession(deps, { ...CREDENTIALS, baseUrl })
      .login()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).outcome).toBe('not_executed');
    expect(requests).toBe(0);
  });
});
