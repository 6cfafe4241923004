// Scenario: `broen sync` is killed with SIGKILL in the middle of exporting customers while 24SO is slow; a second `broen sync` takes the run over and finishes it, and 24SO holds every customer exactly once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSyncCommand } from '../src/cli/sync.ts';
import { SANDBOX_APPLICATION_ID } from '../src/config/config.ts';
import { createLogger } from '../src/config/logger.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { getRecords } from '../src/integration/sync/records.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { createCustomer } from '../src/workspace/customers.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));

describe('broen sync killed mid-run (child process, SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-sync-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a dry run without writing, and exits 1 naming a record 24SO refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broen-sync-cli-'));
    const sandbox = await startSandboxServer({
      port: 0,
      host: '127.0.0.1',
      seed: 'empty',
      logger: createLogger('silent'),
    });
    const secret = randomBytes(32);
    const db = openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(db);
      const clock = () => new Date();
      const ws = await createWorkspace(db, { slug: 'cli-test', name: 'CLI Test AS' }, clock);
      const connection = sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret });
      await connectToSandbox(connection, ws.id);
      await createCustomer(db, ws.id, { name: 'God AS', orgNumber: '923456783' });
      const bad = await createCustomer(db, ws.id, { name: 'Feil AS' });
      await db.updateTable('customers').set({ org_number: '923456784' }).where('id', '=', bad.id).execute();
      const env: Record<string, string | undefined> = {
        ...process.env,
        DATA_DIR: dir,
        BROEN_SECRET_KEY: secret.toString('base64'),
        TWENTYFOUR_BASE_URL: sandbox.url,
        TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
        LOG_LEVEL: 'warn',
      };
      delete env.DATABASE_URL;
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'sync', '--workspace', 'cli-test', ...args], {
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          child.stdout?.on('data', (c: Buffer) => {
            out += c.toString();
          });
          child.stderr?.on('data', (c: Buffer) => {
            out += c.toString();
          });
          child.once('exit', (code) => resolve({ code, out }));
        });
      const state = async () =>
        (
          (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
            clients: { companies: unknown[] }[];
          }
        ).clients.flatMap((c) => c.companies);

      const dry = await run(['--dry-run']);
      expect(dry.code, dry.out).toBe(0);
      expect(dry.out).toContain('prøvekjøring');
      expect(dry.out).toMatch(/ferdig: opprettet 2,/);
      expect(await state()).toHaveLength(0);

      const real = await run(['--entity', 'customers']);
      expect(real.code, real.out).toBe(1);
      expect(real.out).toMatch(/ferdig: opprettet 1, .* feilet 1/);
      expect(real.out).toContain('feilet: 10002 Feil AS: Organisasjonsnummeret er ugyldig i 24SevenOffice.');
      expect(await state()).toHaveLength(1);

      // An unknown kind is told before anything is opened (in-process: no need for a third child).
      const errors: string[] = [];
      const original = console.error;
      console.error = (message: string) => errors.push(message);
      try {
        expect(await runSyncCommand({ workspace: 'cli-test', entity: 'timer' })).toBe(1);
      } finally {
        console.error = original;
      }
      expect(errors.join('\n')).toContain('Ukjent --entity «timer»');
    } finally {
      await db.destroy();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('resumes after SIGKILL and leaves each customer once in 24SO', async () => {
    const sandbox = await startSandboxServer({
      port: 0,
      host: '127.0.0.1',
      seed: 'empty',
      logger: createLogger('silent'),
    });
    const secret = randomBytes(32);
    const db = openDatabase({ dataDir });
    try {
      await migrateToLatest(db);
      const clock = () => new Date();
      const ws = await createWorkspace(db, { slug: 'kill-test', name: 'Kill Test AS' }, clock);
      const connection = sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret });
      await connectToSandbox(connection, ws.id);
      const customers = [];
      for (let i = 0; i < 200; i++)
        customers.push(await createCustomer(db, ws.id, { name: `Kunde ${i} AS` }));

      // Slow answers: each batch of 10 takes a while, so the kill lands between and inside writes.
      await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: 60 }),
      });
      const env = {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        BROEN_SECRET_KEY: secret.toString('base64'),
        TWENTYFOUR_BASE_URL: sandbox.url,
        TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
        BROEN_SYNC_BATCH_SIZE: '10',
        BROEN_JOB_LEASE_MS: '1500',
        LOG_LEVEL: 'warn',
      };
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      const companies = async () =>
        (
          (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
            clients: { companies: unknown[] }[];
          }
        ).clients.flatMap((c) => c.companies) as { Id: number; ExternalId: string }[];

      const first = spawn(
        process.execPath,
        [BIN, 'sync', '--workspace', 'kill-test', '--entity', 'customers'],
        {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const firstExit = new Promise<NodeJS.Signals | null>((resolve) =>
        first.once('exit', (_code, signal) => resolve(signal)),
      );
      const deadline = Date.now() + 60_000;
      while ((await companies()).length < 60) {
        if (Date.now() > deadline) throw new Error('the first run did not get going');
        await new Promise((r) => setTimeout(r, 20));
      }
      first.kill('SIGKILL');
      expect(await firstExit).toBe('SIGKILL');
      const atKill = (await companies()).length;
      expect(atKill).toBeLessThan(200);

      const second = spawn(
        process.execPath,
        [BIN, 'sync', '--workspace', 'kill-test', '--entity', 'customers'],
        {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      second.stdout?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      second.stderr?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      const code = await new Promise<number | null>((resolve) => second.once('exit', (c) => resolve(c)));
      expect(code, output).toBe(0);
      expect(output).toContain('Blir med i synkroniseringen som går');
      // The killed worker's job was taken over without using an attempt (decision 81).
      expect(output).toContain('job taken over after its worker was lost; the attempt is not counted');
      const jobs = await db.selectFrom('jobs').selectAll().where('kind', '=', 'sync.run').execute();
      expect(jobs.map((j) => [j.state, Number(j.attempts)])).toEqual([['done', 1]]);

      const all = await companies();
      expect(all).toHaveLength(200);
      expect(new Set(all.map((c) => c.ExternalId)).size).toBe(200);
      const links = await getRecords(db, ws.id, 'customer');
      for (const c of customers) {
        expect(links.get(c.id)).toMatchObject({
          state: 'synced',
          remoteId: String(all.find((x) => x.ExternalId === c.id)?.Id),
        });
      }
    } finally {
      await db.destroy();
      await sandbox.close();
    }
  }, 120_000);
});
