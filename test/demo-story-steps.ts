import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { chooseAnotherCandidate } from '../src/http/ui/browser-test-support.ts';
import { type Broen, maskinState, STEP_MS } from './demo-story-process.ts';

// The steps of demo-story.browser.test.ts: the product's "story a new user should be able to
// walk" (shared/product.md) against `broen start` as a child process, one function per step.
// Each step does what a user does on the page and checks what the user would notice; the
// sandbox's control API (`GET /_sandbox/state`) only counts what 24SO holds.

const text = async (page: Page, selector: string) =>
  (await page.locator(selector).first().textContent()) ?? '';

/** Step 1: open the printed address; it asks for a login; log in with the printed demo user. */
export async function logIn(page: Page, broen: Broen): Promise<void> {
  await page.goto(broen.appUrl);
  expect(new URL(page.url()).pathname).toBe('/logg-inn');
  await page.getByLabel('E-post').fill(broen.login.email);
  await page.getByLabel('Passord').fill(broen.login.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL((url) => url.pathname !== '/logg-inn', { timeout: STEP_MS });
  await expect(page.getByRole('banner').textContent()).resolves.toContain('Demo Maskin AS');
}

/**
 * Step 2: Integrasjoner → 24SevenOffice, log in with the sandbox user the page shows, pick
 * «Demo Maskin AS», Lagre: the settings page says it is connected.
 */
export async function connect24SevenOffice(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Hovedmeny' })
    .getByRole('link', { name: 'Integrasjoner', exact: true })
    .click();
  await page.getByRole('link', { name: 'Åpne 24SevenOffice' }).click();
  await page.waitForURL(/\/integrasjoner\/24sevenoffice$/);
  // Demo mode shows the sandbox's user on the page; a new user copies it from there.
  const [username, password] = await page.locator('.demo-hint code').allTextContents();
  expect(username).toBe('api@demo.no');
  await page.getByLabel('Brukernavn (e-post)').fill(username ?? '');
  await page.getByLabel('Passord').fill(password ?? '');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL(/\/velg-klient/, { timeout: STEP_MS });
  await page.getByLabel('Demo Maskin AS').check();
  await page.getByRole('button', { name: 'Lagre' }).click();
  await page.waitForURL(/\/innstillinger\?melding=tilkoblet/, { timeout: STEP_MS });
  await expect(page.locator('.connection-state').getAttribute('data-state')).resolves.toBe('connected');
  await expect(text(page, '.connection-state')).resolves.toContain('Demo Maskin AS');
  // Switching on waits for the reconciliation, and says so.
  await expect(text(page, '.activation')).resolves.toContain('Avstem eksisterende poster i 24SevenOffice');
}

/**
 * Step 3: Avstemming. Start it, wait for the proposal (the page updates itself), decide the
 * rows that need a decision, Bekreft alle. Nothing reaches 24SO before or by the confirmation.
 * Returns how many records the proposal said would be created in 24SO.
 */
export async function reconcile(page: Page, broen: Broen): Promise<number> {
  const untouched = JSON.stringify(await maskinState(broen));
  await page.getByRole('link', { name: 'Avstemming', exact: true }).click();
  await page.getByRole('button', { name: 'Start avstemming' }).click();
  await page.getByRole('button', { name: 'Bekreft alle' }).waitFor({ timeout: STEP_MS });
  const count = async (action: string) => Number(await text(page, `[data-count=${action}]`));
  // Walked in the story's order the workers are not linked yet, so Per Olsen (his 24SO contact
  // matches by name only) needs a decision too: Aukra, VA-anlegg, Solberg and Per Olsen.
  expect(await count('undecided')).toBe(4);
  expect(await count('link')).toBeGreaterThan(0);
  const toCreate = await count('create');
  await expect(page.getByRole('button', { name: 'Bekreft alle' }).isDisabled()).resolves.toBe(true);
  await expect(text(page, 'tr:has-text("10001 Nordvik Bygg AS")')).resolves.toContain('samme org.nr.');

  // The name-only matches: take the candidate offered, as its row shows both sides.
  for (const row of ['Aukra Næringspark AS', '1002 VA-anlegg Fjellheim', '3 Per Olsen']) {
    const tr = () => page.locator('tr', { hasText: row }).first();
    await expect(tr().textContent()).resolves.toContain('bare navnet likner');
    await tr().getByRole('button', { name: 'Avgjør' }).click();
    // The form posts back to the same page: wait for the decided row, not for the address.
    await tr().getByRole('button', { name: 'Endre' }).waitFor({ timeout: STEP_MS });
  }
  // Solberg has two candidates: search 24SO's customers and pick the A/S one (as the README says).
  await chooseAnotherCandidate(
    page,
    { row: '10003 Solberg Eiendom AS', search: 'solberg', pick: '20423 Solberg Eiendom A/S' },
    STEP_MS,
  );
  expect(await count('undecided')).toBe(0);

  expect(JSON.stringify(await maskinState(broen)), 'written to 24SO before the confirmation').toBe(untouched);
  await page.getByRole('button', { name: 'Bekreft alle' }).click();
  await page.waitForURL(/innstillinger\?melding=avstemt/, { timeout: STEP_MS });
  const confirmed = (await page.getByRole('status').first().textContent()) ?? '';
  expect(confirmed).toContain('Avstemmingen er bekreftet');
  // Start date and product numbers still hold the switch back: the notice must not promise it.
  expect(confirmed).not.toContain('kan slås på');
  await expect(text(page, '.activation')).resolves.not.toContain('Avstem eksisterende poster');
  // The confirmation links; it writes nothing to 24SO either.
  expect(JSON.stringify(await maskinState(broen)), 'written to 24SO by the confirmation').toBe(untouched);
  return toCreate;
}

/** An ISO date `days` before today (local time, as the date picker shows it). */
function daysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Step 4a: the settings hours and invoicing need (start date, a work type per hour type, the
 * product numbers, a dimension per machine that 24SO has one for), then «Slå på integrasjonen».
 */
export async function setUpAndSwitchOn(page: Page): Promise<void> {
  // Four weeks back: the older demo hours stay behind with «før startdato».
  await page.getByLabel('Startdato (tidligste timer som overføres)').fill(daysAgo(28));
  const workTypes: [string, string][] = [
    ['MASK', 'Maskintimer (3)'],
    ['ORD', 'Ordinær (1)'],
    ['OT100', 'Overtid 50% (2)'],
    ['OT50', 'Overtid 50% (2)'],
    ['REISE', 'Reise (4)'],
  ];
  for (const [code, workType] of workTypes)
    await page.getByLabel(`Arbeidstype for ${code}`).selectOption({ label: workType });
  const products: [string, string][] = [
    ['Timelinjer', 'TIME'],
    ['Kjøring (km)', 'KM'],
    ['Bomring', 'BOM'],
    ['Andre utgifter', 'UTL'],
    ['Fritekstlinjer', 'FRI'],
  ];
  for (const [label, productNo] of products)
    await page.getByLabel(label, { exact: true }).selectOption(productNo);
  // The client has a «Maskin» dimension for four of the five machines (not DU-01).
  for (const machine of ['GM-01', 'GM-02', 'HL-01', 'LB-01']) {
    const select = page.getByLabel(`Dimensjon for ${machine}`);
    await select.selectOption(
      (await select.locator('option', { hasText: `(${machine})` }).getAttribute('value')) ?? '',
    );
  }
  await page.getByRole('button', { name: 'Lagre innstillingene' }).click();
  await page.waitForURL(/melding=lagret/, { timeout: STEP_MS });
  await expect(page.getByRole('status').first().textContent()).resolves.toBe('Innstillingene er lagret.');
  await expect(text(page, '.coverage')).resolves.toContain('Alle timetyper har en arbeidstype valgt');
  await expect(text(page, '.activation')).resolves.not.toContain('kan ikke slås på');
  await page.getByRole('button', { name: 'Slå på integrasjonen' }).click();
  await page.waitForURL(/melding=slatt-pa/, { timeout: STEP_MS });
  await expect(page.getByRole('status').first().textContent()).resolves.toBe('Integrasjonen er slått på.');
}

/**
 * Integrasjoner → Synkronisering → «Synkroniser alle» (under «Synkroniser nå»); follows the run
 * page, which refreshes itself, until it is done. Returns the run's «Opprettet» count.
 */
export async function syncNow(page: Page, appUrl: string): Promise<number> {
  await page.goto(`${appUrl}/integrasjoner`);
  await page.locator('main').getByRole('link', { name: 'Synkronisering' }).click();
  await page.waitForURL(/\/integrasjoner\/synkronisering$/);
  // Switched on, the dry run is not ticked: this one sends.
  await expect(page.getByLabel(/^Prøvekjøring/).isChecked()).resolves.toBe(false);
  await page.getByRole('button', { name: 'Synkroniser alle' }).click();
  await page.waitForURL(/\/synkronisering\/logg\/[0-9a-f-]+\?melding=startet$/, { timeout: STEP_MS });
  const detail = page.locator('#synk-detalj');
  await page.locator('#synk-detalj[data-live="false"]').waitFor({ timeout: STEP_MS });
  await expect(detail.locator('[data-run-state]').first().textContent()).resolves.toBe('ferdig');
  await expect(detail.locator('[data-count="failed"]').textContent()).resolves.toBe('0');
  await expect(text(page, '#synk-detalj')).resolves.toContain('Ingen poster feilet.');
  return Number(await detail.locator('[data-count="created"]').textContent());
}

/**
 * Step 4b: from the Integrasjoner card's «mangler kontakt-ID» group to Timer, narrowed to Jonas
 * Berg (no 24SO contact yet): his hour says why it waits and links to where it is fixed.
 */
export async function seeWhyAnHourWaits(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/integrasjoner`);
  await page.locator('.waiting-hours [data-rule="no-contact-id"] a').click();
  await page.waitForURL(/\/timer\?.*arsak=no-contact-id/);
  await page.getByLabel('Arbeider').selectOption({ label: '4 Jonas Berg' });
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.waitForURL(/arbeider=[0-9a-f-]+/);
  // The row names the reason in a few words; the sentence is the link's hover text.
  const reason = page
    .locator('#timer-tabell [data-rule="no-contact-id"]')
    .first()
    .getByRole('link', { name: 'Mangler kontakt-ID' });
  await expect(reason.getAttribute('title')).resolves.toBe(
    'Arbeideren Jonas Berg har ingen kontakt-ID fra 24SevenOffice. Legg inn kontakt-ID.',
  );
  await reason.click();
  await page.waitForURL(/\/arbeidere\/admin/);
}

/** Admin. arbeidere's «N godkjente timer venter på kobling» (0 when the notice is gone). */
async function hoursWaitingForContact(page: Page): Promise<number> {
  const notice = page.locator('[data-waiting-hours]');
  return (await notice.count()) === 0 ? 0 : Number(await notice.getAttribute('data-waiting-hours'));
}

/**
 * Step 5: Admin. arbeidere, where the reason's link led (narrowed to Jonas Berg): his contact is
 * picked from 24SO's list (his is «Lise Berg», 504). The whole list then shows Ola, Kari and Per
 * linked by the confirmed reconciliation. Returns how many approved hours stopped waiting for a
 * contact.
 */
export async function linkWorkers(page: Page): Promise<number> {
  const waitingBefore = await hoursWaitingForContact(page);
  expect(waitingBefore).toBeGreaterThan(0);
  // The list is the client's contacts read live; picking one puts its id in the field.
  const lise = page.locator('#kontakter-24so option', { hasText: 'Lise Berg' });
  const picked = (await lise.getAttribute('value')) ?? '';
  expect(picked).toBe('504');
  const jonas = () => page.locator('tr', { hasText: 'Jonas Berg' });
  await jonas().getByLabel('24SO kontakt-ID for Jonas Berg').fill(picked);
  await jonas().getByRole('button', { name: 'Lagre' }).click();
  // htmx swaps the row: wait for the new one.
  await jonas().getByRole('status').filter({ hasText: 'Lagret' }).waitFor({ timeout: STEP_MS });
  await expect(jonas().textContent()).resolves.toContain('Lise Berg (lise.berg@demomaskin.no)');

  await page
    .getByRole('navigation', { name: 'Hovedmeny' })
    .getByRole('link', { name: 'Admin. arbeidere' })
    .click();
  await page.waitForURL(/\/arbeidere\/admin$/);
  for (const [name, id] of [
    ['Ola Nordmann', '501'],
    ['Kari Hansen', '502'],
    ['Per Olsen', '503'],
    ['Jonas Berg', '504'],
  ])
    await expect(page.getByLabel(`24SO kontakt-ID for ${name}`).inputValue()).resolves.toBe(id);
  const waitingAfter = await hoursWaitingForContact(page);
  expect(waitingAfter).toBeLessThan(waitingBefore);
  return waitingBefore - waitingAfter;
}

/** What the attachment's order preview showed before the transfer. */
export interface Preview {
  lines: number;
  gross: string;
  reference: string;
}

/**
 * Step 6a: Prosjekter → 1001 → Fakturagrunnlag → the whole basis as an invoice attachment →
 * the order preview with its lines, totals and a machine's dimension (Eksporter nå first if
 * the customer or project is not in 24SO).
 */
export async function makeAttachment(page: Page): Promise<Preview> {
  await page
    .getByRole('navigation', { name: 'Hovedmeny' })
    .getByRole('link', { name: 'Prosjekter', exact: true })
    .click();
  await page.getByRole('link', { name: 'Boligfelt Nordvik, trinn 2' }).click();
  await page.getByRole('link', { name: 'Fakturagrunnlag' }).click();
  await page.waitForURL(/\/fakturagrunnlag$/);
  await page.getByLabel('Hele fakturagrunnlaget').check();
  await page.getByLabel('Deres referanse').fill('Jon Vik');
  await page.getByRole('button', { name: 'Lag fakturavedlegg' }).click();
  await page.waitForURL(/\/fakturavedlegg\/[^/?]+\?melding=opprettet$/, { timeout: STEP_MS });
  const exportNow = page.getByRole('button', { name: 'Eksporter nå' });
  if ((await exportNow.count()) > 0) {
    await exportNow.first().click();
    await page.locator('.notice', { hasText: 'Eksportert til 24SevenOffice' }).waitFor({ timeout: STEP_MS });
  }
  const preview = page.getByRole('region', { name: 'Forhåndsvisning av ordren' });
  await expect(preview.locator('#hindringer').count()).resolves.toBe(0);
  await expect(preview.textContent()).resolves.toContain('Deres referanse');
  // Vår referanse is the project manager, by name, with the 24SO employee the order will carry.
  await expect(preview.textContent()).resolves.toMatch(/Ola Nordmann \(ansatt \d+ i 24SevenOffice\)/);
  const gm01 = preview.locator('#ordrelinjer tbody tr', { hasText: 'GM-01' });
  await expect(gm01.textContent()).resolves.toContain('Maskin: GM-01 (Gravemaskin Volvo EC220)');
  // A machine 24SO has no dimension for arrives without one, and the preview says so.
  await expect(
    preview.locator('#ordrelinjer tbody tr', { hasText: 'DU-01' }).textContent(),
  ).resolves.toContain('uten dimensjon');
  const lines = await preview.locator('#ordrelinjer tbody tr').count();
  expect(lines).toBeGreaterThan(5);
  return {
    lines,
    gross: (await preview.locator('[data-sum="gross"]').textContent()) ?? '',
    reference: (await preview.locator('code').textContent()) ?? '',
  };
}

/** A sum as the two pages print it, without spaces or «kr»: «kr 389 402,50» → «389402,50». */
const bare = (s: string) => s.replace(/\s|kr/g, '');

/**
 * Step 6b: «Lag faktura (24SevenOffice)» clicked twice quickly, and once more on a tab opened
 * before it: the page follows the transfer to «Overført som ordre N», and every tab shows the
 * same order. Returns N.
 */
export async function transfer(page: Page): Promise<string> {
  const staleTab = await page.context().newPage();
  await staleTab.goto(page.url());
  await page.getByRole('button', { name: 'Lag faktura (24SevenOffice)' }).dblclick();
  const transferred = page.locator('#overfort');
  await transferred.waitFor({ timeout: STEP_MS });
  const said = (await transferred.textContent()) ?? '';
  expect(said).toContain('alt stemmer');
  const orderId = /Overført som ordre (\d+)/.exec(said)?.[1] ?? '';
  expect(orderId).not.toBe('');
  // The tab opened before the transfer still offers the button: its click changes nothing.
  await staleTab.getByRole('button', { name: 'Lag faktura (24SevenOffice)' }).click();
  await staleTab.locator('#overfort').waitFor({ timeout: STEP_MS });
  await expect(staleTab.locator('#overfort').textContent()).resolves.toContain(
    `Overført som ordre ${orderId}`,
  );
  await staleTab.close();
  await page.reload();
  await expect(page.locator('#overfort').textContent()).resolves.toContain(`Overført som ordre ${orderId}`);
  return orderId;
}

/**
 * Step 6c: the sandbox's web view, client «Demo Maskin AS», Ordreliste: the order with all the
 * preview's lines, its total, and the machine dimension on the GM-01 hour line.
 */
export async function findOrderInSandbox(
  page: Page,
  broen: Broen,
  orderId: string,
  preview: Preview,
): Promise<void> {
  await page.goto(broen.sandboxUrl);
  await page.getByRole('link', { name: 'Demo Maskin AS' }).first().click();
  const order = page.locator(`#ordre-${orderId}`);
  await order.waitFor({ timeout: STEP_MS });
  await expect(order.textContent()).resolves.toContain('Nordvik Bygg AS');
  expect(bare((await order.locator('td').last().textContent()) ?? '')).toBe(bare(preview.gross));
  const lines = page.locator(`#ordre-${orderId} + tr table.lines tbody tr`);
  await expect(lines.count()).resolves.toBe(preview.lines);
  await expect(lines.filter({ hasText: 'GM-01' }).first().textContent()).resolves.toContain(
    'Maskin: GM-01 (Gravemaskin Volvo EC220)',
  );
}
