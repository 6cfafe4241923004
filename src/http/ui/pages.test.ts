// Scenario: a logged-in office admin opens every page of the workspace and finds Norwegian text and formats.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createUiHarness, type UiClient, type UiHarness } from './test-harness.ts';

const NNBSP = '\u202f';

describeEachDatabase('web UI pages', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  beforeAll(async () => {
    h = await createUiHarness(getDb());
    client = await h.login();
  });

  const pages: Array<[string, string]> = [
    ['/kunder', 'Kunder'],
    ['/kunder/ny', 'Ny kunde'],
    ['/prosjekter', 'Prosjekter'],
    ['/prosjekter/ny', 'Nytt prosjekt'],
    ['/arbeidere', 'Arbeidere'],
    ['/arbeidere/ny', 'Ny arbeider'],
    ['/arbeidere/admin', 'Admin. arbeidere'],
    ['/timer', 'Timer'],
    ['/timer/ny', 'Ny timeregistrering'],
    ['/kjoring', 'Kjøring'],
    ['/kjoring/ny', 'Ny kjøring'],
    ['/maskiner', 'Maskiner'],
    ['/maskiner/ny', 'Ny maskin'],
    ['/varelager', 'Varelager'],
    ['/varelager/ny', 'Ny vare'],
    ['/timetyper', 'Timetyper'],
    ['/timetyper/ny', 'Ny timetype'],
    ['/integrasjoner', 'Integrasjoner'],
    ['/import', 'Import fra CSV'],
  ];

  it.each(pages)('renders %s with its Norwegian heading, navigation and logout', async (path, heading) => {
    const res = await client.get(path);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<h1>${heading}</h1>`);
    expect(res.text).toContain('<nav class="mainnav" aria-label="Hovedmeny">');
    for (const [href, item] of [
      ['/kunder', 'Kunder'],
      ['/prosjekter', 'Prosjekter'],
      ['/arbeidere', 'Arbeidere'],
      ['/arbeidere/admin', 'Admin. arbeidere'],
      ['/timer', 'Timer'],
      ['/kjoring', 'Kjøring'],
      ['/maskiner', 'Maskiner'],
      ['/varelager', 'Varelager'],
      ['/timetyper', 'Timetyper'],
      ['/integrasjoner', 'Integrasjoner'],
      ['/import', 'Import'],
    ]) {
      expect(res.text).toMatch(new RegExp(`<a href="${href}"( aria-current="[a-z]+")?>${item}</a>`));
    }
    expect(res.text).toContain('Logg ut');
    expect(res.text).toContain('<span class="workspace-name">Testmaskin AS</span>');
  });

  it('labels every input of every form', async () => {
    for (const [path] of pages.filter(([p]) => p.endsWith('/ny'))) {
      const { text } = await client.get(path);
      const ids = [...text.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(text, `${path} #${id}`).toContain(`for="${id}"`);
    }
  });

  it('shows amounts as kr 1 234,50, hours as 7,5 and dates as dd.mm.åååå', async () => {
    expect((await client.get('/maskiner')).text).toContain(`kr 1${NNBSP}250,50`);
    expect((await client.get('/timetyper')).text).toContain('kr 950,00');
    const hours = await client.get('/timer');
    expect(hours.text).toContain('02.03.2026');
    expect(hours.text).toContain('>7,5<');
    expect((await client.get('/kunder')).text).toContain('923 456 783');
  });

  it('lists the 24SevenOffice card on Integrasjoner with a link to its page', async () => {
    const { text } = await client.get('/integrasjoner');
    expect(text).toContain('<h2>24SevenOffice</h2>');
    expect(text).toContain('href="/integrasjoner/24sevenoffice"');
  });

  it('filters a list and pages through it with a cursor', async () => {
    for (let i = 0; i < 51; i += 1) {
      const res = await client.post('/maskiner', {
        number: `X-${String(i).padStart(3, '0')}`,
        name: `Testmaskin ${i}`,
      });
      expect(res.status).toBe(303);
    }
    const first = await client.get('/maskiner?sok=X-');
    expect(first.text).toContain('X-000');
    expect(first.text).not.toContain('GM-01');
    expect(first.text).not.toContain('X-050');
    const next = /href="(\/maskiner\?[^"]*cursor=[^"]+)"/.exec(first.text)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await client.get(next ?? '');
    expect(second.text).toContain('X-050');
    expect(second.text).not.toContain('X-000');
    expect(second.text).toContain('« Første side');
  });

  it('answers an unknown page with a Norwegian 404 page', async () => {
    const res = await client.get('/finnes-ikke');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Siden finnes ikke');
    const missing = await client.get('/kunder/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<html lang="nb">');
  });

  it('leaves unknown API paths to the API (no login redirect, no HTML)', async () => {
    const res = await h.anonymous().get('/api/v1/finnes-ikke');
    expect(res.location).toBeNull();
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves htmx and the stylesheet with cache headers, and pages with security headers', async () => {
    const anon = h.anonymous();
    const htmx = await anon.get('/static/htmx.min.js');
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('content-type')).toContain('javascript');
    expect(htmx.headers.get('cache-control')).toContain('max-age=86400');
    expect(htmx.text).toContain('htmx');
    const css = await anon.get('/static/broen.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    const page = await client.get('/kunder');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('strict-transport-security')).toContain('max-age=');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
