// Scenario: in headless Chromium the demo admin opens project 1001 → Fakturagrunnlag, ticks two
// lines (one a machine hour on GM-01), makes an invoice attachment of them, checks the order
// preview, clicks «Lag faktura (24SevenOffice)», and finds the order with the machine dimension
// in the sandbox's Ordreliste.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.ts';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumAvailable,
  requireOrSkip,
} from '../../../../test/requirements.ts';
import { loadConfig, SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { createLogger } from '../../../config/logger.ts';
import { saveConnection } from '../../../integration/connection.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { defaultSettings } from '../../../integration/settings-schema.ts';
import { installLinkLookup } from '../../../invoicing/links.ts';
import { type SandboxServer, startSandboxServer } from '../../../sandbox/server.ts';
import { seedDemoWorkspace } from '../../../workspace/demo-seed.ts';
import { getWorkspaceBySlug } from '../../../workspace/workspaces.ts';
import { createApp } from '../../app.ts';
import { type AppDeps, buildAppDeps } from '../../deps.ts';

describe('Fakturagrunnlag → «Lag faktura (24SevenOffice)» in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let deps: AppDeps;
  let server: ServerType;
  let sandbox: SandboxServer;
  let browser: Browser;
  let baseUrl: string;
  let login: { email: string; password: string };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    const seeded = await seedDemoWorkspace(t.db);
    login = seeded.login;
    const workspace = await getWorkspaceBySlug(t.db, seeded.workspaceSlug);
    if (!workspace) throw new Error('demo workspace missing');
    sandbox = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo' });
    const config = loadConfig(
      {
        DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-browser-')),
        BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'silent',
      },
      { demo: true },
    );
    deps = buildAppDeps({ db: t.db, config, logger: createLogger('silent'), clock: () => new Date() });
    const runtime = installIntegrationRuntime(deps, {
      fetch: (request) => fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: sandbox.url,
    });
    // Connected to "Demo Maskin AS", with the invoicing settings filled in …
    const clients = await runtime.gateway.listClients({ username: 'api@demo.no', password: 'demo-password' });
    if (!clients.ok) throw new Error(clients.detail);
    const maskin = clients.value.find((c) => c.name === 'Demo Maskin AS');
    const connected = await saveConnection(runtime, workspace.id, {
      username: 'api@demo.no',
      password: 'demo-password',
      identityId: maskin?.identityId ?? '',
    });
    if (!connected.ok) throw new Error(connected.message);
    const settings = defaultSettings();
    settings.invoicing.productNo = {
      hours: 'TIME',
      transport: { km: 'KM', toll: 'BOM', other: 'UTL' },
      freeText: 'FRI',
    };
    settings.invoicing.dimensionByMachine = { 'GM-01': '101:GM-01' };
    await t.db
      .insertInto('integration_settings')
      .values({
        workspace_id: workspace.id,
        document: JSON.stringify(settings),
        version: 1,
        enabled: 1,
        updated_at: new Date().toISOString(),
        updated_by: 'test',
      })
      .execute();
    // … and customer 10001 / project 1001 linked to 24SO, as the sync engine will record it.
    installLinkLookup(deps, async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001));
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
    await sandbox?.close();
    await t?.destroy();
  });

  it('walks project → Fakturagrunnlag → partial attachment → preview → order with its dimension in the Ordreliste', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(`${baseUrl}/prosjekter`);
    await page.getByLabel('E-post').fill(login.email);
    await page.getByLabel('Passord').fill(login.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.waitForURL(`${baseUrl}/prosjekter`);
    await page.getByRole('link', { name: 'Boligfelt Nordvik, trinn 2' }).click();
    await page.getByRole('link', { name: 'Fakturagrunnlag' }).click();
    await page.waitForURL(/\/fakturagrunnlag$/);

    const hours = page.getByRole('region', { name: 'Timer' });
    await hours.locator('tr', { hasText: 'GM-01' }).first().getByRole('checkbox').check();
    await hours.locator('tbody tr').filter({ hasNotText: 'GM-01' }).first().getByRole('checkbox').check();
    await page.getByLabel('Bare linjene jeg har krysset av (delfakturering)').check();
    await page.getByLabel('Deres referanse').fill('Jon Vik');
    await page.getByRole('button', { name: 'Lag fakturavedlegg' }).click();
    await page.waitForURL(/\/fakturavedlegg\/[^/?]+\?melding=opprettet$/);

    const preview = page.getByRole('region', { name: 'Forhåndsvisning av ordren' });
    await expect(preview.textContent()).resolves.toContain('Maskin: GM-01 (Gravemaskin Volvo EC220)');
    await expect(preview.locator('#ordrelinjer tbody tr').count()).resolves.toBe(2);
    const gross = await preview.locator('[data-sum="gross"]').textContent();
    const button = page.getByRole('button', { name: 'Lag faktura (24SevenOffice)' });
    await expect(button.isEnabled()).resolves.toBe(true);
    await button.click();
    const transferred = page.locator('#overfort');
    await transferred.waitFor();
    const text = (await transferred.textContent()) ?? '';
    expect(text).toContain('alt stemmer');
    const orderId = /Overført som ordre (\d+)/.exec(text)?.[1];
    expect(orderId).toBeDefined();

    // The sandbox's Ordreliste: the order with its lines, the machine dimension on the GM-01 line.
    await page.goto(sandbox.url);
    await page.getByRole('link', { name: 'Demo Maskin AS' }).first().click();
    const order = page.locator(`#ordre-${orderId}`);
    await order.waitFor();
    await expect(order.textContent()).resolves.toContain('Nordvik Bygg AS');
    const ordreliste = await page.locator('#ordreliste').textContent();
    expect(ordreliste).toContain('Maskin: GM-01 (Gravemaskin Volvo EC220)');
    expect(ordreliste?.replace(/\s/g, '')).toContain((gross ?? 'x').replace(/\s|kr/g, ''));
    expect(problems).toEqual([]);
  }, 90_000);
});
