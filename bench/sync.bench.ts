// Sync engine: exporting 5,000 new customers to the in-process sandbox — 24SO calls per record,
// a run with nothing changed, engine CPU per record outside the SOAP layer — and the peak RSS of
// a 20,000-customer export in a process of its own.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { GatewaySession, TwentyFourGateway } from '../src/integration/gateway.ts';
import { executeRun } from '../src/integration/sync/engine.ts';
import { createOrJoinRun, getRunById } from '../src/integration/sync/runs.ts';
import { connectedWorkspace } from '../src/integration/sync/test-support.ts';
import { createSandbox } from '../src/sandbox/server.ts';
import { onEachBenchDatabase } from './bench-databases.ts';

type Figures = Record<string, string>;

/** Inserts `n` customers straight into the table (the bench measures the export, not the inserts). */
export async function insertCustomers(db: Db, workspaceId: string, n: number): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      rows.push({
        id: randomUUID(),
        workspace_id: workspaceId,
        number: 10_000 + j,
        name: `Kunde ${j} AS`,
        org_number: null,
        email: `post${j}@kunde.no`,
        invoice_email: null,
        phone: '71234567',
        address_street: `Industriveien ${j}`,
        address_postal_code: '6517',
        address_city: 'Kristiansund',
        delivery_street: null,
        delivery_postal_code: null,
        delivery_city: null,
        delivery_country: null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      });
    }
    await db.insertInto('customers').values(rows).execute();
  }
}

/** Measures CPU spent inside 24SO calls (the SOAP layer and the in-process sandbox) apart. */
function timingGateway(inner: TwentyFourGateway, soapCpu: { us: number }): TwentyFourGateway {
  return {
    listClients: (c) => inner.listClients(c),
    async openSession(c, id) {
      const opened = await inner.openSession(c, id);
      if (!opened.ok || !opened.value.soap) return opened;
      const soap = opened.value.soap;
      const session: GatewaySession = {
        ...opened.value,
        soap: {
          async call(service, operation, params) {
            const before = process.cpuUsage();
            try {
              return await soap.call(service, operation, params);
            } finally {
              const d = process.cpuUsage(before);
              soapCpu.us += d.user + d.system;
            }
          },
        },
      };
      return { ok: true, value: session };
    },
  };
}

export async function exportOnce(
  db: Db,
  n: number,
): Promise<{ calls: number; engineUsPerRecord: number; noChangeCalls: number; created: number }> {
  const sandbox = createSandbox({ seed: 'empty' });
  const soapCpu = { us: 0 };
  const f = await connectedWorkspace(db, sandbox, {}, { timeoutMs: 120_000 });
  f.deps.connection.gateway = timingGateway(f.deps.connection.gateway, soapCpu);
  f.deps.connection.sessions.forget(f.workspaceId);
  await insertCustomers(db, f.workspaceId, n);
  const { run } = await createOrJoinRun(db, f.deps.clock, {
    workspaceId: f.workspaceId,
    trigger: 'cli',
    entity: 'customer',
    dryRun: false,
  });
  const before = process.cpuUsage();
  await executeRun(f.deps, run.id);
  const total = process.cpuUsage(before);
  const done = await getRunById(db, run.id);
  const again = (
    await createOrJoinRun(db, f.deps.clock, {
      workspaceId: f.workspaceId,
      trigger: 'cli',
      entity: 'customer',
      dryRun: false,
    })
  ).run;
  await executeRun(f.deps, again.id);
  const second = await getRunById(db, again.id);
  return {
    calls: done?.calls ?? 0,
    created: done?.counts.created ?? 0,
    engineUsPerRecord: (total.user + total.system - soapCpu.us) / n,
    noChangeCalls: second?.calls ?? -1,
  };
}

export async function runSyncBench(): Promise<Figures> {
  const n = 5_000;
  const figures = await onEachBenchDatabase(4, async (db, dialect) => {
    await migrateToLatest(db);
    const r = await exportOnce(db, n);
    return {
      [`${dialect}: export ${n} new customers`]: `${r.created} created, ${r.calls} calls to 24SO`,
      [`${dialect}: calls per record`]: `${(r.calls / n).toFixed(4)} (target ≤ 0.02)`,
      [`${dialect}: run with nothing changed`]: `${r.noChangeCalls} calls (target: no write, ≤ 1 read per kind and page)`,
      [`${dialect}: engine CPU per record, SOAP excluded`]: `${r.engineUsPerRecord.toFixed(1)} µs (target < 100 µs: ${r.engineUsPerRecord < 100 ? 'met' : 'NOT met'})`,
    };
  });
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./sync-rss.ts', import.meta.url)), '20000'],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  figures['sqlite: peak RSS of a 20,000-customer export (own process)'] =
    child.status === 0 ? line : `failed: ${child.stderr.slice(-300)}`;
  return figures;
}
