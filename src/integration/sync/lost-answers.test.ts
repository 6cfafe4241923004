// Scenario: 24SO loses six answers in ten, so now and then one read goes unanswered four times in
// a row; the office's «Synkroniser nå» waits a moment («Venter på 24SevenOffice …») and carries
// on, and ends done with every customer, product, project and hour once in 24SO. When 24SO
// answers nothing at all the run still ends, after a few pauses, with the message it always had,
// and the next run finishes the job without a duplicate.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { seededRandom } from '../../../test/seeded-random.ts';
import { createSandbox, type Sandbox } from '../../sandbox/server.ts';
import { createCustomer } from '../../workspace/customers.ts';
import { createEmployee } from '../../workspace/employees.ts';
import { approveHours } from '../../workspace/hour-approval.ts';
import { createHourType } from '../../workspace/hour-types.ts';
import { createHourEntry } from '../../workspace/hours.ts';
import { createProduct } from '../../workspace/products.ts';
import { createProject } from '../../workspace/projects.ts';
import { writeHourSettings } from '../hours/test-support.ts';
import { customerAdapter } from './customer-adapter.ts';
import { productAdapter } from './product-adapter.ts';
import { getRecords } from './records.ts';
import type { RunOutcome } from './run-context.ts';
import { listRuns } from './runs.ts';
import { getRunDetail, startSync } from './service.ts';
import { connectedWorkspace, runToEnd, type SyncFixture } from './test-support.ts';

/** Customers, products, projects and approved hours on those projects, none of them in 24SO yet. */
async function office(f: SyncFixture, sizes: { customers: number; products: number; hours: number }) {
  const db = f.deps.db;
  const ws = f.workspaceId;
  const customers = [];
  for (let i = 0; i < sizes.customers; i++)
    customers.push(await createCustomer(db, ws, { name: `Tapt Svar Kunde ${i} AS` }));
  const products = [];
  for (let i = 0; i < sizes.products; i++)
    products.push(await createProduct(db, ws, { number: `TS-${i}`, name: `Vare ${i}` }));
  const projects = [];
  for (let i = 0; i < 4; i++)
    projects.push(
      await createProject(db, ws, {
        number: `TS-P${i}`,
        name: `Tapt Svar Prosjekt ${i}`,
        customerId: customers[i]?.id,
      }),
    );
  await writeHourSettings(db, ws, {
    sync: 'manual',
    startDate: '2025-01-01',
    workTypeByHourType: { ORD: '1' },
  });
  const ola = await createEmployee(db, ws, { number: 1, name: 'Ola Nordmann', twentyfourContactId: 501 });
  const ord = await createHourType(db, ws, { code: 'ORD', name: 'Ordinær' });
  const hours: string[] = [];
  for (let i = 0; i < sizes.hours; i++) {
    const h = await createHourEntry(db, ws, {
      employeeId: ola.id,
      projectId: projects[i % projects.length]?.id as string,
      hourTypeId: ord.id,
      date: `2025-05-${String(1 + (i % 28)).padStart(2, '0')}`,
      hours: '1',
      description: `Time ${i}`,
    });
    hours.push(h.id);
  }
  await approveHours(db, ws, hours, 'admin@demo.no');
  return { customers, products, projects, hours };
}

/** What 24SO's "Demo Maskin AS" holds of this office's records, by their keys. */
function inTwentyFour(sandbox: Sandbox) {
  const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
  return {
    companies: (client?.companies ?? []).filter((c) => String(c.Name).startsWith('Tapt Svar Kunde')),
    products: (client?.products ?? []).filter((p) => String(p.No).startsWith('TS-')),
    projects: (client?.projects ?? []).filter((p) => String(p.Name).startsWith('Tapt Svar Prosjekt')),
    hours: (client?.hours ?? []).filter((h) => String(h.InternalNote ?? '').includes('[broen:')),
  };
}

/** How many times a read's answer was lost four times in a row in the sandbox's call log. */
function readsLostFourInARow(sandbox: Sandbox): number {
  let streaks = 0;
  let run = 0;
  for (const call of sandbox.calls.list()) {
    const read = !/^(Save|Delete|Login$)/.test(call.operation);
    run = read && call.outcome === 'dropped' ? run + 1 : 0;
    if (run === 4) streaks++;
  }
  return streaks;
}

