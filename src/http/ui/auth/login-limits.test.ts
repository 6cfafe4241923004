// Scenario: a password guesser spreads attempts over two Broen processes and many addresses;
// the limits live in the shared database and hold across all of them.
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { createUiHarness, TEST_PASSWORD, type UiHarness } from '../test-harness.ts';
import { createLoginUser, postLogin } from './login-test-support.ts';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

describeEachDatabase('web login limits shared through the database', (getDb) => {
  let now = new Date('2026-03-10T08:00:00Z');
  const clock = () => now;
  let first: UiHarness;
  let second: Hono;

  beforeAll(async () => {
    first = await createUiHarness(getDb(), { clock });
    // A second process: its own app (and limiter object) on the same database.
    second = (await createUiHarness(getDb(), { clock })).app;
  });

  /** A fresh user, and the clock moved on so earlier tests' failures are out of the window. */
  async function freshUser(): Promise<string> {
    now = new Date(now.getTime() + HOUR);
    return createLoginUser(getDb(), first.workspace.id);
  }

  /** A login form posted from a given client address, as the Node server would see it. */
  const attempt = (app: Hono, email: string, password: string, ip: string) =>
    postLogin(app, email, password, ip);

  it('counts failures from one address in both processes together: the sixth is refused in each', async () => {
    const email = await freshUser();
    for (const app of [first.app, second, first.app, second, first.app]) {
      expect((await attempt(app, email, 'gjetning', '10.1.0.1')).status).toBe(401);
    }
    for (const app of [first.app, second]) {
      const refused = await attempt(app, email, TEST_PASSWORD, '10.1.0.1');
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen.');
      expect(refused.cookie).toBeNull();
    }
    now = new Date(now.getTime() + 15 * MINUTE + 1000);
    expect((await attempt(second, email, TEST_PASSWORD, '10.1.0.1')).status).toBe(303);
  });

  it('counts simultaneous guesses before answering any: of twelve at once on two processes, five are tried', async () => {
    const email = await freshUser();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        attempt(i % 2 ? first.app : second, email, 'gjetning', '10.9.0.1'),
      ),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
    // The right password is refused too while the block holds.
    expect((await attempt(first.app, email, TEST_PASSWORD, '10.9.0.1')).status).toBe(429);
  });

  it('closes an e-mail tried from many addresses after 20 failures, for every address, saying how long', async () => {
    const email = await freshUser();
    for (let i = 0; i < 20; i += 1) {
      const app = i % 2 === 0 ? first.app : second;
      expect((await attempt(app, email, `gjetning-${i}`, `10.2.0.${i}`)).status).toBe(401);
    }
    const refused = await attempt(first.app, email, TEST_PASSWORD, '10.2.1.1');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(
      'For mange mislykkede innlogginger for denne e-postadressen fra flere steder. Vent 15 minutter og prøv igjen.',
    );
    expect(refused.cookie).toBeNull();
    // Another account from the same address is not affected.
    expect((await attempt(second, first.email, TEST_PASSWORD, '10.2.1.1')).status).toBe(303);
    now = new Date(now.getTime() + 10 * MINUTE);
    expect((await attempt(second, email, TEST_PASSWORD, '10.2.1.2')).text).toContain(
      'fra flere steder. Vent 5 minutter og prøv igjen.',
    );
    now = new Date(now.getTime() + 5 * MINUTE + 1000);
    expect((await attempt(second, email, TEST_PASSWORD, '10.2.1.2')).status).toBe(303);
  });

  it('treats an unknown e-mail like a real one, so the limit does not reveal which accounts exist', async () => {
    const email = await freshUser();
    const unknown = `finnes-ikke-${randomBytes(4).toString('hex')}@test.no`;
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(first.app, unknown, 'gjetning', '10.3.0.1')).status).toBe(401);
      expect((await attempt(first.app, email, 'gjetning', '10.3.0.1')).status).toBe(401);
    }
    const forUnknown = await attempt(second, unknown, 'gjetning', '10.3.0.1');
    const forReal = await attempt(second, email, 'gjetning', '10.3.0.1');
    expect(forUnknown.status).toBe(429);
    expect(forReal.status).toBe(429);
    expect(forUnknown.text.replace(unknown, '')).toBe(forReal.text.replace(email, ''));
  });

  it("clears an address's failures on a successful login, but not the failures from other addresses", async () => {
    const email = await freshUser();
    for (let i = 0; i < 15; i += 1) await attempt(second, email, 'gjetning', `10.4.0.${i}`);
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 4; i += 1) {
        expect((await attempt(first.app, email, 'gjetning', '10.4.1.1')).status).toBe(401);
      }
      // Without clearing, the second round's success would be the ninth attempt from 10.4.1.1.
      expect((await attempt(first.app, email, TEST_PASSWORD, '10.4.1.1')).status).toBe(303);
    }
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(second, email, 'gjetning', '10.4.2.1')).status).toBe(401);
    }
    // 15 + 5 failures from other addresses: the account limit holds even for 10.4.1.1.
    const refused = await attempt(first.app, email, TEST_PASSWORD, '10.4.1.1');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('fra flere steder');
  }, 60_000); // about thirty password checks, on a busy machine

  it('purges failures that have left the window as new ones arrive', async () => {
    const email = await freshUser();
    for (let i = 0; i < 3; i += 1) await attempt(first.app, email, 'gjetning', '10.5.0.1');
    now = new Date(now.getTime() + 16 * MINUTE);
    await attempt(second, email, 'gjetning', '10.5.0.2');
    const rows = await getDb().selectFrom('login_failures').select(['email', 'ip', 'failed_at']).execute();
    expect(rows).toEqual([{ email, ip: '10.5.0.2', failed_at: now.toISOString() }]);
  });
});
