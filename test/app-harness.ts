import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadConfig } from '../src/config/config.ts';
import { createLogger, type Logger } from '../src/config/logger.ts';
import type { Db } from '../src/db/database.ts';
import { createApp } from '../src/http/app.ts';
import { type AppDeps, buildAppDeps } from '../src/http/deps.ts';
import { createApiToken } from '../src/workspace/api-tokens.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';

/** The harness clock: a fixed instant, so stored timestamps are predictable. */
export const FIXED_NOW = new Date('2025-03-14T09:30:00.000Z');

/**
 * A clock that starts at FIXED_NOW and moves one second per reading, for tests that need
 * events in a real order.
 * @example createAppHarness(db, { clock: tickingClock() })
 */
export function tickingClock(start: Date = FIXED_NOW, stepMs = 1000): () => Date {
  let t = start.getTime();
  return () => {
    const now = new Date(t);
    t += stepMs;
    return now;
  };
}

export interface TestWorkspace {
  id: string;
  slug: string;
  name: string;
  /** A bearer token of this workspace. */
  token: string;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read bodies loosely and assert on them
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON body (problem+json too); undefined when the body is empty. */
  body: T;
}

export interface RequestOptions {
  /** Bearer token; defaults to workspace A's. Pass null to send no Authorization header. */
  token?: string | null;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface AppHarness {
  app: Hono;
  deps: AppDeps;
  db: Db;
  /** Two workspaces with a token each; B exists to prove A's data never leaks. */
  a: TestWorkspace;
  b: TestWorkspace;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Adds another workspace (with a token) to the same database. */
  addWorkspace(label: string): Promise<TestWorkspace>;
}

/**
 * App dependencies for tests on an already migrated database (see describeEachDatabase): a
 * silent logger, a fixed clock, two fresh workspaces (unique slugs, so several harnesses can
 * share one database) with a bearer token each.
 * @example
 *   describeEachDatabase('customers API', (getDb) => {
 *     let h: AppHarness;
 *     beforeAll(async () => { h = await createAppHarness(getDb()); });
 *     it('…', async () => { const res = await h.request('GET', '/api/v1/customers'); });
 *   });
 */
export async function createAppHarness(
  db: Db,
  options: { clock?: () => Date; logger?: Logger } = {},
): Promise<AppHarness> {
  const clock = options.clock ?? (() => new Date(FIXED_NOW));
  const config = loadConfig(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-test-')),
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
    },
    { demo: false },
  );
  const logger = options.logger ?? createLogger('silent');
  const deps: AppDeps = buildAppDeps({ db, config, logger, clock });
  const app = createApp(deps);

  const addWorkspace = async (label: string): Promise<TestWorkspace> => {
    const { id, slug, name } = await createWorkspace(
      db,
      { slug: `${label}-${randomBytes(4).toString('hex')}`, name: `Testfirma ${label.toUpperCase()} AS` },
      clock,
    );
    const { token } = await createApiToken(db, clock, { workspaceId: id, name: 'test' });
    return { id, slug, name, token };
  };
  const a = await addWorkspace('a');
  const b = await addWorkspace('b');

  const request = async (method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? a.token : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };

  return { app, deps, db, a, b, request, addWorkspace };
}
