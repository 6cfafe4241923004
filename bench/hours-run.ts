// 20,000 approved hours of a workspace with 100,000 to the in-process sandbox, in a process of
// its own (bench/hours.bench.ts): prints one JSON line with calls, time, a second run's calls and
// the peak RSS.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
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
const dir = mkdtempSync(join(tmpdir(), 'broen-hours-bench-'));
const db = openDatabase({ sqliteFile: join(dir, 'hours.sqlite') });
try {
  await migrateToLatest(db);
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
  const at = new Date().toISOString();
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
    await db.insertInto('hour_entries').values(rows).execute();
  }
  const run = async () => {
    const { run: r } = await createOrJoinRun(db, f.deps.clock, {
      workspaceId: ws,
      trigger: 'cli',
      entity: 'hour',
      dryRun: false,
    });
    const started = performance.now();
    await executeRun(f.deps, r.id);
    return { run: await getRunById(db, r.id), seconds: (performance.now() - started) / 1000 };
  };
  const first = await run();
  const saves = sandbox.calls.counts()['TimeService.SaveHour'] ?? 0;
  sandbox.calls.clear();
  const second = await run();
  console.log(
    JSON.stringify({
      n,
      total,
      created: first.run?.counts.created,
      calls: first.run?.calls,
      saves,
      seconds: first.seconds,
      secondCalls: second.run?.calls,
      secondWrites: sandbox.calls.counts()['TimeService.SaveHour'] ?? 0,
      secondSeconds: second.seconds,
      rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
