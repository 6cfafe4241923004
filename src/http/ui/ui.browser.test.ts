// Scenario: in real headless Chromium the admin logs in to the demo workspace, opens Timer, selects an unapproved hour and approves it.

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
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
import { getHourEntry } from '../../workspace/hours.ts';
import { getWorkspaceBySlug } from '../../workspace/workspaces.ts';
import { createApp } from '../app.ts';
import { type AppDeps, buildAppDeps } from '../deps.ts';

describe('web UI in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let deps: AppDeps;
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
    deps = buildAppDeps({ db: t.db, config, logger: createLogger('silent'), clock: () => new Date() });
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

  it('logs in, approves a selected hour on Timer, and the hour is approved in the database', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(`${baseUrl}/timer`);
    expect(new URL(page.url()).pathname).toBe('/logg-inn');
    await page.getByLabel('E-post').fill(login.email);
    await page.getByLabel('Passord').fill(login.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(`${baseUrl}/timer`);
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
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/logg-inn`);
    await page.getByLabel('E-post').fill(login.email);
    await page.getByLabel('Passord').fill(login.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(`${baseUrl}/timer`);
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
