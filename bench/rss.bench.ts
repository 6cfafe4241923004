// Memory benchmark (issue 14, decision 83): one app (`broen serve --no-worker`) and one worker
// (`broen worker`) as real child processes on a fresh PostgreSQL database, a workspace with
// 100,000 hours of which 20,000 are approved and go to 24SO (the sandbox, a third process), and
// while that export runs, REST clients list and create hours on the app and download the 20,000
// approved hours as CSV. Prints each process's peak RSS (VmHWM, reset once seeding is done so
// the CSV import that seeds is not counted) against the 300 MB target.
//
// `npm run bench -- rss`, or alone: `node --import tsx bench/rss.bench.ts`. NODE_OPTIONS is
// passed on to the children (e.g. `--heapsnapshot-signal=SIGUSR2` to look inside one).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { SANDBOX_APPLICATION_ID } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { insertInChunks } from '../src/workspace/insert-chunks.ts';
import type { ApiClient } from './chaos/api-client.ts';
import { createChaosDatabase } from './chaos/database.ts';
import { freePort, ProcessSet } from './chaos/processes.ts';
import { SandboxControl } from './chaos/sandbox-control.ts';
import { activate, seedWorkspace } from './chaos/seed.ts';

type Figures = Record<string, string>;

const TOTAL_HOURS = Number(process.env.BENCH_RSS_HOURS ?? 100_000);
const EXPORT_HOURS = Number(process.env.BENCH_RSS_EXPORT ?? 20_000);
const CLIENTS = Number(process.env.BENCH_RSS_CLIENTS ?? 10);
const TIMEOUT_MS = Number(process.env.BENCH_RSS_TIMEOUT_MS ?? 900_000);
/** Peak RSS an app or worker process may reach (issue 14). */
const RSS_TARGET_MB = 300;
const MB = 1024 * 1024;

/**
 * Runs the memory benchmark, or says why it could not (no PostgreSQL reachable).
 * @example Object.assign(figures, await runRssBench());
 */
export async function runRssBench(): Promise<Figures> {
  let database: Awaited<ReturnType<typeof createChaosDatabase>>;
  try {
    database = await createChaosDatabase(
      process.env.CHAOS_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
    );
  } catch (error) {
    return { 'rss bench': `skipped (no PostgreSQL: ${(error as Error).message})` };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-bench-rss-'));
  const processes = new ProcessSet();
  const db = openDatabase({ databaseUrl: database.url, pgPoolSize: 2 });
  try {
    await migrateToLatest(db);
    const sandboxPort = await freePort();
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      TWENTYFOUR_BASE_URL: `http://127.0.0.1:${sandboxPort}`,
      TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
      TWENTYFOUR_CALLS_PER_HOUR: '10000000',
      LOG_LEVEL: 'info',
    };
    processes.start({
      name: 'sandbox',
      args: ['sandbox', '--port', String(sandboxPort), '--in-memory'],
      env,
    });
    processes.start({ name: 'app', args: ['serve', '--no-worker'], env: { ...env, PORT: String(appPort) } });
    processes.start({ name: 'worker', args: ['worker'], env, readyWhen: 'Broen worker started' });
    const sandbox = new SandboxControl(`http://127.0.0.1:${sandboxPort}`);
    await waitFor(
      'the sandbox',
      () => sandbox.ready(),
      () => processes.tail('sandbox'),
    );
    await sandbox.setFaults({ requestsPerHour: null });
    await waitFor(
      'the app',
      () => healthy(appUrl),
      () => processes.tail('app'),
    );
    await waitFor(
      'the worker',
      async () => processes.isReady('worker'),
      () => processes.tail('worker'),
    );
    const idle = rssOf(processes);

    const seedStarted = Date.now();
    const ws = await seedWorkspace({ db, sandbox, appUrls: [appUrl] }, 0, {
      customers: 10,
      projects: 20,
      products: 0,
      hours: EXPORT_HOURS,
      attachments: 0,
    });
    await addWaitingHours(db, ws.workspaceId, TOTAL_HOURS - EXPORT_HOURS);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const afterSeed = rssOf(processes);
    // From here on each process's peak is the export's and the load's, not the seeding's.
    processes.resetPeaks();

    const started = Date.now();
    await activate(ws);
    await ws.api.expect('POST', '/integration/sync', [202], { entity: null, dryRun: false });
    const load = driveLoad(ws.api, () => Date.now() - started < TIMEOUT_MS);
    let synced = 0;
    for (;;) {
      synced = await syncedHours(db, ws.workspaceId);
      if (synced >= EXPORT_HOURS || Date.now() - started > TIMEOUT_MS) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const exportSeconds = (Date.now() - started) / 1000;
    load.stop();
    const requests = await load.done;
    const peaks = processes.peakRss();
    const now = rssOf(processes);
    const figures: Figures = {
      'machine load at start': `${loadavg()[0].toFixed(1)} (1-min average) on ${cpus().length} CPUs`,
      setup: `${TOTAL_HOURS.toLocaleString('en')} hours stored, ${EXPORT_HOURS.toLocaleString('en')} approved to send; 1 app, 1 worker, sandbox; ${CLIENTS} REST clients + 1 CSV download loop`,
      seeding: `${seedSeconds.toFixed(1)} s`,
      'hours export': `${synced}/${EXPORT_HOURS} in 24SO after ${exportSeconds.toFixed(1)} s${synced < EXPORT_HOURS ? '  ** TIMED OUT **' : ''}`,
      'REST requests during the export': `${requests.lists} listings, ${requests.creates} creates, ${requests.csv} CSV downloads, ${requests.errors} errors${requests.firstError ? ` (first: ${requests.firstError})` : ''}`,
    };
    for (const name of ['app', 'worker', 'sandbox']) {
      const peak = (peaks.get(name) ?? Number.NaN) / MB;
      const target =
        name === 'sandbox'
          ? ''
          : ` (target < ${RSS_TARGET_MB} MB)${peak * 1.048576 < RSS_TARGET_MB ? '' : '  ** OVER TARGET **'}`;
      figures[`${name} RSS`] =
        `idle ${idle.get(name)} MiB, after seeding ${afterSeed.get(name)} MiB, peak during export ${peak.toFixed(0)} MiB, at the end ${now.get(name)} MiB${target}`;
    }
    return figures;
  } finally {
    await processes.stopAll(5_000);
    await db.destroy();
    await database.drop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Hours awaiting approval, inserted directly: they are stored, never sent (not approved). */
async function addWaitingHours(db: ReturnType<typeof openDatabase>, workspaceId: string, count: number) {
  const employees = await db
    .selectFrom('employees')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .execute();
  const projects = await db
    .selectFrom('projects')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .execute();
  const hourType = await db
    .selectFrom('hour_types')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += 10_000) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + 10_000); i++) {
        rows.push({
          id: randomUUID(),
          workspace_id: workspaceId,
          employee_id: (employees[i % employees.length] as { id: string }).id,
          project_id: (projects[i % projects.length] as { id: string }).id,
          hour_type_id: hourType.id,
          machine_id: null,
          date: new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10),
          start_time: null,
          end_time: null,
          minutes: 450,
          description: `Venter ${i}`,
          billable: 1,
          approved: 0,
          approved_by: null,
          approved_at: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        });
      }
      await insertInChunks(trx, 'hour_entries', rows);
    }
  });
  await sql`analyze hour_entries`.execute(db);
}

