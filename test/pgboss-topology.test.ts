// Scenario: an operator runs Broen on PostgreSQL with jobs on pg-boss: the web side only enqueues (as `broen serve --no-worker` does), a separate `broen worker` process runs the sync, /metrics counts the jobs where pg-boss keeps them; then the worker gets SIGTERM and exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SANDBOX_APPLICATION_ID } from '../src/config/config.ts';
import { createLogger } from '../src/config/logger.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { getRunById } from '../src/integration/sync/runs.ts';
import { startSync } from '../src/integration/sync/service.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { openJobEngine } from '../src/jobs/engine.ts';
import { renderMetrics } from '../src/observability/metrics-route.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { createCustomer } from '../src/workspace/customers.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';
import { postgresAvailable, TEST_PG_URL, withSchemaLock } from './databases.ts';
import { requireOrSkip } from './requirements.ts';
import { until } from './until.ts';

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));

/** Creates or drops schemas under the test databases' lock (another suite may be migrating). */
async function admin(text: string): Promise<void> {
  await withSchemaLock((client) => client.query(text));
}

describe('PostgreSQL with pg-boss: enqueue in one process, work in a `broen worker` process', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;

  it('runs the sync in the worker process and stops it gracefully on SIGTERM', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const bossSchema = `pgboss_${schema}`;
    const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    await admin(`create schema ${schema}`);
    const sandbox = await startSandboxServer({
      port: 0,
      host: '127.0.0.1',
      seed: 'empty',
      logger: createLogger('silent'),
    });
    const db = openDatabase({ databaseUrl: TEST_PG_URL, pgSchema: schema, pgPoolSize: 2 });
    const secret = randomBytes(32);
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: url,
      BROEN_JOBS: 'pg-boss',
      BROEN_PGBOSS_SCHEMA: bossSchema,
      BROEN_SECRET_KEY: secret.toString('base64'),
      TWENTYFOUR_BASE_URL: sandbox.url,
      TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
      LOG_LEVEL: 'warn',
    };
    let worker: ChildProcess | undefined;
    let engine: ReturnType<typeof openJobEngine> | undefined;
    try {
      await migrateToLatest(db);
      const clock = () => new Date();
      const ws = await createWorkspace(db, { slug: 'pgboss-test', name: 'Boss Test AS' }, clock);
      await connectToSandbox(sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret }), ws.id);
      for (const name of ['Aas Anlegg AS', 'Berg Bygg AS', 'Dahl Graving AS'])
        await createCustomer(db, ws.id, { name });

      // The web side's queue, as `serve --no-worker` builds it from the same environment.
      engine = openJobEngine(
        { db, clock, logger: createLogger('silent'), config: { databaseUrl: url } },
        env as NodeJS.ProcessEnv,
      );
      expect(engine.name).toBe('pg-boss');
      const { run } = await startSync(
        { db, clock, queue: engine.queue() },
        { workspaceId: ws.id, trigger: 'api', entity: 'customer', dryRun: false },
      );
      // The web side's /metrics counts the queued run in pg-boss's tables, not the empty job table.
      const webEngine = engine;
      const { body: queued } = await renderMetrics({
        db,
        clock,
        logger: createLogger('silent'),
        budget: { scope: 'pgboss-test', callsPerHour: 7200 },
        jobs: { stats: (now) => webEngine.stats(now) },
      });
      expect(queued).toContain('broen_jobs{kind="sync.run",state="queued"} 1');
      expect(queued).toMatch(/broen_jobs_due_age_seconds\{kind="sync.run"\} \d/);

      // Info level for the one line that says where its metrics port (any free one) listens.
      worker = spawn(process.execPath, [BIN, 'worker'], {
        env: { ...env, BROEN_METRICS_PORT: '0', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      let out = '';
      worker.stderr?.on('data', (c: Buffer) => {
        err += c.toString();
      });
      worker.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => worker?.once('exit', (code) => resolve(code)));
      await until(async () => {
        const now = await getRunById(db, run.id);
        if (now?.state === 'failed') throw new Error(`run failed: ${now.message}; worker: ${err}`);
        return now?.state === 'done';
      }, 90_000);
      expect(await getRunById(db, run.id)).toMatchObject({ state: 'done', counts: { created: 3 } });
      // The job is in pg-boss's schema and completes (just after the run ends); the embedded
      // table was not used.
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await until(async () => {
          const jobs = await client.query(`select state from ${bossSchema}.job where name = 'sync.run'`);
          return jobs.rows.length === 1 && jobs.rows[0]?.state === 'completed';
        }, 90_000);
      } finally {
        await client.end();
      }
      expect(await db.selectFrom('jobs').select('id').where('kind', '=', 'sync.run').execute()).toEqual([]);

      // The worker's own /metrics reads pg-boss too: the run's job is over, and the automatic
      // trigger the worker scheduled on start is there (queued for its next turn, or running).
      let metricsUrl: string | undefined;
      await until(async () => {
        metricsUrl = /"url":"(http:[^"]+\/metrics)"/.exec(out)?.[1];
        return metricsUrl !== undefined;
      }, 90_000);
      // (The trigger is scheduled just after the worker starts taking jobs: wait for it.)
      let scraped = '';
      await until(async () => {
        scraped = await (await fetch(metricsUrl as string)).text();
        return /broen_jobs\{kind="sync\.auto",state="(queued|running)"\} 1\n/.test(scraped);
      }, 30_000);
      expect(scraped).not.toContain('broen_jobs{kind="sync.run"');

      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      worker = undefined;
    } finally {
      worker?.kill('SIGKILL');
      await engine?.close();
      await db.destroy();
      await sandbox.close();
      await admin(`drop schema if exists ${schema} cascade; drop schema if exists ${bossSchema} cascade`);
    }
  }, 180_000);
});
