import { createHash, createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createLogger } from '../../config/logger.ts';
import { createCustomer } from '../../workspace/customers.ts';
import { HttpError, problemResponse } from '../errors.ts';
import { ABANDONED_CLAIM_MS, IDEMPOTENCY_TTL_MS, purgeExpiredIdempotencyKeys } from '../idempotency-store.ts';
import type { ApiEnv } from './api-env.ts';
import { fingerprintKeyFrom, idempotency } from './idempotency.ts';
import { defineOperation, mountOperations } from './operations.ts';

// Scenario: a mobile app on a shaky connection sends the same POST again, sometimes twice at once.
describeEachDatabase('REST API Idempotency-Key', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  const customersNamed = async (token: string, name: string) => {
    const res = await h.request('GET', `/api/v1/customers?limit=200&search=${encodeURIComponent(name)}`, {
      token,
    });
    return res.body.items.filter((c: { name: string }) => c.name === name);
  };

  it('returns the first answer again for a repeated key, never a second record', async () => {
    const send = () =>
      h.request('POST', '/api/v1/customers', {
        body: { name: 'Gjentatt AS' },
        headers: { 'Idempotency-Key': 'k-repeat-1' },
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await customersNamed(h.a.token, 'Gjentatt AS')).toHaveLength(1);
  });

  it('refuses the same key with a different body with 422 naming the header', async () => {
    const headers = { 'Idempotency-Key': 'k-different-1' };
    await h.request('POST', '/api/v1/customers', { body: { name: 'Først AS' }, headers });
    const res = await h.request('POST', '/api/v1/customers', { body: { name: 'Sist AS' }, headers });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await customersNamed(h.a.token, 'Sist AS')).toHaveLength(0);
  });

  it('keeps keys per workspace: the same key in B creates B its own record', async () => {
    const headers = { 'Idempotency-Key': 'k-shared-1' };
    const a = await h.request('POST', '/api/v1/customers', { body: { name: 'Delt nøkkel AS' }, headers });
    const b = await h.request('POST', '/api/v1/customers', {
      token: h.b.token,
      body: { name: 'Delt nøkkel AS' },
      headers,
    });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('lets only one of several concurrent duplicates create a record', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        h.request('POST', '/api/v1/customers', {
          body: { name: 'Samtidig AS' },
          headers: { 'Idempotency-Key': 'k-concurrent-1' },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(await customersNamed(h.a.token, 'Samtidig AS')).toHaveLength(1);
  });

  it('refuses a malformed key with 400', async () => {
    const res = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Nøkkel AS' },
      headers: { 'Idempotency-Key': 'x'.repeat(256) },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('Idempotency-Key');
  });

  // The middleware alone, with a handler the test holds open, to see the "in progress" answer
  // deterministically and the release after a server error.
  const gatedApp = (workspaceId: string, handler: () => Promise<Response>) => {
    const app = new Hono<ApiEnv>();
    app.onError((e, c) => problemResponse(c, e));
    app.use('*', async (c, next) => {
      c.set('principal', { tokenId: 't', tokenName: 't', workspaceId });
      await next();
    });
    app.use('*', idempotency({ ...h.deps, logger: createLogger('silent') }));
    app.post('/things', () => handler());
    return app;
  };
  const post = (app: Hono<ApiEnv>, key: string, body = '{"a":1}') =>
    app.request('/things', { method: 'POST', body, headers: { 'Idempotency-Key': key } });

  it('answers 409 while the first request with the key is still running, then replays it', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let started!: () => void;
    // The handler runs only after the key is claimed; waiting for it (not for a fixed time)
    // keeps the test exact on a busy machine.
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let calls = 0;
    const app = gatedApp(h.a.id, async () => {
      calls += 1;
      started();
      await gate;
      return Response.json({ made: calls }, { status: 201 });
    });
    const first = post(app, 'k-gated-1');
    await running;
    const during = await post(app, 'k-gated-1');
    expect(during.status).toBe(409);
    expect(((await during.json()) as { detail: string }).detail).toMatch(/pågår/);
    open();
    expect((await first).status).toBe(201);
    const after = await post(app, 'k-gated-1');
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(await after.json()).toEqual({ made: 1 });
    expect(calls).toBe(1);
  });

  it('releases the key after a server error so the client can retry', async () => {
    let calls = 0;
    const app = gatedApp(h.a.id, async () => {
      calls += 1;
      if (calls === 1) throw new Error('database fell over');
      return Response.json({ made: calls }, { status: 201 });
    });
    expect((await post(app, 'k-retry-1')).status).toBe(500);
    const retry = await post(app, 'k-retry-1');
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual({ made: 2 });
  });

  it('stores no hash of a body holding a password that could be checked without the secret key', async () => {
    const body = JSON.stringify({ username: 'api@demo.no', password: 'sommer2025' });
    const app = gatedApp(h.a.id, async () => Response.json({ clients: ['Demo Maskin AS'] }, { status: 200 }));
    expect((await post(app, 'k-password-1', body)).status).toBe(200);
    const row = await h.db
      .selectFrom('idempotency_keys')
      .select(['request_fingerprint', 'response_body'])
      .where('workspace_id', '=', h.a.id)
      .where('key', '=', 'k-password-1')
      .executeTakeFirstOrThrow();
    // What an attacker holding a copy of the table could try for each guessed password:
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    for (const guess of [body, `POST /things\n${body}`, 'sommer2025']) {
      expect(row.request_fingerprint).not.toBe(sha256(guess));
    }
    // The fingerprint depends on the secret key: with another key the same request differs.
    const keyed = (secret: Buffer) =>
      createHmac('sha256', fingerprintKeyFrom(secret)).update(`POST /things\n${body}`).digest('hex');
    expect(row.request_fingerprint).toBe(keyed(h.deps.config.secretKey));
    expect(row.request_fingerprint).not.toBe(keyed(Buffer.alloc(32, 7)));
    expect(row.response_body).not.toContain('sommer2025');
    // And the same request with the same key is still recognised as a repeat.
    const again = await post(app, 'k-password-1', body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('lets a key whose first request died long ago be used again', async () => {
    await h.db
      .insertInto('idempotency_keys')
      .values({
        workspace_id: h.a.id,
        key: 'k-abandoned-1',
        request_fingerprint: 'whatever',
        status_code: null,
        response_body: null,
        created_at: new Date(h.deps.clock().getTime() - ABANDONED_CLAIM_MS - 1000).toISOString(),
      })
      .execute();
    const app = gatedApp(h.a.id, async () => Response.json({ ok: true }, { status: 201 }));
    expect((await post(app, 'k-abandoned-1')).status).toBe(201);
  });

  it('does not touch requests without a key or other methods', async () => {
    let calls = 0;
    const app = gatedApp(h.a.id, async () => {
      calls += 1;
      if (calls > 5) throw new HttpError(500, 'too many');
      return Response.json({ made: calls }, { status: 201 });
    });
    await app.request('/things', { method: 'POST', body: '{}' });
    await app.request('/things', { method: 'POST', body: '{}' });
    expect(calls).toBe(2);
  });

  it('forgets answers after 24 hours: the key then starts a new request', async () => {
    const headers = { 'Idempotency-Key': 'k-expired-1' };
    const first = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Gammel nøkkel AS' },
      headers,
    });
    await h.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(h.deps.clock().getTime() - IDEMPOTENCY_TTL_MS - 1000).toISOString() })
      .where('workspace_id', '=', h.a.id)
      .where('key', '=', 'k-expired-1')
      .execute();
    const later = await h.request('POST', '/api/v1/customers', {
      body: { name: 'Gammel nøkkel AS' },
      headers,
    });
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('purges expired keys and keeps fresh ones', async () => {
    const old = new Date(h.deps.clock().getTime() - IDEMPOTENCY_TTL_MS - 1000).toISOString();
    await h.db
      .insertInto('idempotency_keys')
      .values([
        {
          workspace_id: h.b.id,
          key: 'k-old',
          request_fingerprint: 'x',
          status_code: 201,
          response_body: '{}',
          created_at: old,
        },
        {
          workspace_id: h.b.id,
          key: 'k-fresh',
          request_fingerprint: 'x',
          status_code: 201,
          response_body: '{}',
          created_at: h.deps.clock().toISOString(),
        },
      ])
      .execute();
    expect(await purgeExpiredIdempotencyKeys(h.db, h.deps.clock)).toBeGreaterThanOrEqual(1);
    const left = await h.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('workspace_id', '=', h.b.id)
      .execute();
    expect(left.map((r) => r.key)).toContain('k-fresh');
    expect(left.map((r) => r.key)).not.toContain('k-old');
  });

  it('hands the handler the body bytes exactly as sent, also when they are not UTF-8', async () => {
    const app = new Hono<ApiEnv>();
    app.use('*', async (c, next) => {
      c.set('principal', { tokenId: 't', tokenName: 't', workspaceId: h.a.id });
      await next();
    });
    app.use('*', idempotency({ ...h.deps, logger: createLogger('silent') }));
    app.post('/raw', async (c) =>
      c.json({ hex: Buffer.from(await c.req.arrayBuffer()).toString('hex') }, 201),
    );
    // "Tromsø" in Latin-1: the ø is the single byte f8, invalid as UTF-8.
    const latin1 = Buffer.from('Troms\xf8', 'latin1');
    const res = await app.request('/raw', {
      method: 'POST',
      body: latin1,
      headers: { 'Idempotency-Key': 'k-raw-1' },
    });
    expect(await res.json()).toEqual({ hex: latin1.toString('hex') });
  });

  it('commits the record and the stored answer together: a failure midway leaves neither', async () => {
    let fail = true;
    const failing = defineOperation({
      method: 'post',
      path: '/customers-then-crash',
      operationId: 'crashAfterInsert',
      summary: 'test',
      tag: 'test',
      responses: { 201: { description: 'made' } },
      handler: async ({ deps, workspaceId }) => {
        const customer = await createCustomer(deps.db, workspaceId, { name: 'Halvveis AS' }, deps.clock);
        if (fail) throw new Error('process died after the insert');
        return { status: 201, body: customer };
      },
    });
    const app = new Hono<ApiEnv>();
    app.onError((e, c) => problemResponse(c, e));
    app.use('*', async (c, next) => {
      c.set('principal', { tokenId: 't', tokenName: 't', workspaceId: h.b.id });
      await next();
    });
    app.use('*', idempotency({ ...h.deps, logger: createLogger('silent') }));
    mountOperations(app, h.deps, [failing]);
    const send = () =>
      app.request('/customers-then-crash', { method: 'POST', headers: { 'Idempotency-Key': 'k-atomic-1' } });

    expect((await send()).status).toBe(500);
    expect(await customersNamed(h.b.token, 'Halvveis AS')).toHaveLength(0);
    fail = false;
    const retried = await send();
    expect(retried.status).toBe(201);
    const replayed = await send();
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayed.json()).toEqual(await retried.json());
    expect(await customersNamed(h.b.token, 'Halvveis AS')).toHaveLength(1);
  });
});
