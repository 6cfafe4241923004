// Scenario: a developer runs the demo and, in the same browser, opens a hostile web page. The
// page must not be able to reset or reconfigure the sandbox; and another user on the machine
// must not be able to read the sandbox users' passwords, the database or the secret key.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { StateWriter } from './persistence.ts';
import { buildSeed } from './seed.ts';
import { createSandbox } from './server.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const parent = mkdtempSync(join(tmpdir(), 'broen-modes-'));
  dirs.push(parent);
  return join(parent, 'data');
};
const mode = (path: string) => statSync(path).mode & 0o777;

describe('sandbox control API', () => {
  const clientCount = (sandbox: ReturnType<typeof createSandbox>) =>
    sandbox.state.clients[0].companies.length;

  it('refuses a reset from a foreign origin, even as JSON', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    const before = clientCount(sandbox);
    const res = await sandbox.fetch('http://127.0.0.1:7324/_sandbox/reset', {
      method: 'POST',
      headers: { origin: 'https://ondsinnet.example', 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'empty' }),
    });
    expect(res.status).toBe(403);
    expect(clientCount(sandbox)).toBe(before);
  });

  it('refuses a text/plain reset (what a cross-site form or simple fetch sends)', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    const before = clientCount(sandbox);
    const res = await sandbox.fetch('http://127.0.0.1:7324/_sandbox/reset', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ seed: 'empty' }),
    });
    expect(res.status).toBe(415);
    const faults = await sandbox.fetch('http://127.0.0.1:7324/_sandbox/faults', {
      method: 'PUT',
      body: JSON.stringify({ failRate: 1 }),
    });
    expect(faults.status).toBe(415);
    expect(clientCount(sandbox)).toBe(before);
  });

  it('accepts JSON from its own origin or from a client that sends none', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    const own = await sandbox.fetch('http://127.0.0.1:7324/_sandbox/reset', {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:7324', 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'empty' }),
    });
    expect(own.status).toBe(200);
    expect(clientCount(sandbox)).toBe(0);
  });
});

describe('data files are readable by the owner only', () => {
  it('creates the data directory 0700 and the SQLite file and its WAL 0600', async () => {
    const dir = freshDir();
    const db = openDatabase({ dataDir: dir });
    try {
      await sql`create table t (x integer)`.execute(db);
      await sql`insert into t values (1)`.execute(db);
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(dir, 'broen.sqlite'))).toBe(0o600);
      expect(mode(join(dir, 'broen.sqlite-wal'))).toBe(0o600);
      expect(mode(join(dir, 'broen.sqlite-shm'))).toBe(0o600);
    } finally {
      await db.destroy();
    }
  });

  it("writes sandbox.json (with its users' passwords) and secret.key 0600", () => {
    const dir = freshDir();
    const writer = new StateWriter(dir);
    writer.schedule(() => buildSeed('demo'));
    writer.flush();
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'sandbox.json'))).toBe(0o600);
    const keyDir = freshDir();
    loadConfig({ DATA_DIR: keyDir, LOG_LEVEL: 'silent' }, { demo: true });
    expect(mode(keyDir)).toBe(0o700);
    expect(mode(join(keyDir, 'secret.key'))).toBe(0o600);
  });
});
