// Scenario: in headless Chromium the office sees on Timer that an approved hour waits because its worker has no 24SO contact id, follows the reason's link to Admin. arbeidere, types the contact id, syncs, and finds the hour sent on Timer and in the sandbox's web view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../../test/requirements.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { createLogger } from '../../../config/logger.ts';
import { listClientsForCredentials, saveConnection } from '../../../integration/connection.ts';
import { writeHourSettings } from '../../../integration/hours/test-support.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { setEnabled } from '../../../integration/settings.ts';
import { recordSynced } from '../../../integration/sync/records.ts';
import { SYNC_JOB, startSync, syncJobHandler } from '../../../integration/sync/service.ts';
import { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { type SandboxServer, startSandboxServer } from '../../../sandbox/server.ts';
import { createEmployee } from '../../../workspace/employees.ts';
import { approveHours } from '../../../workspace/hour-approval.ts';
import { createHourType } from '../../../workspace/hour-types.ts';
import { createHourEntry } from '../../../workspace/hours.ts';
import { createProject } from '../../../workspace/projects.ts';
import { createUser } from '../../../workspace/users.ts';
import { createWorkspace } from '../../../workspace/workspaces.ts';
import { createApp } from '../../app.ts';
import type { AppDeps } from '../../deps.ts';
import {
  type BrowserSite,
  browserAppDeps,
  loginAs,
  pageProblems,
  serveToChromium,
} from '../browser-test-support.ts';

describe('Timer → why an hour waits, fixed from its link, in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let deps: AppDeps;
  let sandbox: SandboxServer;
  let site: BrowserSite;
  let baseUrl: string;
  let worker: EmbeddedWorker;
  let workspaceId: string;
  let hourId: string;
  const login = { email: 'kontor@hours-test.no', password: 'riktig-passord-123' };

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    sandbox = await startSandboxServer({
      port: 0,
      host: '127.0.0.1',
      seed: 'demo',
      logger: createLogger('silent'),
    });
    deps = browserAppDeps(t.db, {
      env: { TWENTYFOUR_BASE_URL: sandbox.url, TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID },
    });
    const clock = deps.clock;
    const connection = installIntegrationRuntime(deps, { fetch: (r) => fetch(r), baseUrl: sandbox.url });
    const app = createApp(deps);

    const ws = await createWorkspace(t.db, { slug: 'timer-test', name: 'Timer Test AS' });
    workspaceId = ws.id;
    await createUser(t.db, { workspaceId, email: login.email, name: 'Kontor', password: login.password });
    const credentials = { username: 'api@demo.no', password: 'demo-password' };
    const clients = await listClientsForCredentials(connection, credentials);
    if (!clients.ok) throw new Error(clients.message);
    await saveConnection(connection, workspaceId, {
      ...credentials,
      identityId: clients.clients[0]?.identityId ?? '',
    });
    await setEnabled(t.db, clock, { workspaceId, actor: 'test', enabled: true });
    await writeHourSettings(t.db, workspaceId, {
      sync: 'manual',
      startDate: '2025-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const ola = await createEmployee(t.db, workspaceId, { name: 'Ola Nordmann' });
    const ord = await createHourType(t.db, workspaceId, { code: 'ORD', name: 'Ordinær' });
    const project = await createProject(t.db, workspaceId, { number: '1001', name: 'Boligfelt Nordvik' });
    await recordSynced(t.db, clock, [
      {
        workspaceId,
        entity: 'project',
        localId: project.id,
        remoteId: '1001',
        fingerprint: null,
        runId: null,
      },
    ]);
    hourId = (
      await createHourEntry(t.db, workspaceId, {
        employeeId: ola.id,
        projectId: project.id,
        hourTypeId: ord.id,
        date: '2025-06-10',
        startTime: '07:00',
        endTime: '15:00',
        description: 'Grunnarbeid tomt 7',
      })
    ).id;
    await approveHours(t.db, workspaceId, [hourId], login.email, clock);
    worker = new EmbeddedWorker(
      { db: t.db, clock, logger: deps.logger },
      { [SYNC_JOB]: syncJobHandler({ db: t.db, clock, logger: deps.logger, connection }) },
      { pollMs: 20 },
    );

    site = await serveToChromium(app);
    baseUrl = site.baseUrl;
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await sandbox?.close();
    await t?.destroy();
  });

  it('shows the reason, follows its link, fixes it, and the hour is sent', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page);

    await loginAs(page, `${baseUrl}/timer`, login);

    const row = page.locator(`#time-${hourId}`);
    // The row names the reason in a few words; the whole sentence is on the link's hover.
    const reason = row
      .locator('[data-rule="no-contact-id"]')
      .getByRole('link', { name: 'Mangler kontakt-ID' });
    await expect(reason.getAttribute('title')).resolves.toBe(
      'Arbeideren Ola Nordmann har ingen kontakt-ID fra 24SevenOffice. Legg inn kontakt-ID.',
    );
    await reason.click();
    await page.waitForURL(/\/arbeidere\/admin/);
    await page.getByLabel('24SO kontakt-ID for Ola Nordmann').fill('501');
    await page.locator('tr', { hasText: 'Ola Nordmann' }).getByRole('button', { name: 'Lagre' }).click();
    await page.getByRole('status').filter({ hasText: 'Lagret' }).first().waitFor({ timeout: 30_000 });

    // Back on Timer the hour is ready; «Synkroniser nå» (a manual run) sends it.
    await page.goto(`${baseUrl}/timer`);
    await expect(row.locator('.transfer-cell').textContent()).resolves.toContain('Klar til overføring');
    await startSync(
      { db: t.db, clock: deps.clock, queue: worker.queue() },
      { workspaceId, trigger: 'manual', entity: null, dryRun: false },
    );
    await worker.drain();
    await page.reload();
    await expect(row.locator('.transfer-cell').textContent()).resolves.toMatch(/Overført \(id \d+\)/);
    const sentId = (await row.locator('.transfer-cell').textContent())?.match(/id (\d+)/)?.[1];

    // The sandbox's web view lists it under Timer, in Norwegian time, with Broen's marker.
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('link', { name: 'Demo Maskin AS' }).click();
    await page.waitForURL(/\/klienter\//);
    const sandboxRow = page.locator('#timer tr', { hasText: `[broen:${hourId}]` });
    await expect(sandboxRow.count()).resolves.toBe(1);
    const text = await sandboxRow.textContent();
    expect(text).toContain(String(sentId));
    expect(text).toContain('10.06.2025 07:00–15:00');
    expect(text).toContain('Ola Nordmann');
    expect(text).toContain('Grunnarbeid tomt 7');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
