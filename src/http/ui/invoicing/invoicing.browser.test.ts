// Scenario: in headless Chromium the demo admin opens project 1001 → Fakturagrunnlag, ticks two
// lines (one a machine hour on GM-01), makes an invoice attachment of them, finds the customer
// and project not in 24SO yet and clicks «Eksporter nå», checks the order preview, clicks
// «Lag faktura (24SevenOffice)» (a job: the page shows «Overføres…» until it is done), and finds
// the order with the machine dimension in the sandbox's Ordreliste.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../../test/requirements.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { saveConnection } from '../../../integration/connection.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { defaultSettings } from '../../../integration/settings-schema.ts';
import { startSyncWorker } from '../../../integration/sync/runtime.ts';
import { invoicingJobs } from '../../../invoicing/jobs.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { type SandboxServer, startSandboxServer } from '../../../sandbox/server.ts';
import { seedDemoWorkspace } from '../../../workspace/demo-seed.ts';
import { getWorkspaceBySlug } from '../../../workspace/workspaces.ts';
import { createApp } from '../../app.ts';
import {
  type BrowserSite,
  browserAppDeps,
  type Login,
  loginAs,
  pageProblems,
  serveToChromium,
} from '../browser-test-support.ts';

describe('Fakturagrunnlag → «Lag faktura (24SevenOffice)» in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let sandbox: SandboxServer;
  let site: BrowserSite;
  let baseUrl: string;
  let login: Login;
  let worker: EmbeddedWorker;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    const seeded = await seedDemoWorkspace(t.db);
    login = seeded.login;
    const workspace = await getWorkspaceBySlug(t.db, seeded.workspaceSlug);
    if (!workspace) throw new Error('demo workspace missing');
    sandbox = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo' });
    const deps = browserAppDeps(t.db, { demo: true });
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
    // … and a job worker, as `npm start` runs: sync runs and invoice transfers.
    worker = startSyncWorker(deps, { pollMs: 100, ...invoicingJobs(deps) });
    site = await serveToChromium(createApp(deps));
    baseUrl = site.baseUrl;
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await site?.close();
    await sandbox?.close();
    await t?.destroy();
  });

  it('walks project → Fakturagrunnlag → partial attachment → preview → order with its dimension in the Ordreliste', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page);

    await loginAs(page, `${baseUrl}/prosjekter`, login);
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

    // Customer and project are not in 24SO yet: «Eksporter nå» sends them through the sync engine.
    await page.getByText('finnes ikke i 24SevenOffice ennå').first().waitFor();
    await page.getByRole('button', { name: 'Eksporter nå' }).first().click();
    await page.locator('.notice', { hasText: 'Eksportert til 24SevenOffice' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText('finnes ikke i 24SevenOffice ennå').count()).toBe(0);

    const preview = page.getByRole('region', { name: 'Forhåndsvisning av ordren' });
    await expect(preview.textContent()).resolves.toContain('Maskin: GM-01 (Gravemaskin Volvo EC220)');
    await expect(preview.locator('#ordrelinjer tbody tr').count()).resolves.toBe(2);
    const gross = await preview.locator('[data-sum="gross"]').textContent();
    const button = page.getByRole('button', { name: 'Lag faktura (24SevenOffice)' });
    await expect(button.isEnabled()).resolves.toBe(true);
    await button.click();
    const transferred = page.locator('#overfort');
    await transferred.waitFor({ timeout: 60_000 });
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
