// Scenario: an office admin logs in and out; strangers, forged forms and password guessers are turned away.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/databases.ts';
import { createUiHarness, TEST_PASSWORD, type UiHarness } from '../test-harness.ts';
import { SESSION_COOKIE } from './session.ts';

describe('web UI login, session and CSRF', () => {
  let h: UiHarness;
  let now = new Date('2026-03-10T08:00:00Z');
  beforeAll(async () => {
    const t = await createTestDatabase('sqlite');
    h = await createUiHarness(t.db, { clock: () => now });
    return () => t.destroy();
  });

  it('sends a visitor without a session to the Norwegian login page, remembering where they were going', async () => {
    const client = h.anonymous();
    const res = await client.get('/kunder?sok=nord');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/logg-inn?neste=${encodeURIComponent('/kunder?sok=nord')}`);
    const page = await client.get(res.location ?? '');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="nb">');
    expect(page.text).toContain('Logg inn i Broen');
    expect(page.text).toContain('<label for="password">Passord</label>');
  });

  it('refuses a wrong password with a Norwegian message and sets no cookie', async () => {
    const client = h.anonymous();
    const res = await client.post('/logg-inn', { email: h.email, password: 'feil-passord' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Feil e-post eller passord.');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('logs in with an HttpOnly SameSite=Lax cookie whose value is stored only as a hash', async () => {
    const client = h.anonymous();
    const res = await client.post('/logg-inn', { email: h.email, password: TEST_PASSWORD, neste: '/kunder' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/kunder');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const id = (client.cookie ?? '').split('=')[1];
    const rows = await h.deps.db.selectFrom('web_sessions').select('id_hash').execute();
    const hashes = rows.map((r) => r.id_hash);
    expect(hashes).not.toContain(id);
    expect(hashes).toContain(createHash('sha256').update(id).digest('hex'));
    const page = await client.get('/kunder');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Testmaskin AS');
    expect(page.text).toContain('Logg ut');
  });

  it('marks the cookie Secure when served over https', async () => {
    const res = await h.app.request('https://broen.example/logg-inn', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://broen.example' },
      body: new URLSearchParams({ email: h.email, password: TEST_PASSWORD }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('never redirects to another site after login', async () => {
    const client = h.anonymous();
    const res = await client.post('/logg-inn', {
      email: h.email,
      password: TEST_PASSWORD,
      neste: '//evil.example/x',
    });
    expect(res.location).toBe('/');
  });

  it('logs out with POST: the old cookie no longer opens any page', async () => {
    const client = await h.login();
    const oldCookie = client.cookie;
    const res = await client.post('/logg-ut', {});
    expect(res.status).toBe(303);
    expect(res.location).toBe('/logg-inn');
    const stale = h.anonymous();
    stale.cookie = oldCookie;
    expect((await stale.get('/kunder')).status).toBe(303);
  });

  it('ends a session after 12 hours', async () => {
    const client = await h.login();
    expect((await client.get('/kunder')).status).toBe(200);
    const loggedInAt = now;
    now = new Date(loggedInAt.getTime() + 12 * 60 * 60 * 1000 + 1000);
    try {
      const res = await client.get('/kunder');
      expect(res.status).toBe(303);
      expect(res.location).toContain('/logg-inn');
    } finally {
      now = loggedInAt;
    }
  });

  it('rejects a state-changing request without the session CSRF token, in Norwegian', async () => {
    const client = await h.login();
    const res = await client.post('/kunder', { name: 'Uten token AS' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Skjemaet er utløpt eller kom fra et annet nettsted');
    const wrong = await client.post('/kunder', { name: 'Feil token AS', _csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const list = await client.get('/kunder');
    expect(list.text).not.toContain('Uten token AS');
    expect(list.text).not.toContain('Feil token AS');
  });

  it('accepts the token from the htmx header instead of the form field', async () => {
    const client = await h.login();
    const res = await client.post(
      '/timer/godkjenn',
      { ids: [] },
      { csrf: false, headers: { 'x-csrf-token': client.csrfToken ?? '', 'hx-request': 'true' } },
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('Velg minst én time først.');
  });

  it('rejects a form posted from another origin even with a valid token', async () => {
    const client = await h.login();
    const res = await client.post('/kunder', { name: 'Fremmed AS' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('blocks the sixth failed login for an e-mail within 15 minutes, even with the right password', async () => {
    const client = h.anonymous();
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await client.post('/logg-inn', { email: h.email.toUpperCase(), password: `gjett-${i}` })).status,
      ).toBe(401);
    }
    const blocked = await client.post('/logg-inn', { email: h.email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen.');
    expect(blocked.headers.get('set-cookie')).toBeNull();
    const later = now;
    now = new Date(later.getTime() + 15 * 60 * 1000 + 1000);
    try {
      expect((await client.post('/logg-inn', { email: h.email, password: TEST_PASSWORD })).status).toBe(303);
    } finally {
      now = later;
    }
  });
});
