// Scenario: an operator onboards a second company from the shell: `broen workspace create`, then
// `broen user create`, which prints a one-time link; the new user chooses a password there and
// sees only their own company's data. No password ever goes on the command line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { createCustomer, listCustomers } from '../workspace/customers.ts';
import { findSetPasswordToken, setPasswordWithToken } from '../workspace/user-accounts.ts';
import { verifyUserLogin } from '../workspace/users.ts';
import { createUserFromCli, createWorkspaceFromCli, linkBase } from './accounts.ts';
import { UnknownWorkspaceError } from './token-db.ts';

const unique = () => Math.random().toString(36).slice(2, 8);

describeEachDatabase('workspace create and user create', (getDb) => {
  it('onboards a company whose user sets a password through the link and sees only its data', async () => {
    const db = getDb();
    const slug = `nordvik-${unique()}`;
    const ws = await createWorkspaceFromCli(db, { slug, name: 'Nordvik Maskin AS' });
    const other = await createWorkspaceFromCli(db, { slug: `sor-${unique()}`, name: 'Sør Graving AS' });
    await createCustomer(db, other.id, { name: 'Sørs kunde AS' });
    await createCustomer(db, ws.id, { name: 'Nordviks kunde AS' });

    const email = `kari-${unique()}@nordvik.no`;
    const { link } = await createUserFromCli(db, {
      workspace: slug,
      email: email.toUpperCase(),
      name: 'Kari Nordvik',
      baseUrl: 'https://broen.example.no/',
    });
    expect(link).toMatch(/^https:\/\/broen\.example\.no\/sett-passord\/[A-Za-z0-9_-]{43}$/);
    const token = link.split('/').pop() ?? '';
    expect(await findSetPasswordToken(db, token)).toMatchObject({ email });
    expect(await verifyUserLogin(db, email, '!')).toBeUndefined();
    await setPasswordWithToken(db, token, 'kari-sitt-passord');
    const user = await verifyUserLogin(db, email, 'kari-sitt-passord');
    expect(user?.workspaceId).toBe(ws.id);
    const visible = await listCustomers(db, ws.id, {}, { limit: 50 });
    expect(visible.items.map((c) => c.name)).toEqual(['Nordviks kunde AS']);
    await expect(setPasswordWithToken(db, token, 'igjen-passord')).rejects.toThrow(
      /ugyldig, brukt eller utløpt/,
    );
  });

  it('refuses a taken slug, a bad slug, an unknown workspace and a taken e-mail, in Norwegian', async () => {
    const db = getDb();
    const slug = `dup-${unique()}`;
    await createWorkspaceFromCli(db, { slug, name: 'Først AS' });
    await expect(createWorkspaceFromCli(db, { slug, name: 'Sist AS' })).rejects.toThrow(
      `Kortnavnet «${slug}» er allerede i bruk. (--slug)`,
    );
    await expect(createWorkspaceFromCli(db, { slug: 'Store Bokstaver', name: 'X AS' })).rejects.toThrow(
      /--slug/,
    );
    await expect(
      createUserFromCli(db, { workspace: 'finnes-ikke', email: 'a@b.no', name: 'A', baseUrl: 'http://x' }),
    ).rejects.toBeInstanceOf(UnknownWorkspaceError);
    const email = `dup-${unique()}@test.no`;
    await createUserFromCli(db, { workspace: slug, email, name: 'A', baseUrl: 'http://x' });
    await expect(
      createUserFromCli(db, { workspace: slug, email, name: 'B', baseUrl: 'http://x' }),
    ).rejects.toThrow(/allerede en bruker med e-post.*\(--email\)/);
  });
});

describe('npx broen workspace create / user create (the real commands)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-accounts-cli-'));
  const { DATABASE_URL: _ignored, PUBLIC_URL: _alsoIgnored, ...env } = process.env;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/broen.js', ...args], {
      env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '3999', HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  // Two real processes (each boots Node and applies migrations): generous time on a busy machine.
  it('creates a workspace and a user and prints only a one-time link', { timeout: 90_000 }, async () => {
    const ws = run('workspace', 'create', '--slug', 'fjord', '--name', 'Fjord Bygg AS');
    expect(ws.status, ws.stderr).toBe(0);
    expect(ws.stdout).toContain('fjord');

    const user = run(
      'user',
      'create',
      '--workspace',
      'fjord',
      '--email',
      'per@fjord.no',
      '--name',
      'Per Fjord',
    );
    expect(user.status, user.stderr).toBe(0);
    const link = /http:\/\/127\.0\.0\.1:3999\/sett-passord\/[A-Za-z0-9_-]{43}/.exec(user.stdout)?.[0];
    expect(link).toBeTruthy();

    const db = openDatabase({ dataDir });
    try {
      expect(await findSetPasswordToken(db, link?.split('/').pop() ?? '')).toMatchObject({
        email: 'per@fjord.no',
      });
    } finally {
      await db.destroy();
    }
  });
});

describe('the address of the one-time link', () => {
  it('is --url, else PUBLIC_URL, else where serve listens', () => {
    expect(
      linkBase({ url: 'https://a.no', publicUrl: 'https://b.no', host: '127.0.0.1', port: 3000 }),
    ).toEqual({
      baseUrl: 'https://a.no',
    });
    expect(linkBase({ publicUrl: 'https://b.no', host: '0.0.0.0', port: 3000 })).toEqual({
      baseUrl: 'https://b.no',
    });
    expect(linkBase({ host: '10.0.0.5', port: 3000 })).toEqual({ baseUrl: 'http://10.0.0.5:3000' });
  });

  it("is never 0.0.0.0, which opens nothing on a colleague's machine: the machine's name, and a note to set PUBLIC_URL", () => {
    for (const host of ['0.0.0.0', '::']) {
      const { baseUrl, note } = linkBase({ host, port: 3000 });
      expect(baseUrl).toBe(`http://${hostname()}:3000`);
      expect(note).toContain('Sett PUBLIC_URL');
    }
  });
});
