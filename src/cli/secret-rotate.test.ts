// Scenario: an operator sets a new BROEN_SECRET_KEY with the old one in BROEN_SECRET_KEY_OLD
// and runs `npx broen secret rotate`; the stored 24SO password is then sealed with the new key.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { keyIdOf, openSecret, sealSecret } from '../integration/credentials.ts';

describe('npx broen secret rotate (the real command, SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-rotate-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const run = (keys: { current: Buffer; old?: Buffer }) =>
    spawnSync(process.execPath, ['bin/broen.js', 'secret', 'rotate'], {
      env: {
        ...env,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        BROEN_SECRET_KEY: keys.current.toString('base64'),
        ...(keys.old ? { BROEN_SECRET_KEY_OLD: keys.old.toString('base64') } : {}),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('re-seals with the new key, and exits 1 naming what to do when the old key is missing', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const db = openDatabase({ dataDir });
    await migrateToLatest(db);
    const at = new Date().toISOString();
    await db
      .insertInto('workspaces')
      .values({ id: 'w-rot', slug: 'rot', name: 'Rot AS', created_at: at })
      .execute();
    const sealed = sealSecret(oldKey, 'w-rot', 'hemmelig-24so');
    await db
      .insertInto('integration_connections')
      .values({
        workspace_id: 'w-rot',
        username: 'api@rot.no',
        password_blob: sealed.blob,
        key_id: sealed.keyId,
        identity_id: 'id-1',
        client_name: 'Rot AS',
        state: 'connected',
        last_checked_at: at,
        last_error: null,
        failure_streak: 0,
        failing_since: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.destroy();

    const withoutOld = run({ current: newKey });
    expect(withoutOld.status).toBe(1);
    expect(withoutOld.stderr).toContain('BROEN_SECRET_KEY_OLD');

    const ok = run({ current: newKey, old: oldKey });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Rotasjonen er ferdig');
    const check = openDatabase({ dataDir });
    const row = await check
      .selectFrom('integration_connections')
      .selectAll()
      .where('workspace_id', '=', 'w-rot')
      .executeTakeFirstOrThrow();
    await check.destroy();
    expect(row.key_id).toBe(keyIdOf(newKey));
    expect(openSecret(newKey, 'w-rot', row.password_blob)).toBe('hemmelig-24so');
  });
});
