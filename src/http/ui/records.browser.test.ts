// Scenario: in headless Chromium the office deactivates a worker who has hours, opens one of
// his hours and saves it — the hour stays his. On a 390 px phone the lists and the menu fit.

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumAvailable,
  requireOrSkip,
} from '../../../test/requirements.ts';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../config/logger.ts';
import { seedDemoWorkspace } from '../../workspace/demo-seed.ts';
import { getEmployeeByNumber } from '../../workspace/employees.ts';
import { getHourEntry, listHourEntries } from '../../workspace/hours.ts';
import { getWorkspaceBySlug } from '../../workspace/workspaces.ts';
import { createApp } from '../app.ts';
import { type AppDeps, buildAppDeps } from '../deps.ts';

describe('records in use, in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let server: ServerType;
  let browser: Browser;
  let baseUrl: string;
  let login: { email: string; password: string };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    login = (await seedDemoWorkspace(t.db)).login;
    const config = loadConfig(
      {
        DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-browser-')),
        BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'silent',
      },
      { demo: false },
    );
    const deps: AppDeps = buildAppDeps({
      db: t.db,
      config,
      logger: createLogger('silent'),
      clock: () => new Date(),
    });
    const app = createApp(deps);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.destroy();
  });

  async function loggedIn(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/logg-inn`);
    await page.getByLabel('E-post').fill(login.email);
    await page.getByLabel('Passord').fill(login.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(`${baseUrl}/timer`);
  }

  it('keeps a deactivated worker selected in his hour and «Lagre endringer» leaves the hour his', async () => {
    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const ws = workspace?.id ?? '';
    const worker = await getEmployeeByNumber(t.db, ws, 3);
    expect(worker).toBeDefined();
    const hours = await listHourEntries(t.db, ws, { employeeId: worker?.id, approved: false }, { limit: 1 });
    const hour = hours.items[0];
    expect(hour).toBeDefined();

    const page = await browser.newPage();
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
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
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
