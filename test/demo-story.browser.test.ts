// Scenario: a new user walks the product's story (shared/product.md, "The story a new user should
// be able to walk, in the browser") against the real `npm start` process: logs in to the demo
// workspace, connects 24SevenOffice (the built-in sandbox), reconciles the existing 24SO records
// without writing anything, sets up hours and switches on, syncs and sees why an hour waits,
// links a worker to his 24SO contact and sees his hours go, and turns project 1001's invoice
// basis into exactly one order in the sandbox's Ordreliste — then stops Broen with SIGTERM.
import { rmSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageProblems } from '../src/http/ui/browser-test-support.ts';
import { type Broen, maskinState, STEP_MS, startBroen } from './demo-story-process.ts';
import {
  connect24SevenOffice,
  findOrderInSandbox,
  linkWorkers,
  logIn,
  makeAttachment,
  reconcile,
  seeWhyAnHourWaits,
  setUpAndSwitchOn,
  syncNow,
  transfer,
} from './demo-story-steps.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, requireOrSkip } from './requirements.ts';

describe('the demo story, walked in headless Chromium against `broen start`', async () => {
  if (!(await requireOrSkip('Chromium', chromiumAvailable))) return;

  let broen: Broen | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    broen = await startBroen();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    // Only when the test failed before its own SIGTERM: never leave the child running.
    if (broen && broen.child.exitCode === null && broen.child.signalCode === null) {
      broen.child.kill('SIGKILL');
      await broen.exit;
    }
    if (broen) rmSync(broen.dataDir, { recursive: true, force: true });
  });

  it('from login to one order in the Ordreliste, then a clean stop', async () => {
    if (!broen || !browser) throw new Error('not started');
    const b = broen;
    // One browser profile for the user (the stale tab in step 6 shares its login).
    const context = await browser.newContext();
    // Room for a busy two-core machine on every action and navigation (Playwright's own is 30 s).
    context.setDefaultTimeout(STEP_MS);
    const page: Page = await context.newPage();
    // Every page on the way, Broen's and the sandbox's: no script error, no failed load.
    const problems = pageProblems(page, { console: true });
    try {
      // 1. The printed address, the printed demo login.
      await logIn(page, b);

      // 2. Integrasjoner → 24SevenOffice → sandbox user → «Demo Maskin AS» → Lagre.
      await connect24SevenOffice(page);

      // 3. Avstemming: the proposal, the decisions, Bekreft alle — nothing written to 24SO.
      const proposedToCreate = await reconcile(page, b);

      // 4. What hours need, switched on, «Synkroniser nå»: the proposal's new records and the
      //    ready hours arrive in 24SO, each exactly once; a waiting hour says why.
      const before = await maskinState(b);
      await setUpAndSwitchOn(page);
      const created = await syncNow(page, b.appUrl);
      const after = await maskinState(b);
      const newRecords =
        after.companies.length +
        after.projects.length +
        after.products.length -
        (before.companies.length + before.projects.length + before.products.length);
      expect(newRecords).toBe(proposedToCreate);
      const hoursSent = after.hours.length - before.hours.length;
      expect(hoursSent).toBeGreaterThan(0);
      expect(created).toBe(proposedToCreate + hoursSent);
      // The customers the reconciliation linked were updated, not made again.
      expect(after.companies.filter((c) => c.Name === 'Nordvik Bygg AS')).toHaveLength(1);
      await seeWhyAnHourWaits(page, b.appUrl);

      // 5. Admin. arbeidere: Jonas Berg gets his contact; the next sync sends the hours that
      //    waited only for it.
      const released = await linkWorkers(page);
      await syncNow(page, b.appUrl);
      expect((await maskinState(b)).hours.length).toBe(after.hours.length + released);

      // 6. Project 1001 → Fakturagrunnlag → fakturavedlegg → preview → «Lag faktura» (twice,
      //    and from a stale tab) → one order, found in the sandbox's Ordreliste.
      const ordersBefore = (await maskinState(b)).orders.length;
      const preview = await makeAttachment(page);
      const orderId = await transfer(page);
      const orders = (await maskinState(b)).orders;
      expect(orders).toHaveLength(ordersBefore + 1);
      expect(orders.filter((o) => o.ReferenceNumber === preview.reference)).toHaveLength(1);
      await findOrderInSandbox(page, b, orderId, preview);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }

    // Stopped as an operator stops it: SIGTERM, a graceful exit with code 0.
    b.child.kill('SIGTERM');
    expect(await b.exit, b.output()).toEqual({ code: 0, signal: null });
  }, 600_000);
});
