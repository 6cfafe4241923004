// Scenario: the office exports its customers, products and projects to 24SO; a record 24SO refuses fails alone with a Norwegian reason, and a second run with nothing changed sends nothing.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createSandbox } from '../../sandbox/server.ts';
import { createCustomer, softDeleteCustomer, updateCustomer } from '../../workspace/customers.ts';
import { createEmployee } from '../../workspace/employees.ts';
import { createProduct, updateProduct } from '../../workspace/products.ts';
import { createProject, updateProject } from '../../workspace/projects.ts';
import { getRecord, listRecords } from './records.ts';
import { getRunDetail, retryFailed, startSync } from './service.ts';
import { connectedWorkspace, runToEnd } from './test-support.ts';

describeEachDatabase('sync engine export', (getDb) => {
  it('exports every kind once, refuses one record alone, and sends nothing when nothing changed', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'empty' });
    const f = await connectedWorkspace(db, sandbox, {
      customers: { sync: 'manual', direction: 'export', paymentTermsDays: 20 },
    });
    const ws = f.workspaceId;
    const queue = f.worker.queue();
    const start = (entity: 'customer' | 'project' | 'product' | null = null, dryRun = false) =>
      startSync({ db, clock: f.deps.clock, queue }, { workspaceId: ws, trigger: 'api', entity, dryRun });

    const nordvik = await createCustomer(db, ws, {
      name: 'Nordvik Bygg AS',
      orgNumber: '923456783',
      email: 'post@nordvikbygg.no',
      invoiceEmail: 'faktura@nordvikbygg.no',
      phone: '71234567',
      address: { street: 'Industriveien 4', postalCode: '6517', city: 'Kristiansund' },
      deliveryAddress: { street: 'Nyhamna 1', postalCode: '6480', city: 'Aukra' },
      paymentTermsDays: 30,
    });
    const ola = await createCustomer(db, ws, { name: 'Ola Nordmann' });
    const bad = await createCustomer(db, ws, { name: 'Feil Org AS' });
    // An org. number that slipped in before validation (an old CSV import): 24SO refuses it.
    await db.updateTable('customers').set({ org_number: '923456784' }).where('id', '=', bad.id).execute();
    const pukk = await createProduct(db, ws, {
      number: 'P-1',
      name: 'Pukk 0-32 mm',
      salesPrice: '189.00',
      costPrice: '120.50',
      stock: '14',
    });
    const kari = await createEmployee(db, ws, { name: 'Kari Hansen', twentyfourContactId: 500 } as never);
    const project = await createProject(db, ws, {
      number: '1001',
      name: 'Boligfelt Nordvik',
      customerId: nordvik.id,
      projectManagerId: kari.id,
      startDate: '2025-04-07',
    });

    // A dry run tells what would happen and writes nothing anywhere.
    const dry = await start(null, true);
    await f.worker.drain();
    const dryDetail = await getRunDetail(db, ws, dry.run.id);
    expect(dryDetail).toMatchObject({
      state: 'done',
      dryRun: true,
      counts: { created: 5, failed: 0 },
      calls: 0,
    });
    expect(sandbox.state.clients.flatMap((c) => c.companies)).toHaveLength(0);
    expect(await listRecords(db, ws, {})).toEqual([]);

    const { run } = await start();
    await f.worker.drain();
    const detail = await getRunDetail(db, ws, run.id);
    expect(detail).toMatchObject({ state: 'done', trigger: 'api', counts: { created: 4, failed: 1 } });
    expect(detail?.failures).toEqual([
      expect.objectContaining({
        localId: bad.id,
        reason: 'Organisasjonsnummeret er ugyldig i 24SevenOffice.',
      }),
    ]);
    const client = sandbox.state.clients.find((c) => c.companies.length > 0);
    expect(client).toBeDefined();
    const companies = client?.companies ?? [];
    expect(companies.map((c) => c.ExternalId).sort()).toEqual([nordvik.id, ola.id].sort());
    const n = companies.find((c) => c.ExternalId === nordvik.id);
    expect(n).toMatchObject({
      Name: 'Nordvik Bygg AS',
      OrganizationNumber: '923456783',
      Type: 'Business',
      PaymentTime: 30,
      EmailAddresses: {
        Primary: { Value: 'post@nordvikbygg.no' },
        Invoice: { Value: 'faktura@nordvikbygg.no' },
      },
      Addresses: {
        Post: { Street: 'Industriveien 4', PostalCode: '6517' },
        Delivery: { Street: 'Nyhamna 1' },
      },
    });
    expect(companies.find((c) => c.ExternalId === ola.id)).toMatchObject({
      Type: 'Consumer',
      FirstName: 'Ola',
      Name: 'Nordmann',
    });
    const nordvikLink = await getRecord(db, ws, 'customer', nordvik.id);
    expect(nordvikLink).toMatchObject({ state: 'synced', remoteId: String(n?.Id), intent: null });
    expect(client?.products).toEqual([
      expect.objectContaining({
        No: 'P-1',
        Name: 'Pukk 0-32 mm',
        Price: '189.00',
        InPrice: '120.50',
        Stock: '14.00',
        StatusId: 1,
      }),
    ]);
    expect(client?.projects).toEqual([
      expect.objectContaining({ Name: 'Boligfelt Nordvik', CustomerId: n?.Id, Participants: [500] }),
    ]);
    expect((await getRecord(db, ws, 'customer', bad.id))?.state).toBe('failed');

    // Nothing changed: no call at all.
    const again = await start();
    await f.worker.drain();
    expect(await getRunDetail(db, ws, again.run.id)).toMatchObject({
      state: 'done',
      calls: 0,
      counts: { created: 0, updated: 0, unchanged: 4 },
    });

    // Edits update the same records; deactivation sets inactive, never deletes.
    await updateCustomer(db, ws, nordvik.id, { phone: '99887766' });
    await updateProduct(db, ws, pukk.id, { active: false });
    await updateProject(db, ws, project.id, { status: 'completed' });
    await db.updateTable('customers').set({ org_number: '923456783' }).where('id', '=', bad.id).execute();
    await retryFailed(
      { db, clock: f.deps.clock, queue },
      { workspaceId: ws, entity: null, trigger: 'manual' },
    );
    await f.worker.drain();
    expect(client?.companies).toHaveLength(3);
    expect(client?.companies.find((c) => c.ExternalId === nordvik.id)).toMatchObject({
      PhoneNumbers: { Primary: { Value: '99887766' } },
    });
    expect(client?.products).toEqual([expect.objectContaining({ No: 'P-1', StatusId: 0 })]);
    expect(client?.projects).toEqual([
      expect.objectContaining({ Name: 'Boligfelt Nordvik', $deactivated: true }),
    ]);
    expect(await getRecord(db, ws, 'customer', bad.id)).toMatchObject({ state: 'synced', reason: null });

    // A customer deleted after export is not deleted in 24SO; the user is told why.
    await softDeleteCustomer(db, ws, ola.id);
    const last = await start('customer');
    await f.worker.drain();
    expect(client?.companies).toHaveLength(3);
    const skipped = await getRecord(db, ws, 'customer', ola.id);
    expect(skipped).toMatchObject({
      state: 'skipped',
      remoteId: expect.any(String),
      reason: expect.stringMatching(/ikke slettet/),
    });
    expect((await getRunDetail(db, ws, last.run.id))?.state).toBe('done');
  });

  it('stops with a clear state while 24SO is down, then continues where it stopped without a duplicate', async () => {
    const db = getDb();
    const sandbox = createSandbox({ seed: 'empty' });
    const states: string[] = [];
    // Pauses of milliseconds instead of seconds; the count that makes an outage is the default.
    const f = await connectedWorkspace(
      db,
      sandbox,
      {},
      { patience: { firstPauseMs: 10, maxPauseMs: 40, outageAt: 8 }, onOutcome: (o) => states.push(o.state) },
    );
    const ws = f.workspaceId;
    const queue = f.worker.queue();
    for (let i = 0; i < 5; i++) await createCustomer(db, ws, { name: `Nede ${i} AS` });
    // Logged in (the session from connecting is kept); then every call fails: the write's outcome
    // is unknown and the read-back fails too.
    sandbox.setFaults({ failRate: 1 });
    const { run } = await startSync(
      { db, clock: f.deps.clock, queue },
      { workspaceId: ws, trigger: 'manual', entity: 'customer', dryRun: false },
    );
    const stopped = await runToEnd(f, run.id);
    expect(stopped).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('Synkroniseringen stoppet'),
    });
    // It waited for 24SO seven times before it took the silence for an outage.
    expect(states).toEqual([...Array(7).fill('waiting'), 'failed']);
    const connection = await db
      .selectFrom('integration_connections')
      .select('state')
      .where('workspace_id', '=', ws)
      .executeTakeFirst();
    expect(connection?.state).toBe('unreachable');

    sandbox.setFaults({ failRate: 0 });
    const { run: next } = await startSync(
      { db, clock: f.deps.clock, queue },
      { workspaceId: ws, trigger: 'manual', entity: 'customer', dryRun: false },
    );
    await f.worker.drain();
    expect(await getRunDetail(db, ws, next.id)).toMatchObject({
      state: 'done',
      counts: { created: 5, failed: 0 },
    });
    expect(sandbox.state.clients.flatMap((c) => c.companies)).toHaveLength(5);
  });
});
