// Scenario: in headless Chromium the office admin walks Integrasjoner → Synkronisering → «Synkroniser kunder», watches the run log finish by itself, opens the customer 24SO refused, reads why, fixes the org. number, and «Prøv igjen» sends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../../test/requirements.ts';
import { getRecord } from '../../../integration/sync/records.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { createCustomer } from '../../../workspace/customers.ts';
import { type BrowserSite, loginAs, pageProblems, serveToChromium } from '../browser-test-support.ts';
import { createUiHarness, TEST_PASSWORD, type UiHarness } from '../test-harness.ts';
import { connectForSync } from './test-support.ts';

describe('Integrasjoner → Synkronisering in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let h: UiHarness;
  let sandbox: Sandbox;
  let worker: EmbeddedWorker;
  let site: BrowserSite;
  let baseUrl: string;
  let badId: string;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    h = await createUiHarness(t.db);
    sandbox = createSandbox({ seed: 'empty' });
    worker = await connectForSync(h.deps, h.workspace.id, sandbox);
    const bad = await createCustomer(t.db, h.workspace.id, { name: 'Feil Org AS' });
    // An org. number that slipped in before validation (an old import): 24SO refuses it.
    await t.db.updateTable('customers').set({ org_number: '923456784' }).where('id', '=', bad.id).execute();
    badId = bad.id;
    site = await serveToChromium(h.app);
    baseUrl = site.baseUrl;
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await worker?.stop();
    await t?.destroy();
  });

  it('sends the customers, shows the refused one with its reason, and sends it after the fix', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page, { console: true });

    await loginAs(page, `${baseUrl}/integrasjoner`, { email: h.email, password: TEST_PASSWORD });
    await page.locator('main').getByRole('link', { name: 'Synkronisering' }).click();
    await page.waitForURL(`${baseUrl}/integrasjoner/synkronisering`);

    await page.getByRole('button', { name: 'Synkroniser kunder' }).click();
    await page.waitForURL(/\/integrasjoner\/synkronisering\/logg\/[0-9a-f-]+\?melding=startet$/);
    // The page refreshes itself (htmx polling) until the run has ended, then stops. The worker
    // starts only now, so the page is seen live first.
    const detail = page.locator('#synk-detalj');
    await expect(detail.getAttribute('data-live')).resolves.toBe('true');
    await expect(detail.locator('[data-run-state]').first().textContent()).resolves.toBe('i kø');
    worker.start();
    await expect
      .poll(() => detail.getAttribute('data-live'), { timeout: 30_000, interval: 200 })
      .toBe('false');
    await expect(detail.locator('[data-run-state]').first().textContent()).resolves.toBe('ferdig');
    await expect(detail.locator('[data-count="created"]').textContent()).resolves.toBe('1');
    await expect(detail.locator('[data-count="failed"]').textContent()).resolves.toBe('1');
    const failure = detail.locator('tr[data-action="fail"]');
    await expect(failure.locator('[data-reason]').textContent()).resolves.toBe(
      'Organisasjonsnummeret er ugyldig i 24SevenOffice.',
    );

    // Back on Synkronisering the log shows the run; its row leads back to it.
    await page.getByRole('link', { name: '← Synkronisering' }).click();
    const row = page.locator('#synk-logg tbody tr').first();
    await expect(row.textContent()).resolves.toContain('manuell');
    await row.locator('a').click();
    await page.waitForURL(/\/logg\/[0-9a-f-]+$/);

    // The refused customer, with its reason on its page; fix the org. number.
    await page
      .locator('tr[data-action="fail"]')
      .getByRole('link', { name: /Feil Org AS/ })
      .click();
    await page.waitForURL(`${baseUrl}/kunder/${badId}`);
    await expect(page.locator('.twentyfour-box [data-reason]').textContent()).resolves.toBe(
      'Organisasjonsnummeret er ugyldig i 24SevenOffice.',
    );
    await page.getByLabel('Organisasjonsnummer').fill('923456783');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    await page.waitForURL(/melding=lagret/);

    await page.goto(`${baseUrl}/integrasjoner/synkronisering`);
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    await page.waitForURL(/melding=prover-igjen$/);
    await expect
      .poll(() => page.locator('#synk-detalj').getAttribute('data-live'), { timeout: 30_000, interval: 200 })
      .toBe('false');
    await expect(page.locator('#synk-feilet + p, #synk-detalj .empty').first().textContent()).resolves.toBe(
      'Ingen poster feilet.',
    );

    // In Kunder the badge now says sent, with the 24SO id on hover.
    await page.getByRole('link', { name: 'Kunder', exact: true }).click();
    const badge = page.locator('tr', { hasText: 'Feil Org AS' }).locator('.twentyfour');
    await expect(badge.textContent()).resolves.toBe('24SO sendt');
    await expect(badge.getAttribute('title')).resolves.toMatch(/^24SO-id \d+/);
    expect((await getRecord(t.db, h.workspace.id, 'customer', badId))?.state).toBe('synced');
    expect(
      sandbox.state.clients
        .flatMap((c) => c.companies)
        .map((c) => c.Name)
        .sort(),
    ).toEqual(['Feil Org AS', 'Nordvik Bygg AS']);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
