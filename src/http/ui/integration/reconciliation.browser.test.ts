// Scenario: in headless Chromium the demo admin connects to the sandbox's "Demo Maskin AS", links
// the workers to 24SO contacts on Admin. arbeidere (suggestions, a typed id checked against 24SO),
// then reconciles the existing 24SO records, decides the doubtful rows (one through the search)
// and confirms — after which «Slå på integrasjonen» is no longer held back by the reconciliation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { chromiumAvailable, requireOrSkip } from '../../../../test/requirements.ts';
import { getWorkspaceBySlug } from '../../../workspace/workspaces.ts';
import {
  chooseAnotherCandidate,
  connectSandbox,
  type DemoSite,
  type Login,
  loginAs,
  pageProblems,
  startDemoSite,
} from '../browser-test-support.ts';

describe('Avstemming and the contact picker in headless Chromium', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let t: TestDatabase;
  let site: DemoSite;
  let baseUrl: string;
  let login: Login;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    site = await startDemoSite(t.db, { sandbox: true });
    ({ baseUrl, login } = site);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await t?.destroy();
  });

  it('links workers to contacts, reconciles, decides and confirms', async () => {
    const page = await site.browser.newPage();
    const problems = pageProblems(page);

    await loginAs(page, `${baseUrl}/integrasjoner/24sevenoffice`, login);
    await connectSandbox(page, 'Demo Maskin AS');
    // «Aktiver» waits for the reconciliation, which the activation box links to.
    await expect(page.locator('.activation').textContent()).resolves.toContain(
      'Avstem eksisterende poster i 24SevenOffice før integrasjonen slås på',
    );

    // Admin. arbeidere: contacts read live from 24SO, a suggestion per worker.
    await page.goto(`${baseUrl}/arbeidere/admin`);
    const listed = await page
      .locator('#kontakter-24so option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(listed).toEqual(expect.arrayContaining(['501', '502', '503', '504', '601']));
    await page.getByRole('button', { name: 'Koble alle foreslåtte (2)' }).click();
    await page.waitForURL(/melding=koblet/);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe(
      '2 arbeidere er koblet til kontaktene som ble foreslått.',
    );
    const ola = page.locator('tr', { hasText: 'Ola Nordmann' });
    await expect(ola.getByLabel('24SO kontakt-ID for Ola Nordmann').inputValue()).resolves.toBe('501');
    // Per Olsen matches by name only: offered, not linked.
    const per = page.locator('tr', { hasText: 'Per Olsen' });
    await expect(per.locator('.suggestion').textContent()).resolves.toContain('bare navnet likner');
    await per.getByRole('button', { name: 'Bruk forslaget' }).click();
    await page.waitForURL(/melding=lagret/);
    // A typed id is checked against 24SO (htmx swaps the row).
    const jonas = page.locator('tr', { hasText: 'Jonas Berg' });
    await jonas.getByLabel('24SO kontakt-ID for Jonas Berg').fill('999');
    await jonas.getByRole('button', { name: 'Lagre' }).click();
    // htmx swaps the row after the click: wait for the new row, not the old one.
    await page
      .locator('tr', { hasText: 'Jonas Berg' })
      .locator('.field-error', { hasText: 'finnes ikke' })
      .waitFor({ timeout: 30_000 });
    await expect(
      page.locator('tr', { hasText: 'Jonas Berg' }).locator('.field-error').textContent(),
    ).resolves.toBe(
      'Kontakt-id 999 finnes ikke i 24SevenOffice-klienten «Demo Maskin AS». Velg en kontakt fra listen.',
    );
    // And a contact another worker holds is refused.
    await page
      .locator('tr', { hasText: 'Jonas Berg' })
      .getByLabel('24SO kontakt-ID for Jonas Berg')
      .fill('501');
    await page.locator('tr', { hasText: 'Jonas Berg' }).getByRole('button', { name: 'Lagre' }).click();
    await page
      .locator('tr', { hasText: 'Jonas Berg' })
      .locator('.field-error', { hasText: 'allerede koblet til Ola Nordmann' })
      .waitFor({ timeout: 30_000 });
    await page
      .locator('tr', { hasText: 'Jonas Berg' })
      .getByLabel('24SO kontakt-ID for Jonas Berg')
      .fill('504');
    await page.locator('tr', { hasText: 'Jonas Berg' }).getByRole('button', { name: 'Lagre' }).click();
    await page
      .locator('tr', { hasText: 'Jonas Berg' })
      .getByRole('status')
      .filter({ hasText: 'Lagret' })
      .waitFor({ timeout: 30_000 });
    await expect(page.locator('tr', { hasText: 'Jonas Berg' }).locator('.field-error').count()).resolves.toBe(
      0,
    );

    // Avstemming: read 24SO (a job), then the proposal.
    await page.goto(`${baseUrl}/integrasjoner/24sevenoffice/avstemming`);
    await page.getByRole('button', { name: 'Start avstemming' }).click();
    await page.getByRole('button', { name: 'Bekreft alle' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-count=undecided]').textContent()).resolves.toBe('3');
    await expect(page.getByRole('button', { name: 'Bekreft alle' }).isDisabled()).resolves.toBe(true);
    const nordvik = page.locator('tr', { hasText: '10001 Nordvik Bygg AS' }).first();
    await expect(nordvik.textContent()).resolves.toContain('samme org.nr.');

    // Aukra: one name-only candidate, accepted as proposed.
    const aukra = page.locator('tr', { hasText: 'Aukra Næringspark AS' }).first();
    await expect(aukra.textContent()).resolves.toContain('bare navnet likner');
    await aukra.getByRole('button', { name: 'Avgjør' }).click();
    // The form posts back to the same page: wait for the decided row, not for the URL it had.
    await page
      .locator('tr', { hasText: 'Aukra Næringspark AS' })
      .first()
      .getByRole('button', { name: 'Endre' })
      .waitFor({ timeout: 30_000 });
    // VA-anlegg: the project's name within its matched customer.
    await page
      .locator('tr', { hasText: '1002 VA-anlegg Fjellheim' })
      .getByRole('button', { name: 'Avgjør' })
      .click();
    await page
      .locator('tr', { hasText: '1002 VA-anlegg Fjellheim' })
      .getByRole('button', { name: 'Endre' })
      .waitFor({ timeout: 30_000 });
    // Solberg: two candidates; the admin searches 24SO's records and picks the A/S one.
    await chooseAnotherCandidate(page, {
      row: '10003 Solberg Eiendom AS',
      search: 'solberg',
      pick: '20423 Solberg Eiendom A/S',
    });
    await expect(page.locator('[data-count=undecided]').textContent()).resolves.toBe('0');
    await expect(
      page.locator('tr', { hasText: '10003 Solberg Eiendom AS' }).textContent(),
    ).resolves.toContain('20423 Solberg Eiendom A/S');

    await page.getByRole('button', { name: 'Bekreft alle' }).click();
    await page.waitForURL(/innstillinger\?melding=avstemt/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Avstemmingen er bekreftet',
    );
    await expect(page.locator('.activation').textContent()).resolves.not.toContain(
      'Avstem eksisterende poster',
    );

    const workspace = await getWorkspaceBySlug(t.db, 'demo');
    const links = await t.db
      .selectFrom('sync_records')
      .select(['entity', 'remote_id'])
      .where('workspace_id', '=', workspace?.id ?? '')
      .where('state', '=', 'synced')
      .execute();
    expect(
      links
        .filter((l) => l.entity === 'customer')
        .map((l) => l.remote_id)
        .sort(),
    ).toEqual(['10001', '20417', '20423', '20424']);
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
