// Scenario: an office admin walks away from a shared site PC; the session ends after two idle
// hours, while steady use keeps it open for the working day and never past twelve hours.
import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const HOUR = 60 * 60 * 1000;
const SECOND = 1000;

describeEachDatabase('web sessions: idle timeout and absolute lifetime', (getDb) => {
  let now = new Date('2026-03-10T06:00:00Z');
  let h: UiHarness;

  beforeAll(async () => {
    h = await createUiHarness(getDb(), { clock: () => now });
  });

  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const opens = async (client: UiClient) => (await client.get('/kunder')).status === 200;
  const storedExpiry = async (client: UiClient) => {
    const id = (client.cookie ?? '').split('=')[1];
    const hash = createHash('sha256').update(id).digest('hex');
    const row = await getDb()
      .selectFrom('web_sessions')
      .select('expires_at')
      .where('id_hash', '=', hash)
      .executeTakeFirstOrThrow();
    return row.expires_at;
  };

  it('ends a session left unused for two hours, sending the user to the login page', async () => {
    const client = await h.login();
    later(HOUR + 50 * 60 * SECOND);
    expect(await opens(client)).toBe(true);
    later(2 * HOUR + SECOND);
    const res = await client.get('/kunder');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/logg-inn?neste=${encodeURIComponent('/kunder')}`);
  });

  it('keeps a session in steady use open through the working day, and ends it after 12 hours', async () => {
    later(24 * HOUR);
    const client = await h.login();
    for (let step = 1; step <= 7; step += 1) {
      later(90 * 60 * SECOND);
      expect(await opens(client)).toBe(true);
    }
    later(90 * 60 * SECOND - 2 * SECOND);
    expect(await opens(client)).toBe(true);
    later(3 * SECOND);
    expect(await opens(client)).toBe(false);
  });

  it('moves the stored expiry forward at most once a minute, not on every page view', async () => {
    later(24 * HOUR);
    const client = await h.login();
    const loggedInAt = now.getTime();
    const atLogin = await storedExpiry(client);
    expect(atLogin).toBe(new Date(loggedInAt + 2 * HOUR).toISOString());
    later(30 * SECOND);
    expect(await opens(client)).toBe(true);
    expect(await storedExpiry(client)).toBe(atLogin);
    later(31 * SECOND);
    expect(await opens(client)).toBe(true);
    expect(await storedExpiry(client)).toBe(new Date(loggedInAt + 61 * SECOND + 2 * HOUR).toISOString());
    later(20 * SECOND);
    expect(await opens(client)).toBe(true);
    expect(await storedExpiry(client)).toBe(new Date(loggedInAt + 61 * SECOND + 2 * HOUR).toISOString());
  });
});
