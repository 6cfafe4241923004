// Scenario: an operator stops `broen worker` with SIGTERM in the middle of a sync run; it hands
// the run's job back and exits 0, a second worker finishes the run, and 24SO holds every
// customer exactly once. The worker's own /metrics port answers while it runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_APPLICATION_ID } from '../src/config/config.ts';
import { createLogger } from '../src/config/logger.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startSync } from '../src/integration/sync/service.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { embeddedQueue } from '../src/jobs/embedded.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { createCustomer } from '../src/workspace/customers.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';
import { freePort } from './free-port.ts';

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));
const N = 150;

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function startWorker(
  env: NodeJS.ProcessEnv,
  command: 'worker' | 'serve' = 'worker',
): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [BIN, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return { child, output: () => out };
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

describe('broen worker stopped with SIGTERM (child processes, SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-graceful-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('hands the running job back, exits 0, and a second worker finishes without duplicates', async () => {
    const sandbox = await startSandboxServer({
      port: 0,
      host: '127.0.0.1',
      seed: 'empty',
      logger: createLogger('silent'),
    });
    const secret = randomBytes(32);
    const db = openDatabase({ dataDir });
    const children: ChildProcess[] = [];
    try {
      await migrateToLatest(db);
      const clock = () => new Date();
      const ws = await createWorkspace(db, { slug: 'graceful', name: 'Graceful AS' }, clock);
      await connectToSandbox(sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret }), ws.id);
      for (let i = 0; i < N; i++) await createCustomer(db, ws.id, { name: `Kunde ${i} AS` });
      await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: 100 }),
      });
      const queue = embeddedQueue({ db, clock, logger: createLogger('silent') });
      const { run } = await startSync(
        { db, clock, queue },
        { workspaceId: ws.id, trigger: 'cli', entity: 'customer', dryRun: false },
      );

      const metricsPort = await freePort();
      const metricsToken = randomBytes(24).toString('base64url');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATA_DIR: dataDir,
        BROEN_SECRET_KEY: secret.toString('base64'),
        TWENTYFOUR_BASE_URL: sandbox.url,
        TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
        BROEN_SYNC_BATCH_SIZE: '10',
        BROEN_STOP_TIMEOUT_MS: '60000',
        BROEN_METRICS_PORT: String(metricsPort),
        BROEN_METRICS_TOKEN: metricsToken,
        LOG_LEVEL: 'warn',
      };
      delete env.DATABASE_URL;
      const companies = async () =>
        (
          (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
            clients: { companies: { ExternalId: string }[] }[];
          }
        ).clients.flatMap((c) => c.companies);
      const syncJob = () =>
        db
          .selectFrom('jobs')
          .select(['state', 'lease_owner', 'attempts'])
          .where('kind', '=', 'sync.run')
          .where('payload', 'like', `%${run.id}%`)
          .executeTakeFirstOrThrow();

      const first = startWorker(env);
      children.push(first.child);
      const firstExit = exitOf(first.child);
      await waitFor('the first worker to send customers', companies, (c) => c.length >= 10);

      // Its own metrics port answers (with the token) while it works.
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(
        /broen_twentyfour_calls_total\{service="[A-Za-z]+",operation="Save/,
      );
      const unauthorised = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(unauthorised.status).toBe(401);

      first.child.kill('SIGTERM');
      const stopped = await firstExit;
      expect(stopped, first.output()).toEqual({ code: 0, signal: null });
      const atStop = (await companies()).length;
      expect(atStop).toBeLessThan(N);
      // Handed back: queued again with no owner, not left running until its lease expires.
      expect(await syncJob()).toMatchObject({ state: 'queued', lease_owner: null });

      const second = startWorker({ ...env, BROEN_METRICS_PORT: undefined });
      children.push(second.child);
      const secondExit = exitOf(second.child);
      await waitFor(
        'the second worker to finish the run',
        () => db.selectFrom('sync_runs').select('state').where('id', '=', run.id).executeTakeFirstOrThrow(),
        (r) => r.state === 'done' || r.state === 'failed',
      );
      second.child.kill('SIGTERM');
      expect(await secondExit, second.output()).toEqual({ code: 0, signal: null });

      const finished = await db
        .selectFrom('sync_runs')
        .select(['state', 'created_count', 'failed_count'])
        .where('id', '=', run.id)
        .executeTakeFirstOrThrow();
      expect(finished.state).toBe('done');
      expect(Number(finished.failed_count)).toBe(0);
      const all = await companies();
      expect(all).toHaveLength(N);
      expect(new Set(all.map((c) => c.ExternalId)).size).toBe(N);
      expect(await syncJob()).toMatchObject({ state: 'done' });
    } finally {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await db.destroy();
      await sandbox.close();
    }
  }, 180_000);

  it('broen serve answers /readyz and /metrics, then stops on SIGTERM with exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broen-serve-stop-'));
    const port = await freePort();
    const token = randomBytes(24).toString('base64url');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      BROEN_METRICS_TOKEN: token,
      TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    const serve = startWorker(env, 'serve');
    const exit = exitOf(serve.child);
    try {
      await waitFor(
        'serve to listen',
        async () => serve.output(),
        (out) => out.includes('Broen is listening'),
      );
      const base = `http://127.0.0.1:${port}`;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('broen_http_request_duration_seconds_count{route="/readyz"');

      serve.child.kill('SIGTERM');
      expect(await exit, serve.output()).toEqual({ code: 0, signal: null });
      expect(serve.output()).toContain('"msg":"stopped"');
    } finally {
      if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
