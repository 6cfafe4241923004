// Scenario: when something breaks on the server the admin sees a calm Norwegian page, never a stack trace.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/databases.ts';
import { createUiHarness, type UiClient, type UiHarness } from './test-harness.ts';

describe('web UI error pages', () => {
  let h: UiHarness;
  let client: UiClient;
  beforeAll(async () => {
    const t = await createTestDatabase('sqlite');
    h = await createUiHarness(t.db);
    client = await h.login();
    return () => t.destroy();
  });

  it('renders a Norwegian 500 page inside the normal frame when a page fails unexpectedly', async () => {
    await sql`drop table products`.execute(h.deps.db);
    const res = await client.get('/varelager');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('<h1>Noe gikk galt</h1>');
    expect(res.text).toContain('Det oppstod en feil på serveren. Prøv igjen om litt.');
    expect(res.text).toContain('Logg ut');
    expect(res.text).not.toMatch(/no such table|SqliteError|at .*\.ts:\d+/);
  });
});
