// Scenario: in headless Chromium the demo admin connects the workspace to the sandbox's "Demo Maskin AS", maps an hour type, saves, and finds the change in the audit log; then logs in again on "Demo Transport AS", reviews the mappings with the new client's names, confirms them and switches the integration on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../../test/requirements.ts';
import { liveListsFor } from '../../../integration/lookups.ts';
import { reconcileAndConfirm } from '../../../integration/reconciliation/test-support.ts';
import { getSettings, saveSettings } from '../../../integration/settings.ts';
import { createApiToken } from '../../../workspace/api-tokens.ts';
import { getWorkspaceBySlug } from '../../../workspace/workspaces.ts';
import type { AppDeps } from '../../deps.ts';
import {
  connectSandbox,
  type DemoSite,
  type Login,
  loginAs,
  pageProblems,
  startDemoSite,
} from '../browser-test-support.ts';

describe('Integrasjoner → 24SevenOffice in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let site: DemoSite;
  let deps: AppDeps;
  let baseUrl: string;
  let login: Login;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    // The reconciliation activation needs reads 24SO in a job: the site runs the worker.
    site = await startDemoSite(t.db, { sandbox: true });
    ({ deps, baseUrl, login } = site);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await t?.destroy();
  });

  it('logs in with the sandbox user, picks Demo Maskin AS, maps OT100 and sees it in the audit', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page, { console: true });

    await loginAs(page, `${baseUrl}/integrasjoner`, login);
    await page.getByRole('link', { name: 'Åpne 24SevenOffice' }).click();
    await page.waitForURL(`${baseUrl}/integrasjoner/24sevenoffice`);

    // Demo mode shows the sandbox user; a wrong password is refused in Norwegian.
    await expect(page.locator('.demo-hint').textContent()).resolves.toContain('api@demo.no');
    await page.getByLabel('Brukernavn (e-post)').fill('api@demo.no');
    await page.getByLabel('Passord').fill('feil');
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'Feil brukernavn eller passord i 24SevenOffice. Logg inn på nytt.',
    );
    // That refusal is answered with 422 on purpose, which Chromium logs; nothing else may be.
    expect(problems).toEqual([
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
    problems.length = 0;

    await connectSandbox(page, 'Demo Maskin AS');
    await expect(page.locator('.connection-state').getAttribute('data-state')).resolves.toBe('connected');
    await expect(page.locator('.connection-state').textContent()).resolves.toContain('Demo Maskin AS');
    await expect(page.locator('.coverage').textContent()).resolves.toMatch(
      /5 timetyper uten arbeidstype → \d+ godkjente timeregistreringer \([\d\u00a0,]+ timer\) blir holdt igjen/,
    );

    // The work type picker is filled from 24SO's live list.
    const ot100 = page.getByLabel('Arbeidstype for OT100');
    await expect(ot100.locator('option').allTextContents()).resolves.toContain('Overtid 50% (2)');
    await ot100.selectOption('2');
    await page.getByRole('button', { name: 'Lagre innstillingene' }).click();
    await page.waitForURL(/melding=lagret/);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe('Innstillingene er lagret.');
    await expect(page.getByLabel('Arbeidstype for OT100').inputValue()).resolves.toBe('2');

    await page.getByRole('link', { name: 'Endringslogg' }).click();
    await page.waitForURL(/\/logg$/);
    const row = page.locator('table.audit tbody tr').first();
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe(login.email);
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(
      'Timer: arbeidstype for timetype OT100',
    );
    // The audit names the 24SO work type, not only its id.
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('Overtid 50% (2)');

    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const stored = await getSettings(t.db, workspace?.id ?? '');
    expect(stored.settings.hours.workTypeByHourType).toEqual({ OT100: '2' });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('after logging in on Demo Transport AS, reviews the mappings by name, confirms them and switches on', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page);
    await loginAs(page, `${baseUrl}/integrasjoner/24sevenoffice/innstillinger`, login, /\/innstillinger$/);

    await page.getByRole('link', { name: 'Logg inn på nytt' }).click();
    // The review comes first: OT100's work type 2 exists in both clients with another meaning.
    await connectSandbox(page, 'Demo Transport AS', /\/koblinger\?melding=ny-klient$/);
    const row = page.locator('tr[data-path="hours.workTypeByHourType.OT100"]');
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Overtid 50% (arbeidstype-id 2)');
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(
      'Venting (arbeidstype-id 2) Annen betydning',
    );
    await expect(page.locator('.mapping-review').getAttribute('data-state')).resolves.toBe('pending');

    // «Slå på» waits for the review, and says where to go.
    await page.goto(`${baseUrl}/integrasjoner/24sevenoffice/innstillinger`);
    await expect(page.locator('.activation .blockers').textContent()).resolves.toContain(
      'Se over og bekreft koblingene for klienten «Demo Transport AS» (de ble laget for «Demo Maskin AS»)',
    );
    // What activation needs besides the review: product numbers, a start date, the reconciliation.
    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const workspaceId = workspace?.id ?? '';
    const saved = await saveSettings(t.db, liveListsFor(deps.integration, workspaceId), deps.clock, {
      workspaceId,
      actor: login.email,
      input: {
        hours: { startDate: '2026-01-01' },
        invoicing: { productNo: { hours: 'TRANSP', transport: 'KM', freeText: 'TRANSP' } },
      },
    });
    expect(saved.ok).toBe(true);
    const { token } = await createApiToken(t.db, deps.clock, { workspaceId, name: 'browser-test' });
    await reconcileAndConfirm(async (method, path, options = {}) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    });

    await page
      .getByRole('link', {
        name: 'Se over og bekreft koblingene for klienten «Demo Transport AS» (de ble laget for «Demo Maskin AS»)',
      })
      .first()
      .click();
    await page.waitForURL(/\/koblinger$/);
    await page.getByRole('button', { name: 'Bekreft koblingene' }).click();
    await page.waitForURL(/melding=koblinger-bekreftet/);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe(
      'Koblingene er bekreftet for den nye klienten.',
    );
    await page.getByRole('button', { name: 'Slå på integrasjonen' }).click();
    await page.waitForURL(/melding=slatt-pa/);
    expect((await getSettings(t.db, workspaceId)).enabled).toBe(true);

    // The change log tells the story, newest first, with who did it.
    await page.getByRole('link', { name: 'Endringslogg' }).click();
    await page.waitForURL(/\/logg$/);
    const settings = await page.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
    expect(settings).toEqual(
      expect.arrayContaining([
        'Integrasjonen slått på',
        'Koblinger: gjennomgått og bekreftet etter bytte av klient',
        'Tilkobling: byttet klient',
        'Tilkobling: koblet til',
      ]),
    );
    const switched = page.locator('table.audit tbody tr', { hasText: 'Tilkobling: byttet klient' });
    await expect(switched.locator('td').nth(1).textContent()).resolves.toBe(login.email);
    await expect(switched.locator('td').nth(3).textContent()).resolves.toBe('Demo Maskin AS');
    await expect(switched.locator('td').nth(4).textContent()).resolves.toBe(
      'Demo Transport AS (api@demo.no)',
    );
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
