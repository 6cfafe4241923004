import { randomUUID } from 'node:crypto';

// A workspace's REST API client for the chaos suite: the token, the app processes taken in turn
// (as a load balancer would), every POST with an Idempotency-Key so a retry after a network
// hiccup never makes a second record.

/** An app waits at most 30 s for one 24SO call; a request taking longer than this is lost. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export class ApiClient {
  private next = 0;

  constructor(
    private readonly appUrls: string[],
    private readonly token: string,
  ) {}

  /** Sends a request; answers any status (the caller decides), throws only when no app answered. */
  async call(
    method: string,
    path: string,
    body?: unknown,
    options: { csv?: boolean; attempts?: number; accept?: string } = {},
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (method === 'POST') headers['idempotency-key'] = randomUUID();
    if (options.accept) headers.accept = options.accept;
    if (body !== undefined) headers['content-type'] = options.csv ? 'text/csv' : 'application/json';
    const payload = body === undefined ? undefined : options.csv ? String(body) : JSON.stringify(body);
    let lastError: unknown;
    for (let attempt = 0; attempt < (options.attempts ?? 5); attempt++) {
      const base = this.appUrls[this.next++ % this.appUrls.length];
      try {
        const response = await fetch(`${base}/api/v1${path}`, {
          method,
          headers,
          body: payload,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await response.text();
        // 409 while the same Idempotency-Key still runs: wait and ask again.
        if (response.status === 409 && method === 'POST' && /Idempotency/i.test(text)) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        return { status: response.status, body: text === '' ? undefined : safeJson(text) };
      } catch (error) {
        lastError = error;
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
    throw new Error(`${method} ${path}: no app answered (${String(lastError)})`);
  }

  /** Like call, but throws unless the status is one of `ok`. */
  async expect<T = unknown>(
    method: string,
    path: string,
    ok: number[],
    body?: unknown,
    csv = false,
  ): Promise<T> {
    const answer = await this.call(method, path, body, { csv });
    if (!ok.includes(answer.status)) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 800)}`);
    }
    return answer.body as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
