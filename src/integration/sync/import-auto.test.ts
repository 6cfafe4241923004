// Scenario: the office imports customers and products from 24SO, only changes come again; automatic export wakes only for changes; 24SO's quarantine pauses a run until it ends.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createSandbox } from '../../sandbox/server.ts';
import { createCustomer, listCustomers } from '../../workspace/customers.ts';
import { getProjectByNumber } from '../../workspace/projects.ts';
import { SessionCache } from '../session-cache.ts';
import { customerAdapter } from './customer-adapter.ts';
import { executeRun } from './engine.ts';
import { getRecords } from './records.ts';
import { createOrJoinRun, getRunById } from './runs.ts';
import { dueKinds } from './scheduler.ts';
import { getRunDetail, startSync } from './service.ts';
import { connectedWorkspace } from './test-support.ts';

describeEachDatabase('sync engine import, automatic trigger and quarantine', (getDb) => {
  it('imports customers and products, then only what changed', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo' });
    const f = await connectedWorkspace(db, sandbox, {
      customers: { direction: 'import' },
      products: { direction: 'import' },
    });
    const ws = f.workspaceId;
    const queue = f.worker.queue();
    const run = async (entity: 'customer' | 'product' | 'project') => {
      const { run } = await startSync(
        { db, clock: f.deps.clock, queue },
        { workspaceId: ws, trigger: 'manual', entity, dryRun: false },
      );
      await f.worker.drain();
      return getRunDetail(db, ws, run.id);
    };
    const client = sandbox.state.clients.find((c) => c.companies.length > 0);
    const active = (client?.companies ?? []).filter((c) => c.$active !== false);
    const first = await run('customer');
    expect(first?.state).toBe('done');
    expect((first?.counts.imported ?? 0) + (first?.counts.failed ?? 0)).toBe(client?.companies.length);
    expect(first?.counts.imported).toBeGreaterThan(0);
    for (const failure of first?.failures ?? []) expect(failure.reason).toMatch(/^Kan ikke hentes inn: /);
    const local = await listCustomers(db, ws, {}, { limit: 500 });
    const imported = [...(await getRecords(db, ws, 'customer')).values()].filter((r) => r.state === 'synced');
    expect(imported.every((r) => r.origin === 'import')).toBe(true);
    const nordvik = active.find((c) => c.OrganizationNumber);
    expect(local.items.find((c) => c.orgNumber === nordvik?.OrganizationNumber)).toMatchObject({
      number: nordvik?.Id,
    });

    const again = await run('customer');
    expect(again?.counts.imported).toBe(0);
    // One company edited in 24SO: only it comes again.
    if (nordvik) {
      nordvik.Name = 'Nordvik Bygg og Anlegg AS';
      nordvik.DateChanged = new Date(Date.now() + 1000).toISOString().slice(0, 19);
    }
    const third = await run('customer');
    expect(third?.counts.imported).toBe(1);
    expect(
      (await listCustomers(db, ws, {}, { limit: 500 })).items.find((c) => c.number === nordvik?.Id)?.name,
    ).toBe('Nordvik Bygg og Anlegg AS');

    const products = await run('product');
    expect(products?.counts.imported).toBe(client?.products.length);

    // Projects (open and closed) come with their customer's link when that customer was imported.
    await db
      .updateTable('integration_settings')
      .set({
        document: JSON.stringify({
          ...(await import('../settings.ts').then((m) => m.getSettings(db, ws))).settings,
          projects: { sync: 'manual', direction: 'import', includeCustomer: true },
        }),
      })
      .where('workspace_id', '=', ws)
      .execute();
    const projects = await run('project');
    expect(projects?.counts.imported).toBe(client?.projects.length);
    const boligfelt = client?.projects.find((p) => p.Name === 'Boligfelt Nordvik, trinn 2');
    const localProject = await getProjectByNumber(db, ws, String(boligfelt?.Id));
    const customerLink = (await getRecords(db, ws, 'customer')).get(localProject?.customerId ?? '');
    expect(localProject).toMatchObject({ name: 'Boligfelt Nordvik, trinn 2', status: 'active' });
    expect(customerLink?.remoteId).toBe(String(boligfelt?.CustomerId));
    const closed = client?.projects.find((p) => p.$deactivated === true);
    expect((await getProjectByNumber(db, ws, String(closed?.Id)))?.status).toBe('completed');
  });

  it('wakes the automatic export only for changes, and pauses a run while 24SO is in quarantine', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'empty' });
    const f = await connectedWorkspace(db, sandbox, { customers: { sync: 'auto' } });
    const ws = f.workspaceId;
    expect(await dueKinds(f.deps, ws)).toEqual([]);
    for (let i = 0; i < 3; i++) await createCustomer(db, ws, { name: `Auto ${i} AS` });
    expect(await dueKinds(f.deps, ws)).toEqual(['customer']);

    // 24SO allows only a few more calls this hour: the run waits for the quarantine to end.
    const size = customerAdapter.batchSize;
    customerAdapter.batchSize = 1;
    try {
      sandbox.setFaults({ requestsPerHour: 4 });
      const { run } = await createOrJoinRun(db, f.deps.clock, {
        workspaceId: ws,
        trigger: 'auto',
        entity: null,
        dryRun: false,
      });
      const outcome = await executeRun(f.deps, run.id);
      expect(outcome.state).toBe('waiting');
      const waiting = await getRunById(db, run.id);
      expect(waiting).toMatchObject({
        state: 'waiting',
        waitingUntil: expect.any(String),
        message: expect.stringContaining('Venter på 24SevenOffice til kl.'),
      });
      sandbox.setFaults({ requestsPerHour: null });
      // The quarantine is over (here: lifted); a worker after the pause resumes the same run.
      const resumed = await executeRun(
        { ...f.deps, connection: { ...f.deps.connection, sessions: new SessionCache() } },
        run.id,
      );
      expect(resumed.state).toBe('done');
    } finally {
      customerAdapter.batchSize = size;
    }
    expect(sandbox.state.clients.flatMap((c) => c.companies)).toHaveLength(3);
    expect(await dueKinds(f.deps, ws)).toEqual([]);
  });
});
