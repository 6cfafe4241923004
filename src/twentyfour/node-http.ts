import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { TransportError } from './errors.ts';
import {
  BROKEN_ANSWER,
  type HttpAnswer,
  type HttpExchange,
  type HttpPost,
  LateRequestError,
  tooLarge,
} from './http-post.ts';

// The client's default HTTP: node:http(s) on keep-alive agents. A profile of the client under a
// stream of small calls (decision 78) put two thirds of its CPU in the built-in fetch — a web
// Request, Headers, an AbortSignal and three web streams per call, the body written apart from
// the headers — against a third of that for the same call on node:http. What fetch did for us
// is kept: a connection pool (keep-alive, idle sockets closed after 4 s or the server's
// Keep-Alive hint), a 10 s connect timeout, gzip/deflate answers decoded, redirects never
// followed.

/** Idle keep-alive sockets are closed after this (undici's default), before a server's 5 s. */
const IDLE_SOCKET_MS = 4_000;
/** A connection not made (TCP and TLS) within this fails, known not to be sent (undici's default). */
const CONNECT_TIMEOUT_MS = 10_000;

const httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
const httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });

interface Target {
  secure: boolean;
  hostname: string;
  port: string;
  path: string;
}

// Service URLs are few (nine services, one or two hosts): parse each once.
const targets = new Map<string, Target>();
const MAX_TARGETS = 512;

function targetOf(url: string): Target {
  const known = targets.get(url);
  if (known) return known;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TransportError(`adressen ${parsed.protocol}// støttes ikke`);
  }
  const target: Target = {
    secure: parsed.protocol === 'https:',
    // node:http wants an IPv6 literal without its brackets.
    hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port,
    path: `${parsed.pathname}${parsed.search}`,
  };
  if (targets.size >= MAX_TARGETS) targets.clear();
  targets.set(url, target);
  return target;
}

/** Thrown into a request whose connection was not made in time; errors.ts reads the code. */
class ConnectTimeoutError extends Error {
  readonly code = 'ERR_CONNECT_TIMEOUT';
}

/**
 * Sends one POST over node:http(s) with a keep-alive agent.
 * @example const { answer, cancel } = postOverNode({ url, headers, body, maxBytes: 16 << 20 });
 */
export function postOverNode(post: HttpPost): HttpExchange {
  return new NodeExchange(post);
}

// Classes rather than closures: the app runs through tsx, whose keepNames wraps every named
// closure made per call (decision 65).
class NodeExchange implements HttpExchange {
  readonly answer: Promise<HttpAnswer>;
  private request: ClientRequest | undefined;
  private settled = false;
  private resolve!: (answer: HttpAnswer) => void;
  private reject!: (error: unknown) => void;
  private connectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly post: HttpPost) {
    this.answer = new Promise<HttpAnswer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    let request: ClientRequest;
    try {
      const target = targetOf(post.url);
      request = (target.secure ? httpsRequest : httpRequest)({
        method: 'POST',
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        agent: target.secure ? httpsAgent : httpAgent,
        headers: {
          ...post.headers,
          'Content-Length': String(Buffer.byteLength(post.body)),
          // What fetch sent besides the caller's headers, so 24SO sees the requests it always saw.
          'Accept-Encoding': 'gzip, deflate',
          'User-Agent': 'node',
        },
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    this.request = request;
    request.once('socket', (socket: Socket) => this.onSocket(socket));
    request.once('response', (response: IncomingMessage) => this.onResponse(response));
    request.on('error', (error: Error) => this.fail(error));
    // Nothing is written until the socket is connected (onSocket → send): headers and body then
    // leave in one write, and the deadline is checked at that last moment (decision 79).
  }

  cancel(): void {
    this.fail(new TransportError('avbrutt'));
  }

  private onSocket(socket: Socket): void {
    if (!socket.connecting) {
      this.send(); // a kept-alive socket, already connected
      return;
    }
    this.connectTimer = setTimeout(
      () => this.request?.destroy(new ConnectTimeoutError('tilkoblingen tok for lang tid')),
      CONNECT_TIMEOUT_MS,
    );
    socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => {
      this.clearConnectTimer();
      this.send();
    });
  }

  /**
   * The last point before a byte leaves: a process paused since the call guard's check (a stopped
   * worker, a long GC pause) drops the request unsent rather than write it after its lease.
   */
  private send(): void {
    if (this.settled || !this.request) return;
    const sendBy = this.post.sendBy;
    if (sendBy !== undefined && performance.now() >= sendBy) {
      this.fail(new LateRequestError('forespørselen ble ikke sendt: fristen var ute'));
      return;
    }
    // One write: Node sends the headers and a body given to end() in the same packet.
    this.request.end(this.post.body);
  }

  private onResponse(response: IncomingMessage): void {
    this.clearConnectTimer();
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      // Never followed, never read: the connection goes with it.
      this.settle(new NodeAnswer(response, this.post.url, '', true));
      this.request?.destroy();
      return;
    }
    const maxBytes = this.post.maxBytes;
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      this.fail(tooLarge(maxBytes));
      return;
    }
    new BodyReader(this, response, decoded(response), maxBytes);
  }

  /** The body was read whole. */
  done(response: IncomingMessage, text: string): void {
    this.settle(new NodeAnswer(response, this.post.url, text, false));
  }

  /** Ends the exchange with an error (the first one wins) and drops the connection. */
  fail(error: unknown): void {
    this.clearConnectTimer();
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
    this.request?.destroy();
  }

  private settle(answer: HttpAnswer): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(answer);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer === undefined) return;
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }
}

/** The answer's body stream, decoded as fetch would (the cap counts decoded bytes). */
function decoded(response: IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return response;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/** Reads a body up to the cap; a connection that breaks before the end is a transport error. */
class BodyReader {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(
    private readonly exchange: NodeExchange,
    private readonly response: IncomingMessage,
    body: Readable,
    private readonly maxBytes: number,
  ) {
    body.on('data', (chunk: Buffer) => this.onData(chunk));
    body.once('end', () => this.onEnd());
    body.once('error', (error: Error) => exchange.fail(new TransportError(BROKEN_ANSWER, error)));
    // Node ends a cut-off answer with 'aborted'/'close' and not always with 'error'.
    response.once('close', () => {
      if (!response.complete) exchange.fail(new TransportError(BROKEN_ANSWER));
    });
  }

  private onData(chunk: Buffer): void {
    this.total += chunk.byteLength;
    if (this.total > this.maxBytes) {
      this.chunks.length = 0;
      this.exchange.fail(tooLarge(this.maxBytes));
      return;
    }
    this.chunks.push(chunk);
  }

  private onEnd(): void {
    const chunks = this.chunks;
    const text =
      chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.exchange.done(this.response, text);
  }
}

class NodeAnswer implements HttpAnswer {
  readonly status: number;

  constructor(
    private readonly response: IncomingMessage,
    readonly url: string,
    readonly text: string,
    readonly redirect: boolean,
  ) {
    this.status = response.statusCode ?? 0;
  }

  header(name: string): string | undefined {
    const value = this.response.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  setCookies(): readonly string[] {
    return this.response.headers['set-cookie'] ?? [];
  }
}
