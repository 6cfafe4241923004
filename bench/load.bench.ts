// Load benchmark: 20 concurrent REST clients listing and creating hours against two app
// processes (`broen serve --no-worker`, each its own child process, as production runs them) on
// PostgreSQL with 100,000 hours stored. Prints p95/p99 latency, errors (target 0) and each
// process's peak RSS (VmHWM from /proc; target < 300 MB). Runs in a fresh, uniquely named
// database that is dropped at the end. Called by bench/index.ts, which prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApiToken } from '../src/workspace/api-tokens.ts';
import { insertInChunks } from '../src/workspace/insert-chunks.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';

type Figures = Record<string, string>;

const HOURS = Number(process.env.BENCH_LOAD_HOURS ?? 100_000);
const CLIENTS = 20;
const PROCESSES = 2;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const PROJECTS = 40;
const EMPLOYEES = 50;
const PAGE = 50;
/** Peak RSS an app process may reach (issue #14). */
const RSS_TARGET_MB = 300;

/**
 * Runs the load benchmark, or says why it could not (no PostgreSQL reachable).
 * @example Object.assign(figures, await runLoadBench());
 */
export async function runLoadBench(): Promise<Figures> {
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `broen_bench_load_${randomBytes(5).toString('hex')}`;
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const databaseUrl = new URL(baseUrl);
  databaseUrl.pathname = `/${name}`;
  try {
    await adminQuery(admin.href, `create database ${name}`);
  } catch (error) {
    return { 'load bench': `skipped (no PostgreSQL to create a database in: ${(error as Error).message})` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'broen-bench-load-'));
  const apps: AppProcess[] = [];
  try {
    const seeded = await seed(databaseUrl.href);
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl.href,
      DATA_DIR: dir,
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    for (let i = 0; i < PROCESSES; i++) apps.push(await startApp(env));
    const result = await drive(apps, seeded);
    const figures: Figures = {
      'machine load at start': `${loadavg()[0].toFixed(1)} (1-min average) on ${cpus().length} CPUs`,
      setup: `${HOURS.toLocaleString('en')} hours stored, ${PROCESSES} app processes, ${CLIENTS} clients for ${SECONDS} s`,
      'requests answered': `${result.list.length + result.create.length} (${((result.list.length + result.create.length) / SECONDS).toFixed(0)} /s)`,
      [`GET /hours, page of ${PAGE}`]: latency(result.list),
      'POST /hours': latency(result.create),
      errors: `${result.errors} (target 0)${result.errors === 0 ? '' : `  ** OVER TARGET ** first: ${result.firstError}`}`,
    };
    apps.forEach((app, i) => {
      const { hwm, rss } = app.memory();
      figures[`app process ${i + 1} RSS`] =
        `peak ${hwm} MB, now ${rss} MB (target peak < ${RSS_TARGET_MB} MB)${hwm < RSS_TARGET_MB ? '' : '  ** OVER TARGET **'}`;
    });
    return figures;
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await adminQuery(admin.href, `drop database if exists ${name} with (force)`).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Seeded {
  token: string;
  employeeIds: string[];
  projectIds: string[];
  hourTypeId: string;
}

/** A workspace with workers, projects, an hour type, HOURS hours and an API token. */
async function seed(databaseUrl: string): Promise<Seeded> {
  const db = openDatabase({ databaseUrl });
  try {
    await migrateToLatest(db);
    const workspace = await createWorkspace(db, { slug: 'last-bench', name: 'Last Bench AS' });
    const { token } = await createApiToken(db, () => new Date(), { workspaceId: workspace.id, name: 'load' });
    const now = new Date().toISOString();
    const common = { workspace_id: workspace.id, created_at: now, updated_at: now, deleted_at: null };
    const employeeIds = Array.from({ length: EMPLOYEES }, () => randomUUID());
    const projectIds = Array.from({ length: PROJECTS }, () => randomUUID());
    const hourTypeId = randomUUID();
    await db.transaction().execute(async (trx) => {
      await insertInChunks(
        trx,
        'employees',
        employeeIds.map((id, i) => ({
          ...common,
          id,
          number: i + 1,
          name: `Arbeider ${i + 1}`,
          email: null,
          phone: null,
          twentyfour_contact_id: null,
          active: 1,
        })),
      );
      await insertInChunks(trx, 'hour_types', [
        {
          ...common,
          id: hourTypeId,
          code: 'ORD',
          name: 'Ordinær',
          billable: 1,
          hourly_price_ore: 95_000,
          active: 1,
        },
      ]);
      await insertInChunks(
        trx,
        'projects',
        projectIds.map((id, i) => ({
          ...common,
          id,
          number: `${1000 + i}`,
          name: `Prosjekt ${i + 1}`,
          customer_id: null,
          project_manager_id: null,
          status: 'active',
          start_date: null,
          end_date: null,
        })),
      );
      for (let start = 0; start < HOURS; start += 10_000) {
        const rows = [];
        for (let i = start; i < Math.min(HOURS, start + 10_000); i++) {
          rows.push({
            ...common,
            id: randomUUID(),
            employee_id: employeeIds[i % EMPLOYEES],
            project_id: projectIds[i % PROJECTS],
            hour_type_id: hourTypeId,
            machine_id: null,
            date: new Date(Date.UTC(2025, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10),
            start_time: null,
            end_time: null,
            minutes: 450,
            description: `Graving ${i}`,
            billable: 1,
            approved: i % 2,
            approved_by: i % 2 ? 'bench' : null,
            approved_at: i % 2 ? now : null,
          });
        }
        await insertInChunks(trx, 'hour_entries', rows);
      }
    });
    // Fresh statistics, as the CSV import leaves them (import.ts analyzeAfterImport).
    await sql`analyze hour_entries`.execute(db);
    return { token, employeeIds, projectIds, hourTypeId };
  } finally {
    await db.destroy();
  }
}

interface AppProcess {
  url: string;
  memory(): { hwm: number; rss: number };
  stop(): Promise<void>;
}

/** Starts `broen serve --no-worker` and resolves once it prints its address. */
async function startApp(env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(new URL('../bin/broen.js', import.meta.url)), 'serve', '--no-worker'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app printed no address: ${output.slice(-400)}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`app exited (${code}): ${output.slice(-400)}`)));
  });
  return {
    url,
    memory: () => ({ hwm: statusField(child.pid, 'VmHWM'), rss: statusField(child.pid, 'VmRSS') }),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A memory field of /proc/<pid>/status in MB (kB / 1024), or NaN where /proc is absent. */
function statusField(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
}

interface LoadResult {
  list: number[];
  create: number[];
  errors: number;
  firstError?: string;
}

/**
 * CLIENTS loops, each bound to one app process in turn: three listings (a project's hours,
 * walking forward a page at a time, or the workspace's newest) for every hour it creates.
 */
async function drive(apps: AppProcess[], seeded: Seeded): Promise<LoadResult> {
  const result: LoadResult = { list: [], create: [], errors: 0 };
  const headers = { authorization: `Bearer ${seeded.token}` };
  const until = performance.now() + SECONDS * 1000;
  const timed = async (kind: 'list' | 'create', url: string, init: RequestInit): Promise<unknown> => {
    const started = performance.now();
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      result[kind].push(performance.now() - started);
      if (res.status >= 400)
        throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 200)}`);
      return JSON.parse(text);
    } catch (error) {
      result.errors++;
      result.firstError ??= (error as Error).message;
      return undefined;
    }
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const app = apps[client % apps.length] as AppProcess;
      let round = 0;
      let cursor: string | null = null;
      let projectId = seeded.projectIds[client % PROJECTS] as string;
      while (performance.now() < until) {
        round++;
        if (round % 4 === 0) {
          await timed('create', `${app.url}/api/v1/hours`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              employeeId: seeded.employeeIds[round % EMPLOYEES],
              projectId,
              hourTypeId: seeded.hourTypeId,
              date: '2026-03-10',
              hours: '7.5',
              description: `Last ${client}-${round}`,
            }),
          });
          continue;
        }
        if (round % 4 === 3) {
          await timed('list', `${app.url}/api/v1/hours?limit=${PAGE}`, { headers });
          continue;
        }
        const page = (await timed(
          'list',
          `${app.url}/api/v1/hours?projectId=${projectId}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
          { headers },
        )) as { nextCursor?: string | null } | undefined;
        cursor = page?.nextCursor ?? null;
        if (!cursor || round % 40 === 0) {
          // Start over on another project now and then, as different users would.
          cursor = null;
          projectId = seeded.projectIds[(client + round) % PROJECTS] as string;
        }
      }
    }),
  );
  return result;
}

function latency(ms: number[]): string {
  if (ms.length === 0) return 'no requests';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms over ${ms.length} requests`;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

if (process.argv[1]?.endsWith('load.bench.ts')) {
  for (const [name, value] of Object.entries(await runLoadBench())) console.log(`${name}: ${value}`);
}
