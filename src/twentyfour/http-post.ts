import { ResponseFormatError, TransportError } from './errors.ts';

// The one HTTP shape the SOAP transport needs: a POST out, a whole answer back. Two posters
// implement it: node-http.ts (node:http with keep-alive agents, the default, cheapest per call)
// and postOverFetch here, for a web fetch handed in by tests or the in-process sandbox.

/** One POST as a poster is handed it. */
export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** An answer longer than this is refused with ResponseFormatError while it streams in. */
  maxBytes: number;
  /**
   * `performance.now()` after which the request must not leave (the job's lease, decision 79):
   * node-http.ts checks it once more as the connection is ready, just before writing a byte.
   */
  sendBy?: number;
}

/** A request dropped unsent because its `sendBy` had passed when the connection was ready. */
export class LateRequestError extends Error {
  readonly code = 'ERR_LATE_REQUEST';
}

/** A whole answer: its status, the headers the client reads, and the body as text. */
export interface HttpAnswer {
  /** The HTTP status; 0 for fetch's opaque redirect. */
  readonly status: number;
  /** Whether the answer is a redirect (which is never followed, nor its body read). */
  readonly redirect: boolean;
  /** Where the answer came from, for resolving a relative Location. */
  readonly url: string;
  /** The body ('' for a redirect). */
  readonly text: string;
  /** A response header's value, by name (any case). */
  header(name: string): string | undefined;
  /** Every Set-Cookie header, one string each. */
  setCookies(): readonly string[];
}

/** A POST in flight. */
export interface HttpExchange {
  /**
   * Settles with the answer, or rejects: ResponseFormatError for an answer over the size cap,
   * TransportError for a connection that failed or broke mid-answer, or the connection's own
   * error (with its `code`) when the request may not have left.
   */
  readonly answer: Promise<HttpAnswer>;
  /** Ends the exchange now (the call ran out of time); the answer's late failure is ignored. */
  cancel(): void;
}

export type FetchLike = (input: Request) => Promise<Response>;

/** The message of a connection that broke while the answer was streaming in. */
export const BROKEN_ANSWER = 'forbindelsen ble brutt under svaret';

/** The message of an answer over the size cap. */
export const tooLarge = (maxBytes: number) =>
  new ResponseFormatError(`svaret er større enn ${maxBytes} byte`);

/**
 * Sends one POST through a web fetch (tests' fakes, the in-process sandbox's `fetch`).
 * @example const { answer } = postOverFetch(sandbox.fetch, { url, headers, body, maxBytes: 1 << 20 });
 */
export function postOverFetch(fetch: FetchLike, post: HttpPost): HttpExchange {
  const controller = new AbortController();
  const request = new Request(post.url, {
    method: 'POST',
    headers: post.headers,
    body: post.body,
    signal: controller.signal,
    // Never follow a redirect: it would re-send the envelope (a Login carries the password) and
    // the session cookie to wherever the answer points.
    redirect: 'manual',
  });
  return { answer: fetchAnswer(fetch, request, post.maxBytes, controller), cancel: () => controller.abort() };
}

async function fetchAnswer(
  fetch: FetchLike,
  request: Request,
  maxBytes: number,
  controller: AbortController,
): Promise<HttpAnswer> {
  const response = await fetch(request);
  if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
    controller.abort();
    return new FetchAnswer(response, '', true);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw tooLarge(maxBytes);
  }
  if (!response.body) return new FetchAnswer(response, '', false);
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
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ResponseFormatError) throw error;
    throw new TransportError(BROKEN_ANSWER, error);
  }
  return new FetchAnswer(response, Buffer.concat(chunks).toString('utf8'), false);
}

class FetchAnswer implements HttpAnswer {
  readonly status: number;
  readonly url: string;

  constructor(
    private readonly response: Response,
    readonly text: string,
    readonly redirect: boolean,
  ) {
    this.status = response.status;
    this.url = response.url;
  }

  header(name: string): string | undefined {
    return this.response.headers.get(name) ?? undefined;
  }

  setCookies(): readonly string[] {
    return this.response.headers.getSetCookie();
  }
}
