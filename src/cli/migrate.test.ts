// Scenario: an operator follows the README's "On PostgreSQL" steps in a deploy job that has only
// DATABASE_URL: `broen migrate`, then `broen workspace create` and `broen token create` — none of
// them reads a stored 24SO password, so none may ask for BROEN_SECRET_KEY.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, TEST_PG_URL, withSchemaLock } from '../../test/databases.ts';
import { requireOrSkip } from '../../test/requirements.ts';

const BIN = fileURLToPath(new URL('../../bin/broen.js', import.meta.url));

describe('broen migrate and the account commands on PostgreSQL without BROEN_SECRET_KEY', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;

  it('migrates, creates a workspace and prints a token with nothing but DATABASE_URL', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'broen-migrate-cli-'));
    const { BROEN_SECRET_KEY: _key, BROEN_SECRET_KEY_OLD: _old, ...shell } = process.env;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        env: { ...shell, DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 120_000,
      });
    await withSchemaLock((admin) => admin.query(`create schema ${schema}`));
    try {
      // Each command runs the migrator, which must not meet another suite dropping its schema.
      const [migrate, workspace, token] = await withSchemaLock(async () => [
        run('migrate'),
        run('workspace', 'create', '--slug', 'nordvik', '--name', 'Nordvik Maskin AS'),
        run('token', 'create', '--workspace', 'nordvik'),
      ]);
      expect(migrate.stderr).toBe('');
      expect(migrate.status).toBe(0);
      expect(migrate.stdout).toMatch(/^Applied: 001-workspace, /);
      expect(workspace.status, workspace.stderr).toBe(0);
      expect(token.status, token.stderr).toBe(0);
      expect(token.stdout).toMatch(/^broen_[A-Za-z0-9_-]{43}\n$/);
      // Nothing was generated on the side: the key stays the operator's to set for `serve`.
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      await withSchemaLock((admin) => admin.query(`drop schema ${schema} cascade`));
    }
  }, 240_000);
});
