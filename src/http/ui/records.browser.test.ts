// Scenario: in headless Chromium the office deactivates a worker who has hours, opens one of
// his hours and saves it — the hour stays his. On a 390 px phone the lists and the menu fit.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../test/requirements.ts';
import { getEmployeeByNumber } from '../../workspace/employees.ts';
import { getHourEntry, listHourEntries } from '../../workspace/hours.ts';
import { getWorkspaceBySlug } from '../../workspace/workspaces.ts';
import { type DemoSite, type Login, loginAs, startDemoSite } from './browser-test-support.ts';

describe('records in use, in headless Chromium', async () => {
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

  const loggedIn = (page: Page) => loginAs(page, `${baseUrl}/logg-inn`, login, `${baseUrl}/timer`);

  it('keeps a deactivated worker selected in his hour and «Lagre endringer» leaves the hour his', async () => {
    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const ws = workspace?.id ?? '';
    const worker = await getEmployeeByNumber(t.db, ws, 3);
    expect(worker).toBeDefined();
    const hours = await listHourEntries(t.db, ws, { employeeId: worker?.id, approved: false }, { limit: 1 });
    const hour = hours.items[0];
    expect(hour).toBeDefined();

    const page = await site.browser.newPage();
    await loggedIn(page);
    await page.goto(`${baseUrl}/arbeidere/${worker?.id}`);
    await expect(page.locator('.danger-zone').textContent()).resolves.toContain('kan derfor ikke slettes');
    await page.getByRole('button', { name: 'Deaktiver' }).click();
    await page.getByText('Arbeideren er deaktivert').waitFor();

    await page.goto(`${baseUrl}/timer/${hour?.id}`);
    const select = page.locator('select[name=employeeId]');
    await expect(select.inputValue()).resolves.toBe(worker?.id);
    await expect(select.locator('option:checked').textContent()).resolves.toBe(
      `${worker?.number} ${worker?.name} (deaktivert)`,
    );
    await page.getByLabel('Beskrivelse').fill('Rettet etter at arbeideren sluttet');
    await page.getByRole('button', { name: 'Lagre endringer' }).click();
    await page.getByText('Timene er lagret.').waitFor();

    const stored = await getHourEntry(t.db, ws, hour?.id ?? '');
    expect(stored).toMatchObject({
      employeeId: worker?.id,
      hourTypeId: hour?.hourTypeId,
      projectId: hour?.projectId,
      machineId: hour?.machineId,
      description: 'Rettet etter at arbeideren sluttet',
    });
    // Not offered for new hours.
    await page.goto(`${baseUrl}/timer/ny`);
    await expect(page.locator(`select[name=employeeId] option[value="${worker?.id}"]`).count()).resolves.toBe(
      0,
    );
    await page.close();
  }, 60_000);

  it('fits a 390 px phone: no page is wider than the screen, the menu fits, tables scroll in their box', async () => {
    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const ws = workspace?.id ?? '';
    const hour = (await listHourEntries(t.db, ws, {}, { limit: 1 })).items[0];
    const context = await site.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await loggedIn(page);
    const pages = [
      '/timer',
      `/timer/${hour?.id}`,
      '/timer/ny',
      '/kunder',
      '/kunder/ny',
      '/prosjekter',
      '/arbeidere',
      '/arbeidere/admin',
      '/kjoring',
      '/maskiner',
      '/varelager',
      '/timetyper',
      '/integrasjoner',
      '/integrasjoner/24sevenoffice',
      '/integrasjoner/api-tilgang',
      '/import',
    ];
    const tooWide: string[] = [];
    for (const path of pages) {
      await page.goto(`${baseUrl}${path}`);
      const widths = await page.evaluate(() => {
        const overflowing = [...document.querySelectorAll('body *')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            // Inside a box that scrolls sideways is fine: the table scrolls, not the page.
            let p = el.parentElement;
            while (p) {
              const style = getComputedStyle(p);
              if (style.overflowX === 'auto' || style.overflowX === 'scroll') return false;
              p = p.parentElement;
            }
            return r.width > 0 && r.right > window.innerWidth + 1;
          })
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { page: document.documentElement.scrollWidth, overflowing };
      });
      if (widths.page > 390 || widths.overflowing.length > 0)
        tooWide.push(`${path}: ${widths.page}px ${widths.overflowing.join(', ')}`);
    }
    expect(tooWide).toEqual([]);
    // The whole menu is on screen.
    await page.goto(`${baseUrl}/timer`);
    for (const link of await page.locator('.mainnav a').all()) {
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    // The Timer table scrolls inside its own box.
    const overflow = await page.locator('#timer-tabell').evaluate((el) => getComputedStyle(el).overflowX);
    expect(overflow).toBe('auto');
    await context.close();
  }, 120_000);
});
