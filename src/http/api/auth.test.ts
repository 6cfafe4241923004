import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import {
  authenticateApiToken,
  createApiToken,
  hashApiToken,
  revokeApiToken,
} from '../../workspace/api-tokens.ts';

// Scenario: an integrator calls the API with no token, a wrong one, a revoked one and a good one.
describeEachDatabase('REST API bearer tokens', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  it('refuses a request without a token with 401 problem+json and a Bearer challenge', async () => {
    const res = await h.request('GET', '/api/v1/customers', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      detail: expect.stringMatching(/API-token/),
    });
  });

  it('refuses a wrong token, a token with one character changed, and a non-Bearer scheme', async () => {
    expect((await h.request('GET', '/api/v1/customers', { token: 'broen_nope' })).status).toBe(401);
    const flipped = h.a.token.slice(0, -1) + (h.a.token.endsWith('A') ? 'B' : 'A');
    expect((await h.request('GET', '/api/v1/customers', { token: flipped })).status).toBe(401);
    const basic = await h.app.request('/api/v1/customers', {
      headers: { authorization: `Basic ${h.a.token}` },
    });
    expect(basic.status).toBe(401);
  });

  it('accepts a good token and records when it was last used', async () => {
    const w = await h.addWorkspace('used');
    const res = await h.request('GET', '/api/v1/customers', { token: w.token });
    expect(res.status).toBe(200);
    const row = await h.db
      .selectFrom('api_tokens')
      .select('last_used_at')
      .where('token_hash', '=', hashApiToken(w.token))
      .executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe(h.deps.clock().toISOString());
  });

  it('refuses a revoked token', async () => {
    const created = await createApiToken(h.db, h.deps.clock, { workspaceId: h.a.id, name: 'kort levetid' });
    expect((await h.request('GET', '/api/v1/customers', { token: created.token })).status).toBe(200);
    expect(await revokeApiToken(h.db, h.deps.clock, { workspaceId: h.a.id, tokenId: created.id })).toBe(true);
    expect((await h.request('GET', '/api/v1/customers', { token: created.token })).status).toBe(401);
    expect(await authenticateApiToken(h.db, h.deps.clock, created.token)).toBeUndefined();
  });

  it('makes tokens with the broen_ prefix and stores only their hash', async () => {
    const created = await createApiToken(h.db, h.deps.clock, { workspaceId: h.b.id, name: 'hash' });
    expect(created.token).toMatch(/^broen_[A-Za-z0-9_-]{43}$/);
    const row = await h.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(6));
    expect(await authenticateApiToken(h.db, h.deps.clock, created.token)).toMatchObject({
      workspaceId: h.b.id,
    });
  });

  it('serves the OpenAPI document without a token, and nothing else', async () => {
    expect((await h.request('GET', '/api/v1/openapi.json', { token: null })).status).toBe(200);
    expect((await h.request('GET', '/api/v1/customers/x', { token: null })).status).toBe(401);
  });

  it('leaves /healthz open and refuses an oversized body with 413 problem+json before reading it', async () => {
    expect((await h.request('GET', '/healthz', { token: null })).status).toBe(200);
    const huge = await h.request('POST', '/api/v1/customers', {
      body: `{"name":"${'x'.repeat(11 * 1024 * 1024)}"}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toContain('application/problem+json');
    expect(huge.body.detail).toMatch(/for stor/);
  });

  it('answers an unknown API path with a problem+json 404', async () => {
    const res = await h.request('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, detail: expect.any(String) });
  });
});
