// 20,000 approved hours of a workspace with 100,000 to the in-process sandbox, in a process of
// its own (bench/hours.bench.ts), on SQLite or PostgreSQL, in the time slices a worker gives a
// run (decision 46): prints one JSON line with calls, time, slices, the time each slice spent
// reading hours, the auto-export check's time, a second run's calls and the peak RSS.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ruleSettings } from '../src/integration/hours/facts.ts';
import { planHours } from '../src/integration/hours/plan.ts';
import { hoursDue } from '../src/integration/hours/plan-due.ts';
import { walkPage } from '../src/integration/hours/plan-walk.ts';
import { writeHourSettings } from '../src/integration/hours/test-support.ts';
import { executeRun } from '../src/integration/sync/engine.ts';
import { recordSynced } from '../src/integration/sync/records.ts';
import { createOrJoinRun, getRunById } from '../src/integration/sync/runs.ts';
import { connectedWorkspace } from '../src/integration/sync/test-support.ts';
import { createSandbox } from '../src/sandbox/server.ts';
import { createEmployee } from '../src/workspace/employees.ts';
import { createHourType } from '../src/workspace/hour-types.ts';
import { createProject } from '../src/workspace/projects.ts';

const n = Number(process.argv[2] ?? 20_000);
const total = Math.max(n, Number(process.argv[3] ?? 100_000));
const dialect = process.argv[4] === 'postgres' ? 'postgres' : 'sqlite';
const sliceMs = Number(process.argv[5] ?? 30_000);
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Milliseconds the database spent on queries that read hours with their facts (the walk's pages). */
function timingHourReads(db: Db): { db: Db; take: () => number } {
  const started = new Map<string, number>();
  let ms = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      started.set(args.queryId.queryId, performance.now());
      return args.node;
    },
    transformResult: async (args) => {
      const t0 = started.get(args.queryId.queryId);
      started.delete(args.queryId.queryId);
      if (t0 !== undefined && args.result.rows.some((r) => 'hour_type_code' in r))
        ms += performance.now() - t0;
      return args.result;
    },
  };
  return {
    db: db.withPlugin(plugin),
    take: () => {
      const out = ms;
      ms = 0;
      return out;
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

const dir = mkdtempSync(join(tmpdir(), 'broen-hours-bench-'));
const schema = `bench_${randomBytes(5).toString('hex')}`;
if (dialect === 'postgres') await admin(`create schema ${schema}`);
const rawDb =
  dialect === 'postgres'
    ? openDatabase({ databaseUrl: pgUrl, pgSchema: schema, pgPoolSize: 4 })
    : openDatabase({ sqliteFile: join(dir, 'hours.sqlite') });
try {
  await migrateToLatest(rawDb);
  const timing = timingHourReads(rawDb);
  const db = timing.db;
  const sandbox = createSandbox({ seed: 'demo' });
  // The bench measures Broen, not 24SO's hourly quota (the quarantine is tested on its own).
  sandbox.setFaults({ requestsPerHour: null });
  const f = await connectedWorkspace(db, sandbox, {}, { timeoutMs: 120_000 });
  const ws = f.workspaceId;
  await writeHourSettings(db, ws, {
    sync: 'manual',
    startDate: '2025-01-01',
    workTypeByHourType: { ORD: '1' },
  });
  const ola = await createEmployee(db, ws, { name: 'Ola Nordmann', twentyfourContactId: 501 } as never);
  const ord = await createHourType(db, ws, { code: 'ORD', name: 'Ordinær' });
  const project = await createProject(db, ws, { number: '1001', name: 'Boligfelt' });
  await recordSynced(db, f.deps.clock, [
    {
      workspaceId: ws,
      entity: 'project',
      localId: project.id,
      remoteId: '1001',
      fingerprint: null,
      runId: null,
    },
  ]);
  const at = new Date(Date.now() - 60_000).toISOString();
  // The workspace holds `total` hours; the first n are approved and go, the rest wait for
  // approval — so the run's memory is measured with a workspace of realistic size.
  for (let i = 0; i < total; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(total, i + 500); j++) {
      const approved = j < n;
      const day = new Date(Date.UTC(2025, 0, 1) + (j % 330) * 86_400_000).toISOString().slice(0, 10);
      rows.push({
        id: randomUUID(),
        workspace_id: ws,
        employee_id: ola.id,
        project_id: project.id,
        hour_type_id: ord.id,
        machine_id: null,
        date: day,
        start_time: '07:00',
        end_time: '15:00',
        minutes: 480,
        description: `Time ${j}`,
        billable: 1,
        approved: approved ? 1 : 0,
        approved_by: approved ? 'bench' : null,
        approved_at: approved ? at : null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      });
    }
    await rawDb.insertInto('hour_entries').values(rows).execute();
  }
  if (dialect === 'postgres') await admin(`analyze ${schema}.hour_entries`);
  const rules = await ruleSettings(rawDb, ws);

  // Planning every hour of the workspace once, page by page, without sending: what each slice
  // of a run paid before decision 76, and what a whole run pays now.
  const [, planAllMs] = await timed(async () => {
    let after: { date: string; id: string } | null = null;
    for (;;) {
      const rows = await walkPage(rawDb, ws, after, 1_000);
      planHours(rows, rules, new Date().toISOString());
      const last = rows[rows.length - 1];
      if (!last || rows.length < 1_000) break;
      after = { date: last.date, id: last.hourId };
    }
  });
  const [dueBefore, dueBusyMs] = await timed(() => hoursDue(rawDb, ws, new Date()));

  const run = async () => {
    const { run: r } = await createOrJoinRun(db, f.deps.clock, {
      workspaceId: ws,
      trigger: 'cli',
      entity: 'hour',
      dryRun: false,
    });
    const started = performance.now();
    const reads: number[] = [];
    const walls: number[] = [];
    const sent: number[] = [];
    let sentBefore = 0;
    timing.take();
    for (;;) {
      const [outcome, wall] = await timed(() =>
        executeRun(f.deps, r.id, undefined, { yieldAt: Date.now() + sliceMs }),
      );
      walls.push(wall);
      reads.push(timing.take());
      const createdNow = (await getRunById(db, r.id))?.counts.created ?? 0;
      sent.push(createdNow - sentBefore);
      sentBefore = createdNow;
      if (outcome.state === 'done' || outcome.state === 'failed') break;
    }
    return {
      run: await getRunById(db, r.id),
      seconds: (performance.now() - started) / 1000,
      reads,
      walls,
      sent,
    };
  };
  const first = await run();
  const saves = sandbox.calls.counts()['TimeService.SaveHour'] ?? 0;
  const [dueAfter, dueIdleMs] = await timed(() => hoursDue(rawDb, ws, new Date()));
  sandbox.calls.clear();
  const second = await run();
  // One sent hour unapproved: the check finds it and plans that hour alone.
  const sent = await rawDb
    .selectFrom('sync_records')
    .select('local_id')
    .where('workspace_id', '=', ws)
    .where('entity', '=', 'hour')
    .limit(1)
    .executeTakeFirstOrThrow();
  await rawDb
    .updateTable('hour_entries')
    .set({ approved: 0, updated_at: new Date().toISOString() })
    .where('id', '=', sent.local_id)
    .execute();
  const [dueOne, dueOneMs] = await timed(() => hoursDue(rawDb, ws, new Date()));
  const round = (ms: number) => Math.round(ms);
  console.log(
    JSON.stringify({
      dialect,
      n,
      total,
      sliceMs,
      created: first.run?.counts.created,
      state: first.run?.state,
      calls: first.run?.calls,
      saves,
      seconds: first.seconds,
      slices: first.walls.length,
      sliceWallMs: first.walls.map(round),
      sliceReadMs: first.reads.map(round),
      sliceSent: first.sent,
      planAllMs: round(planAllMs),
      due: {
        busy: [dueBefore, round(dueBusyMs)],
        idle: [dueAfter, round(dueIdleMs)],
        one: [dueOne, round(dueOneMs)],
      },
      secondCalls: second.run?.calls,
      secondWrites: sandbox.calls.counts()['TimeService.SaveHour'] ?? 0,
      secondSeconds: second.seconds,
      secondSlices: second.walls.length,
      rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await rawDb.destroy();
  if (dialect === 'postgres') await admin(`drop schema ${schema} cascade`);
  rmSync(dir, { recursive: true, force: true });
}
