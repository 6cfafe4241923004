// REST API benchmark: what a client feels through the whole app (auth, validation, repository,
// JSON), in-process via app.request, on SQLite and (when reachable) PostgreSQL.
// Called by bench/index.ts, which prints the figures.
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/config/logger.ts';
import type { Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createApp } from '../src/http/app.ts';
import { buildAppDeps } from '../src/http/deps.ts';
import { createApiToken } from '../src/workspace/api-tokens.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';
import { onEachBenchDatabase } from './bench-databases.ts';

const HOURS = 20_000;
const PROJECTS = 4;
const WRITES = 300;
const CONCURRENT_DUPLICATES = 50;

/**
 * Runs the API benchmark; figures like `{ 'GET /hours page of 200 (sqlite)': 'p50 3.1 ms …' }`.
 * @example Object.assign(figures, await runApiBench());
 */
export async function runApiBench(): Promise<Record<string, string>> {
  return onEachBenchDatabase(8, (db, dialect, dir) => benchOne(db, dialect, dir));
}

async function benchOne(db: Db, label: string, dir: string): Promise<Record<string, string>> {
  await migrateToLatest(db);
  const config = loadConfig(
    { DATA_DIR: dir, BROEN_SECRET_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' },
    { demo: false },
  );
  const app = createApp(
    buildAppDeps({ db, config, logger: createLogger('silent'), clock: () => new Date() }),
  );
  const workspace = await createWorkspace(db, { slug: `api-bench-${label}`, name: 'API Bench AS' });
  const { token } = await createApiToken(db, () => new Date(), { workspaceId: workspace.id, name: 'bench' });
  const auth = { authorization: `Bearer ${token}` };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...auth, ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 400 && res.status !== 409) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const projectIds = await seed(db, workspace.id);
  const figures: Record<string, string> = {};

  // Paging one project's hours (a quarter of all) page by page, as a sync or report would.
  const pageTimes: number[] = [];
  let cursor: string | null = null;
  let rows = 0;
  do {
    const started = performance.now();
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const res = await call('GET', `/api/v1/hours?projectId=${projectIds[0]}&approved=true&limit=200${q}`);
    pageTimes.push(performance.now() - started);
    rows += res.body.items.length;
    cursor = res.body.nextCursor;
  } while (cursor);
  figures[`GET /hours?projectId&approved, 200 a page, ${rows} rows (${label})`] =
    `${quantiles(pageTimes)} over ${pageTimes.length} pages`;

  const plain: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    await call('POST', '/api/v1/customers', { name: `Kunde ${i} AS`, orgNumber: '923456783' });
    plain.push(performance.now() - started);
  }
  figures[`POST /customers without Idempotency-Key (${label})`] = quantiles(plain);

  const keyed: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    await call('POST', '/api/v1/customers', { name: `Nøkkel ${i} AS` }, { 'Idempotency-Key': `k-${i}` });
    keyed.push(performance.now() - started);
  }
  figures[`POST /customers with Idempotency-Key (${label})`] = quantiles(keyed);

  const replays: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const started = performance.now();
    await call('POST', '/api/v1/customers', { name: `Nøkkel ${i} AS` }, { 'Idempotency-Key': `k-${i}` });
    replays.push(performance.now() - started);
  }
  figures[`POST replay of a stored key (${label})`] = quantiles(replays);

  const duplicates = await Promise.all(
    Array.from({ length: CONCURRENT_DUPLICATES }, () =>
      call('POST', '/api/v1/customers', { name: 'Samtidig AS' }, { 'Idempotency-Key': 'same-key' }),
    ),
  );
  const made = new Set(duplicates.filter((d) => d.status === 201).map((d) => d.body.id)).size;
  const conflicts = duplicates.filter((d) => d.status === 409).length;
  figures[`${CONCURRENT_DUPLICATES} concurrent POSTs, one key (${label})`] =
    `${made} record made, ${conflicts} answered 409 in progress, ${CONCURRENT_DUPLICATES - conflicts - 1} replays`;

  const unapproved = await call('GET', `/api/v1/hours?projectId=${projectIds[1]}&approved=false&limit=200`);
  const ids: string[] = unapproved.body.items.map((h: { id: string }) => h.id);
  const page2 = await call(
    'GET',
    `/api/v1/hours?projectId=${projectIds[1]}&approved=false&limit=200&cursor=${unapproved.body.nextCursor}`,
  );
  ids.push(...page2.body.items.map((h: { id: string }) => h.id));
  let started = performance.now();
  const approved = await call('POST', '/api/v1/hours/approve', { ids });
  figures[`POST /hours/approve, ${ids.length} ids (${label})`] =
    `${(performance.now() - started).toFixed(0)} ms, ${approved.body.results.filter((r: { changed: boolean }) => r.changed).length} changed`;

  started = performance.now();
  await app.request('/api/v1/openapi.json');
  figures[`GET /openapi.json, first (built) (${label})`] = `${(performance.now() - started).toFixed(0)} ms`;
  return figures;
}

/** Employees, hour types and projects, then HOURS hours spread over them (half approved). */
async function seed(db: Db, workspaceId: string): Promise<string[]> {
  const now = new Date().toISOString();
  const common = { workspace_id: workspaceId, created_at: now, updated_at: now, deleted_at: null };
  const employeeIds = Array.from({ length: 20 }, () => randomUUID());
  await db
    .insertInto('employees')
    .values(
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
    )
    .execute();
  const hourTypeId = randomUUID();
  await db
    .insertInto('hour_types')
    .values({
      ...common,
      id: hourTypeId,
      code: 'ORD',
      name: 'Ordinær',
      billable: 1,
      hourly_price_ore: 95000,
      active: 1,
    })
    .execute();
  const projectIds = Array.from({ length: PROJECTS }, () => randomUUID());
  await db
    .insertInto('projects')
    .values(
      projectIds.map((id, i) => ({
        ...common,
        id,
        number: `${1001 + i}`,
        name: `Prosjekt ${i + 1}`,
        customer_id: null,
        project_manager_id: null,
        status: 'active',
        start_date: null,
        end_date: null,
      })),
    )
    .execute();
  const rows = Array.from({ length: HOURS }, (_, i) => {
    // Every other hour of each project is approved.
    const approved = Math.floor(i / PROJECTS) % 2;
    return {
      ...common,
      id: randomUUID(),
      employee_id: employeeIds[i % employeeIds.length],
      project_id: projectIds[i % PROJECTS],
      hour_type_id: hourTypeId,
      machine_id: null,
      date: new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 40) * 86_400_000).toISOString().slice(0, 10),
      start_time: null,
      end_time: null,
      minutes: 450,
      description: 'Graving',
      billable: 1,
      approved,
      approved_by: approved ? 'bench' : null,
      approved_at: approved ? now : null,
    };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('hour_entries')
      .values(rows.slice(i, i + 1000))
      .execute();
  return projectIds;
}

function quantiles(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}
