// Scenario: Broen runs behind nginx that terminates TLS. With TRUST_PROXY the login limit holds
// per real client, so a guesser does not lock colleagues out, and the session cookie is Secure;
// without it (or from a peer that is not the proxy) forged X-Forwarded-* headers change nothing.
import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { parseTrustProxy } from '../../../config/config.ts';
import { createApp } from '../../app.ts';
import { createUiHarness, TEST_PASSWORD, type UiHarness } from '../test-harness.ts';
import { createLoginUser, postLogin } from './login-test-support.ts';

const PROXY = '10.9.0.1';

describeEachDatabase('client address and https behind a reverse proxy', (getDb) => {
  let h: UiHarness;
  /** The same Broen with TRUST_PROXY set, one per accepted form. */
  const behind: Record<string, Hono> = {};

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    for (const setting of [PROXY, '1', '2', '10.9.0.0/16,::1']) {
      const trustProxy = parseTrustProxy(setting);
      if (!trustProxy) throw new Error(setting);
      behind[setting] = createApp({ ...h.deps, config: { ...h.deps.config, trustProxy } });
    }
  });

  const freshUser = () => createLoginUser(getDb(), h.workspace.id);
  const attempt = postLogin;

  it('limits each real client behind a trusted proxy: a guesser is stopped, the real user still gets in', async () => {
    const email = await freshUser();
    for (let i = 0; i < 5; i += 1) {
      // The guesser adds a made-up address of its own; the proxy appends the one it saw.
      const forged = { 'x-forwarded-for': `172.16.0.${i}, 203.0.113.7` };
      expect((await attempt(behind[PROXY], email, `gjetning-${i}`, PROXY, forged)).status).toBe(401);
    }
    const guesser = await attempt(behind[PROXY], email, TEST_PASSWORD, PROXY, {
      'x-forwarded-for': '172.16.0.99, 203.0.113.7',
    });
    expect(guesser.status).toBe(429);
    expect(guesser.text).toContain('For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen.');
    const owner = await attempt(behind[PROXY], email, TEST_PASSWORD, PROXY, {
      'x-forwarded-for': '198.51.100.20',
    });
    expect(owner.status).toBe(303);
    const rows = await getDb().selectFrom('login_failures').select('ip').where('email', '=', email).execute();
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['203.0.113.7']));
  });

  it('skips exactly the trusted hops or listed proxies, never taking the left-most address blindly', async () => {
    const cases: [string, string, string, string][] = [
      ['1', '127.0.0.1', '6.6.6.6, 203.0.113.8', '203.0.113.8'],
      ['2', '127.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2', '203.0.113.9'],
      ['10.9.0.0/16,::1', '::1', '6.6.6.6, 203.0.113.10, 10.9.3.3', '203.0.113.10'],
      ['10.9.0.0/16,::1', '::ffff:10.9.0.5', '203.0.113.11', '203.0.113.11'],
    ];
    for (const [setting, peer, forwardedFor, client] of cases) {
      const email = await freshUser();
      await attempt(behind[setting], email, 'gjetning', peer, { 'x-forwarded-for': forwardedFor });
      const rows = await getDb()
        .selectFrom('login_failures')
        .select('ip')
        .where('email', '=', email)
        .execute();
      expect(
        rows.map((r) => r.ip),
        setting,
      ).toEqual([client]);
    }
  });

  it('ignores forged X-Forwarded-For without TRUST_PROXY: a new made-up address each try does not dodge the limit', async () => {
    const email = await freshUser();
    for (let i = 0; i < 5; i += 1) {
      const forged = { 'x-forwarded-for': `198.18.0.${i}` };
      expect((await attempt(h.app, email, `gjetning-${i}`, '192.0.2.50', forged)).status).toBe(401);
    }
    const refused = await attempt(h.app, email, TEST_PASSWORD, '192.0.2.50', {
      'x-forwarded-for': '198.18.0.77',
    });
    expect(refused.status).toBe(429);
    expect(refused.cookie).toBeNull();
  });

  it('ignores forged headers from a peer that is not a listed proxy, even with TRUST_PROXY set', async () => {
    const email = await freshUser();
    for (let i = 0; i < 5; i += 1) {
      const forged = { 'x-forwarded-for': `198.18.1.${i}` };
      expect((await attempt(behind[PROXY], email, `gjetning-${i}`, '192.0.2.51', forged)).status).toBe(401);
    }
    const refused = await attempt(behind[PROXY], email, TEST_PASSWORD, '192.0.2.51', {
      'x-forwarded-for': '198.18.1.77',
    });
    expect(refused.status).toBe(429);
  });

  it('marks the session cookie Secure when a trusted proxy says the browser used https, and only then', async () => {
    const email = await freshUser();
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.30' };
    // The browser is on the https page, so its Origin is https too.
    const viaProxy = await attempt(behind[PROXY], email, TEST_PASSWORD, PROXY, {
      ...https,
      origin: 'https://localhost',
    });
    expect(viaProxy.status).toBe(303);
    expect(viaProxy.cookie).toContain('HttpOnly');
    expect(viaProxy.cookie).toContain('Secure');
    const plain = await attempt(behind[PROXY], email, TEST_PASSWORD, PROXY, { 'x-forwarded-proto': 'http' });
    expect(plain.status).toBe(303);
    expect(plain.cookie).not.toContain('Secure');
    for (const [app, peer] of [
      [h.app, PROXY],
      [behind[PROXY], '192.0.2.52'],
    ] as const) {
      const forged = await attempt(app, email, TEST_PASSWORD, peer, https);
      expect(forged.status).toBe(303);
      expect(forged.cookie).not.toContain('Secure');
    }
  });

  it('accepts a form from the https page behind a trusted TLS proxy, and refuses that origin otherwise', async () => {
    // A browser without Sec-Fetch-Site sends only Origin: the check must compare it with the
    // origin the browser saw (https), not the http URL the proxy forwarded to.
    const email = await freshUser();
    const fromHttpsPage = { origin: 'https://localhost', 'x-forwarded-proto': 'https' };
    const viaProxy = await attempt(behind[PROXY], email, TEST_PASSWORD, PROXY, fromHttpsPage);
    expect(viaProxy.status).toBe(303);
    const untrusted = await attempt(h.app, email, TEST_PASSWORD, PROXY, fromHttpsPage);
    expect(untrusted.status).toBe(403);
    const otherSite = await attempt(behind[PROXY], email, TEST_PASSWORD, PROXY, {
      origin: 'https://angriper.example',
      'x-forwarded-proto': 'https',
    });
    expect(otherSite.status).toBe(403);
  });
});