async function syncedHours(db: ReturnType<typeof openDatabase>, workspaceId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from sync_records
    where workspace_id = ${workspaceId} and entity = 'hour' and state = 'synced' and intent_id is null`.execute(
    db,
  );
  return r.rows[0]?.n ?? 0;
}

interface LoadCounts {
  lists: number;
  creates: number;
  csv: number;
  errors: number;
  firstError?: string;
}

/** REST clients on the app while the export runs: listings, a create now and then, CSV downloads. */
function driveLoad(
  api: ApiClient,
  keepGoing: () => boolean,
): { stop: () => void; done: Promise<LoadCounts> } {
  let stopped = false;
  const counts: LoadCounts = { lists: 0, creates: 0, csv: 0, errors: 0 };
  const go = () => !stopped && keepGoing();
  const fail = (what: string) => {
    counts.errors++;
    counts.firstError ??= what;
  };
  const csvLoop = async () => {
    while (go()) {
      const a = await api.call('GET', '/hours?approved=true', undefined, { accept: 'text/csv' });
      if (a.status !== 200 || typeof a.body !== 'string')
        fail(`CSV ${a.status} ${String(a.body).slice(0, 200)}`);
      else counts.csv++;
    }
  };
  const client = async (n: number) => {
    let cursor: string | null = null;
    let round = 0;
    const refs = (await api.call('GET', '/hours?limit=1')).body as { items: Record<string, string>[] };
    const sample = refs.items[0] ?? {};
    while (go()) {
      round++;
      if (round % 5 === 0) {
        const a = await api.call('POST', '/hours', {
          employeeId: sample.employeeId,
          projectId: sample.projectId,
          hourTypeId: sample.hourTypeId,
          date: '2026-03-10',
          hours: '7.5',
          description: `Last ${n}-${round}`,
        });
        if (a.status === 201) counts.creates++;
        else fail(`POST /hours ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
        continue;
      }
      const a = await api.call('GET', `/hours?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      if (a.status !== 200) fail(`GET /hours ${a.status}`);
      else counts.lists++;
      cursor = (a.body as { nextCursor?: string | null }).nextCursor ?? null;
      if (round % 50 === 0) cursor = null;
    }
  };
  const done = Promise.all([csvLoop(), ...Array.from({ length: CLIENTS }, (_, n) => client(n))]).then(
    () => counts,
  );
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}

function rssOf(processes: ProcessSet): Map<string, number> {
  return new Map(
    processes.names().map((name) => [name, Math.round((processes.rss(name) ?? Number.NaN) / MB)]),
  );
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, tail: () => string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up:\n${tail().join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (process.argv[1]?.endsWith('rss.bench.ts')) {
  const figures = await runRssBench();
  for (const [name, value] of Object.entries(figures)) console.log(`${name}: ${value}`);
  if (process.env.BENCH_RSS_JSON) writeFileSync(process.env.BENCH_RSS_JSON, JSON.stringify(figures, null, 2));
}
