import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { authenticateApiToken, createApiToken, getApiToken } from '../workspace/api-tokens.ts';
import { UnknownWorkspaceError } from './token-db.ts';
import { revokeTokenOfWorkspace, UnknownTokenError } from './token-revoke.ts';

// Scenario: a payroll tool's token leaked; the operator runs
// `npx broen token revoke --workspace demo --id …` and the token stops working at once.
// A mistyped id or slug gets a clear message and exit code 1; running it twice does no harm.

const clock = () => new Date('2025-03-14T09:30:00Z');
const later = () => new Date('2025-03-20T12:00:00Z');

describeEachDatabase('token revoke', (getDb) => {
  it('revokes the token (401 after), and a second run keeps it revoked and says so', async () => {
    const db = getDb();
    await db
      .insertInto('workspaces')
      .values({ id: 'w-tr', slug: 'tr-demo', name: 'Demo', created_at: '2025-01-01' })
      .execute();
    const created = await createApiToken(db, clock, { workspaceId: 'w-tr', name: 'lønn' });

    expect(await revokeTokenOfWorkspace(db, clock, 'tr-demo', created.id)).toBe(
      `API-tokenet «lønn» (${created.id}) er tilbakekalt. Kall med det får nå 401.`,
    );
    expect(await authenticateApiToken(db, clock, created.token)).toBeUndefined();

    expect(await revokeTokenOfWorkspace(db, later, 'tr-demo', created.id)).toContain(
      'var allerede tilbakekalt',
    );
    expect((await getApiToken(db, 'w-tr', created.id))?.revokedAt).toBe('2025-03-14T09:30:00.000Z');
  });

  it("refuses an unknown id and another workspace's token, which keeps working", async () => {
    const db = getDb();
    await db
      .insertInto('workspaces')
      .values([
        { id: 'w-tr-a', slug: 'tr-a', name: 'A', created_at: '2025-01-01' },
        { id: 'w-tr-b', slug: 'tr-b', name: 'B', created_at: '2025-01-01' },
      ])
      .execute();
    const ofA = await createApiToken(db, clock, { workspaceId: 'w-tr-a', name: 'a-sitt' });
    await expect(revokeTokenOfWorkspace(db, clock, 'tr-b', ofA.id)).rejects.toBeInstanceOf(UnknownTokenError);
    await expect(revokeTokenOfWorkspace(db, clock, 'tr-b', 'ikke-en-id')).rejects.toThrow(
      'Fant ingen API-token med id «ikke-en-id» i arbeidsområdet «tr-b».',
    );
    await expect(revokeTokenOfWorkspace(db, clock, 'finnes-ikke', ofA.id)).rejects.toBeInstanceOf(
      UnknownWorkspaceError,
    );
    expect(await authenticateApiToken(db, clock, ofA.token)).toMatchObject({ workspaceId: 'w-tr-a' });
  });
});

describe('npx broen token list / revoke (the real commands)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-token-revoke-cli-'));
  // The embedded SQLite store: no DATABASE_URL, whatever the calling shell has.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/broen.js', 'token', ...args], {
      env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('lists without the secret, revokes, and exits 1 in Norwegian for an unknown workspace or id', async () => {
    const db = openDatabase({ dataDir });
    await migrateToLatest(db);
    await db
      .insertInto('workspaces')
      .values({ id: 'w-cli-r', slug: 'cli-r', name: 'CLI AS', created_at: '2025-01-01' })
      .execute();
    const created = await createApiToken(db, clock, { workspaceId: 'w-cli-r', name: 'lønn' });
    await db.destroy();

    const listed = run('list', '--workspace', 'cli-r');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(created.id);
    expect(listed.stdout).toMatch(/lønn\s+\S+\s+2025-03-14T09:30:00Z\s+-\s+-\n$/);
    expect(listed.stdout).not.toContain(created.token);

    const unknownWorkspace = run('list', '--workspace', 'finnes-ikke');
    expect(unknownWorkspace.status).toBe(1);
    expect(unknownWorkspace.stderr).toContain('Fant ikke arbeidsområdet «finnes-ikke»');

    const unknownId = run('revoke', '--workspace', 'cli-r', '--id', 'feil-id');
    expect(unknownId.status).toBe(1);
    expect(unknownId.stderr).toContain('Fant ingen API-token med id «feil-id» i arbeidsområdet «cli-r»');

    const revoked = run('revoke', '--workspace', 'cli-r', '--id', created.id);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('er tilbakekalt');
    const again = run('revoke', '--workspace', 'cli-r', '--id', created.id);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('var allerede tilbakekalt');

    const check = openDatabase({ dataDir });
    expect(await authenticateApiToken(check, clock, created.token)).toBeUndefined();
    await check.destroy();
  }, 120_000); // five real CLI runs, each allowed a minute on a busy machine
});