describeEachDatabase('sync run under lost answers', (getDb) => {
  it('waits and carries on when reads go unanswered four times in a row, and ends done with every record once in 24SO', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo', random: seededRandom(11) });
    const outcomes: RunOutcome[] = [];
    // The default patience, with shorter pauses so the test does not wait whole seconds.
    const f = await connectedWorkspace(
      db,
      sandbox,
      {},
      {
        timeoutMs: 5_000,
        patience: { firstPauseMs: 50, maxPauseMs: 400, outageAt: 8 },
        onOutcome: (o) => outcomes.push(o),
      },
    );
    const ws = f.workspaceId;
    const made = await office(f, { customers: 24, products: 9, hours: 24 });
    // Small batches: many writes for the faults to hit, each lost answer read back.
    const sizes = [customerAdapter.batchSize, productAdapter.batchSize];
    customerAdapter.batchSize = 4;
    productAdapter.batchSize = 3;
    sandbox.calls.clear();
    sandbox.setFaults({ dropResponseRate: 0.6 });
    let detail: Awaited<ReturnType<typeof getRunDetail>>;
    try {
      const { run } = await startSync(
        { db, clock: f.deps.clock, queue: f.worker.queue() },
        { workspaceId: ws, trigger: 'manual', entity: null, dryRun: false },
      );
      await runToEnd(f, run.id, 110_000);
      detail = await getRunDetail(db, ws, run.id);
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
      customerAdapter.batchSize = sizes[0] ?? 250;
      productAdapter.batchSize = sizes[1] ?? 250;
    }

    // Reads did go unanswered through all their tries, more than once, and the run waited each
    // time with a Norwegian reason instead of ending.
    expect(readsLostFourInARow(sandbox)).toBeGreaterThanOrEqual(3);
    // Among them an hour's save whose answer was lost and whose marker search then went
    // unanswered four times: the hour was settled after the pause, not sent again.
    const log = sandbox.calls
      .list()
      .map((c) => `${c.operation}:${c.outcome}`)
      .join(' ');
    expect(log).toMatch(/SaveHour:dropped( GetHours:dropped){4} HasSession/);
    const pauses = outcomes.filter((o) => o.state === 'waiting');
    expect(pauses.length).toBeGreaterThanOrEqual(3);
    for (const p of pauses)
      expect(p.state === 'waiting' && p.run.message).toMatch(
        /^Venter på 24SevenOffice til kl\. \d\d:\d\d: svarene fra 24SevenOffice kom ikke fram\./,
      );
    // One run, done, nothing failed, and it no longer says it waits.
    expect(await listRuns(db, ws)).toHaveLength(1);
    expect(detail?.state, detail?.message ?? '').toBe('done');
    expect(detail?.message).toBeNull();
    // Counted once over its slices: nothing it sent before a pause is «unchanged» after it.
    expect(detail?.counts).toMatchObject({ failed: 0, created: 24 + 9 + 4 + 24, unchanged: 0, skipped: 0 });

    // Each record exactly once in 24SO, and each link points at it.
    const held = inTwentyFour(sandbox);
    expect(held.companies.map((c) => c.ExternalId).sort()).toEqual(made.customers.map((c) => c.id).sort());
    expect(held.products.map((p) => p.No).sort()).toEqual(made.products.map((p) => p.number).sort());
    expect(held.projects).toHaveLength(4);
    const markers = held.hours.map((h) => String(h.InternalNote).match(/\[broen:([^\]]+)\]/)?.[1]);
    expect(markers.filter((m) => made.hours.includes(m ?? '')).sort()).toEqual([...made.hours].sort());
    for (const entity of ['customer', 'product', 'project', 'hour'] as const) {
      const links = [...(await getRecords(db, ws, entity)).values()];
      expect(links.every((l) => l.state === 'synced' && !l.intent)).toBe(true);
    }
    const customerLinks = await getRecords(db, ws, 'customer');
    for (const c of made.customers) {
      const company = held.companies.find((x) => x.ExternalId === c.id);
      expect(customerLinks.get(c.id)?.remoteId).toBe(String(company?.Id));
    }
    // The connection box was not left saying 24SO is down.
    const connection = await db
      .selectFrom('integration_connections')
      .select('state')
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    expect(connection.state).toBe('connected');
  }, 240_000);

  it('ends the run with its old message when 24SO answers nothing, after a few pauses and few calls; the next run makes nothing twice', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo', random: seededRandom(5) });
    const outcomes: RunOutcome[] = [];
    const f = await connectedWorkspace(
      db,
      sandbox,
      {},
      {
        timeoutMs: 2_000,
        patience: { firstPauseMs: 10, maxPauseMs: 40, outageAt: 8 },
        onOutcome: (o) => outcomes.push(o),
      },
    );
    const ws = f.workspaceId;
    const made = await office(f, { customers: 6, products: 0, hours: 0 });
    const start = () =>
      startSync(
        { db, clock: f.deps.clock, queue: f.worker.queue() },
        { workspaceId: ws, trigger: 'manual', entity: 'customer', dryRun: false },
      );
    // 24SO takes every request and carries it out, but no answer comes back.
    sandbox.calls.clear();
    sandbox.setFaults({ dropResponseRate: 1 });
    let stopped: Awaited<ReturnType<typeof getRunDetail>>;
    try {
      const { run } = await start();
      await runToEnd(f, run.id);
      stopped = await getRunDetail(db, ws, run.id);
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    expect(stopped?.state).toBe('failed');
    expect(stopped?.message).toMatch(
      /^Synkroniseringen stoppet: Kunne ikke nå 24SevenOffice \(.+\)\. Det som ikke ble bekreftet, sjekkes mot 24SevenOffice ved neste synkronisering\.$/,
    );
    // It waited seven times, then took the silence for an outage; the box says so.
    expect(outcomes.map((o) => o.state)).toEqual([...Array(7).fill('waiting'), 'failed']);
    const connection = await db
      .selectFrom('integration_connections')
      .select('state')
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    expect(connection.state).toBe('unreachable');
    // Backed off rather than hammered: one write, then four tries per pause, no more.
    expect(sandbox.calls.list().length).toBeLessThanOrEqual(1 + 4 * 8);

    // 24SO answers again: the next run finds what the lost write made and sends nothing twice.
    const { run: next } = await start();
    expect(await runToEnd(f, next.id)).toMatchObject({ state: 'done', counts: { failed: 0 } });
    const held = inTwentyFour(sandbox);
    expect(held.companies.map((c) => c.ExternalId).sort()).toEqual(made.customers.map((c) => c.id).sort());
  }, 120_000);
});
