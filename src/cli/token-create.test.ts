import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { authenticateApiToken } from '../workspace/api-tokens.ts';
import { createTokenForWorkspace, UnknownWorkspaceError } from './token-create.ts';

// Scenario: an operator runs `npx broen token create --workspace demo` and pastes the printed
// token into the payroll tool; a mistyped slug gets a clear message and exit code 1.

const clock = () => new Date('2025-03-14T09:30:00Z');

describeEachDatabase('token create', (getDb) => {
  it('makes a token that authenticates as that workspace', async () => {
    const db = getDb();
    await db
      .insertInto('workspaces')
      .values({ id: 'w-tc', slug: 'tc-demo', name: 'Demo', created_at: '2025-01-01' })
      .execute();
    const token = await createTokenForWorkspace(db, clock, 'tc-demo', 'lønn');
    expect(await authenticateApiToken(db, clock, token)).toMatchObject({
      workspaceId: 'w-tc',
      tokenName: 'lønn',
    });
  });

  it('refuses an unknown slug', async () => {
    await expect(createTokenForWorkspace(getDb(), clock, 'finnes-ikke', 'cli')).rejects.toBeInstanceOf(
      UnknownWorkspaceError,
    );
  });
});

describe('npx broen token create (the real command)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-token-cli-'));
  // The embedded SQLite store: no DATABASE_URL, whatever the calling shell has.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/broen.js', 'token', 'create', ...args], {
      env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints only the token, and exits 1 with a Norwegian message for an unknown slug', async () => {
    const missing = run('--workspace', 'finnes-ikke');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('Fant ikke arbeidsområdet «finnes-ikke»');

    // The first run migrated the file; add a workspace the way a seed would.
    const db = openDatabase({ dataDir });
    await migrateToLatest(db);
    await db
      .insertInto('workspaces')
      .values({ id: 'w-cli', slug: 'cli', name: 'CLI AS', created_at: '2025-01-01' })
      .execute();
    await db.destroy();

    const ok = run('--workspace', 'cli', '--name', 'lønn');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^broen_[A-Za-z0-9_-]{43}\n$/);
    const check = openDatabase({ dataDir });
    expect(await authenticateApiToken(check, clock, ok.stdout.trim())).toMatchObject({
      workspaceId: 'w-cli',
    });
    await check.destroy();
  });
});
