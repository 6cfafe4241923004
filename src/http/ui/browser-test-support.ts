import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test/requirements.ts';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { installIntegrationRuntime } from '../../integration/runtime.ts';
import { startSyncWorker } from '../../integration/sync/runtime.ts';
import { createSandbox } from '../../sandbox/server.ts';
import { seedDemoWorkspace } from '../../workspace/demo-seed.ts';
import { createApp } from '../app.ts';
import { type AppDeps, buildAppDeps } from '../deps.ts';

// Test support for the browser tests (*.browser.test.ts): the app's deps as `npm start` builds
// them, the app served on a free port to a headless Chromium, and the steps most scenarios begin
// with (logging in to Broen, connecting to a sandbox client), so each test shows its own steps.

/** A Broen user's login. */
export interface Login {
  email: string;
  password: string;
}

/** The sandbox's 24SO user (both seeds have it). */
const SANDBOX_USER = { username: 'api@demo.no', password: 'demo-password' };

/**
 * The app's deps on `db` with a fresh data folder and secret key; `env` adds settings (e.g.
 * TWENTYFOUR_BASE_URL), `demo` is the --demo flag of `broen start`.
 * @example const deps = browserAppDeps(t.db, { demo: true });
 */
export function browserAppDeps(
  db: Db,
  options: { env?: Record<string, string>; demo?: boolean } = {},
): AppDeps {
  const config = loadConfig(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-browser-')),
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    { demo: options.demo ?? false },
  );
  return buildAppDeps({ db, config, logger: createLogger('silent'), clock: () => new Date() });
}

/** The app on a free local port and a headless Chromium to visit it. */
export interface BrowserSite {
  baseUrl: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/**
 * Serves `app` on 127.0.0.1 (a free port) and launches headless Chromium.
 * @example site = await serveToChromium(createApp(deps)); const page = await site.browser.newPage();
 */
export async function serveToChromium(app: Pick<Hono, 'fetch'>): Promise<BrowserSite> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    await closeServer();
    throw error;
  }
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    close: async () => {
      await browser.close();
      await closeServer();
    },
  };
}

/** The demo workspace served to Chromium, with its deps and its admin's login. */
export interface DemoSite extends BrowserSite {
  deps: AppDeps;
  login: Login;
}

/**
 * The demo workspace (as `broen start --demo` seeds it) served to headless Chromium. With
 * `sandbox`, the app talks to an in-process 24SO sandbox (demo seed) and runs the job worker, as
 * `npm start` does: reconciliation and activation read 24SO in jobs. `close` stops the worker too.
 * @example site = await startDemoSite(t.db, { sandbox: true }); await loginAs(page, `${site.baseUrl}/timer`, site.login);
 */
export async function startDemoSite(db: Db, options: { sandbox?: boolean } = {}): Promise<DemoSite> {
  const { login } = await seedDemoWorkspace(db);
  if (!options.sandbox) {
    const deps = browserAppDeps(db);
    return { ...(await serveToChromium(createApp(deps))), deps, login };
  }
  const deps = browserAppDeps(db, { env: { TWENTYFOUR_BASE_URL: 'http://sandbox.test' }, demo: true });
  const sandbox = createSandbox({ seed: 'demo' });
  installIntegrationRuntime(deps, { fetch: (request) => sandbox.fetch(request) });
  const worker = startSyncWorker(deps, { pollMs: 50 });
  let site: BrowserSite;
  try {
    site = await serveToChromium(createApp(deps));
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return {
    ...site,
    deps,
    login,
    close: async () => {
      await site.close();
      await worker.stop();
    },
  };
}

/**
 * Collects the page's script errors, and with `console` its console errors too, so a test can
 * end with `expect(problems).toEqual([])` (no CSP violation or broken script on the way).
 * @example const problems = pageProblems(page, { console: true });
 */
export function pageProblems(page: Page, options: { console?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (options.console)
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/**
 * Opens `url` without a session, which must lead to «Logg inn»; logs in as `login` and waits
 * to land on `landsOn` — by default `url` itself, as the login leads back to the page asked for.
 * @example await loginAs(page, `${baseUrl}/timer`, login);
 */
export async function loginAs(
  page: Page,
  url: string,
  login: Login,
  landsOn: string | RegExp = url,
): Promise<void> {
  await page.goto(url);
  const at = new URL(page.url()).pathname;
  if (at !== '/logg-inn') throw new Error(`${url} led to ${at}, not to /logg-inn`);
  await page.getByLabel('E-post').fill(login.email);
  await page.getByLabel('Passord').fill(login.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL(landsOn);
}

/**
 * On the 24SevenOffice login form (Integrasjoner → 24SevenOffice): logs in as the sandbox's
 * user, picks `client` and saves; waits to land on `landsOn` — by default the settings page
 * saying the workspace is connected.
 * @example await connectSandbox(page, 'Demo Maskin AS');
 */
export async function connectSandbox(
  page: Page,
  client: string,
  landsOn: RegExp = /\/innstillinger\?melding=tilkoblet/,
): Promise<void> {
  await page.getByLabel('Brukernavn (e-post)').fill(SANDBOX_USER.username);
  await page.getByLabel('Passord').fill(SANDBOX_USER.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL(/\/velg-klient/);
  await page.getByLabel(client).check();
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(landsOn);
}

/**
 * On an Avstemming proposal: the row of the workspace record `row` has two candidates; the admin
 * chooses «Velg en annen…», searches 24SO's records for `search` and picks the one named `pick`,
 * and lands back on the proposal.
 * @example await chooseAnotherCandidate(page, { row: '10003 Solberg Eiendom AS', search: 'solberg', pick: '20423 Solberg Eiendom A/S' });
 */
export async function chooseAnotherCandidate(
  page: Page,
  choice: { row: string; search: string; pick: string },
  timeout = 30_000,
): Promise<void> {
  const row = page.locator('tr', { hasText: choice.row });
  await expect(row.textContent()).resolves.toContain('2 kandidater');
  await row.getByRole('link', { name: 'Velg en annen…' }).click();
  await page.getByLabel(/Søk blant kunder i 24SevenOffice/).fill(choice.search);
  await page.getByRole('button', { name: 'Søk' }).click();
  await page.locator('tr', { hasText: choice.pick }).getByRole('button', { name: 'Velg' }).click();
  await page.waitForURL((url) => /avstemming\/[0-9a-f-]+$/.test(url.pathname), { timeout });
}
