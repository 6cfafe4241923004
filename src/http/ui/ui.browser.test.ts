// Scenario: in real headless Chromium the admin logs in to the demo workspace, opens Timer, selects an unapproved hour and approves it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../test/requirements.ts';
import { getEmployeeByNumber } from '../../workspace/employees.ts';
import { getHourEntry } from '../../workspace/hours.ts';
import { getWorkspaceBySlug } from '../../workspace/workspaces.ts';
import { type DemoSite, type Login, loginAs, pageProblems, startDemoSite } from './browser-test-support.ts';

describe('web UI in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let site: DemoSite;
  let baseUrl: string;
  let login: Login;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    site = await startDemoSite(t.db);
    ({ baseUrl, login } = site);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await t?.destroy();
  });

  it('logs in, approves a selected hour on Timer, and the hour is approved in the database', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page, { console: true });

    // Timer without a session leads to «Logg inn» (loginAs checks it), and back after the login.
    await loginAs(page, `${baseUrl}/timer`, login);
    await expect(page.locator('h1').textContent()).resolves.toBe('Timer');
    await expect(page.locator('.workspace-name').textContent()).resolves.toBe('Demo Maskin AS');

    // Only the hours not yet approved.
    await page.getByLabel('Godkjenning').selectOption('nei');
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForURL(/godkjent=nei/);
    const firstBox = page.locator('#timer-tabell tbody input[name=ids]').first();
    const hourId = await firstBox.getAttribute('value');
    expect(hourId).toBeTruthy();
    const row = page.locator(`#time-${hourId}`);
    await expect(row.locator('.approval').textContent()).resolves.toBe('Ikke godkjent');

    await firstBox.check();
    await page.getByRole('button', { name: 'Godkjenn valgte' }).click();
    await page.locator(`#time-${hourId}.approved`).waitFor({ timeout: 10_000 });
    await expect(row.locator('.approval').textContent()).resolves.toBe('Godkjent');
    await expect(page.locator('#godkjenning-status').textContent()).resolves.toBe('1 time er godkjent.');
    // Swapped in place by htmx: still on the same page, no reload.
    expect(page.url()).toContain('godkjent=nei');

    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const stored = await getHourEntry(t.db, workspace?.id ?? '', hourId ?? '');
    expect(stored?.approved).toBe(true);
    expect(stored?.approvedBy).toBe(login.email);
    // No CSP violations or script errors on the way.
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('links a worker to a 24SO contact inline on Admin. arbeidere, with the error shown in place', async () => {
    const page = await site.browser.newPage();
    await loginAs(page, `${baseUrl}/logg-inn`, login, `${baseUrl}/timer`);
    await page.getByRole('link', { name: 'Admin. arbeidere' }).click();
    await page.waitForURL(`${baseUrl}/arbeidere/admin`);

    const input = page.getByLabel('24SO kontakt-ID for Kari Hansen');
    await input.fill('abc');
    await input.press('Enter');
    const row = page.locator('tr', { has: page.getByLabel('24SO kontakt-ID for Kari Hansen') });
    await row.locator('.field-error').waitFor();
    await expect(row.locator('.field-error').textContent()).resolves.toBe(
      '24SO kontakt-ID må være et positivt heltall.',
    );

    await page.getByLabel('24SO kontakt-ID for Kari Hansen').fill('502');
    await page.getByLabel('24SO kontakt-ID for Kari Hansen').press('Enter');
    await row.getByText('Lagret').waitFor();
    expect(page.url()).toBe(`${baseUrl}/arbeidere/admin`);
    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const kari = await getEmployeeByNumber(t.db, workspace?.id ?? '', 2);
    expect(kari?.name).toBe('Kari Hansen');
    expect(kari?.twentyfourContactId).toBe(502);
    await page.close();
  }, 60_000);
});
