// Scenario: «Lag faktura (24SevenOffice)» turns an attachment into exactly one order in 24SO's
// Ordreliste — also when the answer is lost, the process dies after the save, 24SO refuses the
// order, or two clicks race — and reads it back to compare with the preview.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../test/app-harness.ts';
import { describeEachDatabase } from '../../test/databases.ts';
import { seededRandom } from '../../test/seeded-random.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { installIntegrationRuntime } from '../integration/runtime.ts';
import type { ConnectionDeps } from '../integration/session-calls.ts';
import { EmbeddedWorker } from '../jobs/embedded.ts';
import type { Obj } from '../sandbox/codec.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import { caught } from '../workspace/test-support.ts';
import { attachmentView, transferStateOf } from './attachment-schemas.ts';
import { createInvoiceAttachment, deleteInvoiceAttachment, getInvoiceAttachment } from './attachments.ts';
import { connectForInvoicing, type InvoicingFixture, invoicingFixture } from './invoicing-fixture.ts';
import type { LinkLookup } from './links.ts';
import { loadPreview } from './preview-load.ts';
import { type TransferDeps, transferAttachment } from './transfer.ts';
import { INVOICE_TRANSFER_JOB, requestTransfer, transferJobHandler } from './transfer-job.ts';

describeEachDatabase('transfer to 24SO', (getDb) => {
  // Real time, moved forward by a test that waits out 24SO's quarantine.
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  let h: AppHarness;
  let sandbox: Sandbox;
  let runtime: ConnectionDeps;

  // Where the sandbox's faults draw from; a test may pin it to a seeded sequence.
  let random = Math.random;

  beforeAll(async () => {
    h = await createAppHarness(getDb(), { clock });
    sandbox = createSandbox({ seed: 'demo', random: () => random() });
    runtime = installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
  });

  const maskin = () => sandbox.state.clients[0] as unknown as { orders: Obj[] };
  const ordersWithKey = (key: string | null) => maskin().orders.filter((o) => o.ReferenceNumber === key);

  async function connected(
    links: LinkLookup = async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001),
  ) {
    const f: InvoicingFixture = await invoicingFixture(h.db);
    await connectForInvoicing(h.db, runtime, f.workspaceId);
    const attachment = await createInvoiceAttachment(h.db, f.workspaceId, f.projectId, {}, 'admin');
    const deps: TransferDeps = { db: h.db, connection: runtime, links, clock };
    return { f, attachment, deps };
  }

  it('creates one order with every line, product and the machine dimension, reads it back and marks the hours invoiced', async () => {
    const { f, attachment, deps } = await connected();
    const outcome = await transferAttachment(deps, f.workspaceId, attachment.row.id);
    expect(outcome).toMatchObject({ state: 'transferred', readBack: { matches: true, differences: [] } });
    if (outcome.state !== 'transferred') return;
    const stored = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(stored?.row).toMatchObject({ status: 'transferred', order_id: outcome.orderId });
    if (!stored) return;
    expect(await attachmentView(h.db, f.workspaceId, stored)).toMatchObject({
      status: 'transferred',
      orderId: outcome.orderId,
      readBack: { matches: true, differences: [] },
    });
    const [order] = ordersWithKey(stored?.row.transfer_key ?? null);
    expect(order).toMatchObject({
      OrderId: outcome.orderId,
      CustomerId: 10001,
      ProjectId: 1001,
      OrderStatus: 'Web',
    });
    const rows = order?.InvoiceRows as Obj[];
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({
      ProductNo: 'TIME',
      Quantity: '7',
      Price: '1350.00',
      UserDefinedDimensions: [{ TypeId: 101, Value: 'GM-01' }],
    });
    expect(rows[1]?.UserDefinedDimensions).toBeUndefined();
    expect(order).toMatchObject({ OrderTotalIncVat: '35193.53', OrderTotalVat: '7017.91' });
    const hours = await h.db
      .selectFrom('hour_entries')
      .select(['id', 'invoiced_at'])
      .where('invoice_attachment_id', '=', attachment.row.id)
      .execute();
    expect(hours).toHaveLength(3);
    for (const hour of hours) expect(hour.invoiced_at).not.toBeNull();
    // Again (a double click, a retry): the same order, no second one; deleting is refused.
    expect(await transferAttachment(deps, f.workspaceId, attachment.row.id)).toMatchObject({
      orderId: outcome.orderId,
    });
    expect(ordersWithKey(stored?.row.transfer_key ?? null)).toHaveLength(1);
    expect(await caught(() => deleteInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))).toMatchObject(
      {
        message: expect.stringContaining(`ordre ${outcome.orderId}`),
      },
    );
  });

  it('a lost answer after 24SO saved: the retry finds the order by its key instead of saving again', async () => {
    const { f, attachment, deps } = await connected();
    // The preview reads 24SO's lists once (cached a minute); from here every answer is lost.
    await loadPreview(deps, f.workspaceId, attachment);
    sandbox.setFaults({ dropResponseRate: 1 });
    let first: Awaited<ReturnType<typeof transferAttachment>>;
    try {
      first = await transferAttachment(deps, f.workspaceId, attachment.row.id);
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    expect(first).toMatchObject({ state: 'uncertain', message: expect.stringContaining('usikkert') });
    const key =
      (await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))?.row.transfer_key ?? null;
    expect(ordersWithKey(key)).toHaveLength(1);
    expect(await caught(() => deleteInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))).toMatchObject(
      {
        code: 'rule_violation',
      },
    );
    const second = await transferAttachment(deps, f.workspaceId, attachment.row.id);
    expect(second).toMatchObject({ state: 'transferred', orderId: ordersWithKey(key)[0]?.OrderId });
    expect(ordersWithKey(key)).toHaveLength(1);
  });

  it('a crash between the save and the bookkeeping: the next run finds the order and does not save again', async () => {
    const { f, attachment, deps } = await connected();
    const crash = await caught(() =>
      transferAttachment(
        {
          ...deps,
          checkpoint: async (point) => {
            if (point === 'after-save') throw new Error('process died');
          },
        },
        f.workspaceId,
        attachment.row.id,
      ),
    );
    expect(crash).toMatchObject({ message: 'process died' });
    const key =
      (await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))?.row.transfer_key ?? null;
    expect(ordersWithKey(key)).toHaveLength(1);
    expect(await transferAttachment(deps, f.workspaceId, attachment.row.id)).toMatchObject({
      state: 'transferred',
    });
    expect(ordersWithKey(key)).toHaveLength(1);
  });

  it('a customer 24SO refuses: a Norwegian message, nothing sent, the attachment open to fix and try again', async () => {
    const { f, attachment, deps } = await connected(async (_db, _ws, kind) =>
      kind === 'customer' ? 99999 : 1001,
    );
    const before = maskin().orders.length;
    const refused = await transferAttachment(deps, f.workspaceId, attachment.row.id);
    expect(refused).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('24SevenOffice avviste ordren'),
    });
    expect(maskin().orders.length).toBe(before);
    const row = (await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))?.row;
    expect(row).toMatchObject({
      status: 'open',
      transfer_step: null,
      transfer_error: expect.stringContaining('99999'),
    });
    const fixed = await transferAttachment(
      { ...deps, links: async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001) },
      f.workspaceId,
      attachment.row.id,
    );
    expect(fixed).toMatchObject({ state: 'transferred' });
    expect(maskin().orders.length).toBe(before + 1);
  });

  it('two transfers at once make one order', async () => {
    const { f, attachment, deps } = await connected();
    const before = maskin().orders.length;
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => transferAttachment(deps, f.workspaceId, attachment.row.id)),
    );
    expect(outcomes.filter((o) => o.state === 'transferred').length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes) expect(['transferred', 'busy']).toContain(o.state);
    expect(maskin().orders.length).toBe(before + 1);
  });

  it('is blocked while the customer and project are not in 24SO', async () => {
    const { f, attachment, deps } = await connected(async () => undefined);
    const outcome = await transferAttachment(deps, f.workspaceId, attachment.row.id);
    expect(outcome.state).toBe('blocked');
    if (outcome.state === 'blocked')
      expect(outcome.preview.blockers.map((b) => b.code)).toEqual([
        'customer_not_linked',
        'project_not_linked',
      ]);
  });

  function worker(deps: TransferDeps): EmbeddedWorker {
    return new EmbeddedWorker(
      { db: h.db, clock, logger: h.deps.logger },
      { [INVOICE_TRANSFER_JOB]: transferJobHandler(deps) },
    );
  }

  it('«Lag faktura» twice is one job and one order; the job marks every line of the attachment invoiced', async () => {
    const { f, attachment, deps } = await connected();
    const w = worker(deps);
    const before = maskin().orders.length;
    const first = await requestTransfer(
      { db: h.db, clock, queue: w.queue() },
      f.workspaceId,
      attachment.row.id,
    );
    const second = await requestTransfer(
      { db: h.db, clock, queue: w.queue() },
      f.workspaceId,
      attachment.row.id,
    );
    expect(first).toMatchObject({ state: 'queued', deduplicated: false });
    expect(second).toMatchObject({ state: 'queued', deduplicated: true });
    if (first.state === 'queued' && second.state === 'queued') expect(second.jobId).toBe(first.jobId);
    const queued = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(queued && transferStateOf(queued.row)).toBe('queued');
    expect(await caught(() => deleteInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))).toMatchObject(
      {
        message: expect.stringContaining('står i kø for overføring'),
      },
    );

    expect(await w.drain()).toBe(1);
    const done = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(done?.row).toMatchObject({ status: 'transferred', transfer_requested_at: null });
    expect(done && transferStateOf(done.row)).toBe('transferred');
    expect(maskin().orders.length).toBe(before + 1);
    for (const table of ['hour_entries', 'transport_entries', 'material_lines', 'free_text_lines'] as const) {
      const rows = await h.db
        .selectFrom(table)
        .select('invoiced_at')
        .where('invoice_attachment_id', '=', attachment.row.id)
        .execute();
      expect(rows.length, table).toBeGreaterThan(0);
      for (const r of rows) expect(r.invoiced_at, table).not.toBeNull();
    }
    // Asked again after the order exists: the order, no job.
    expect(
      await requestTransfer({ db: h.db, clock, queue: w.queue() }, f.workspaceId, attachment.row.id),
    ).toEqual({ state: 'transferred', orderId: done?.row.order_id });
    expect(await w.drain()).toBe(0);
  });

  it('24SO quarantined mid-transfer: the job waits until the quarantine ends, then makes the one order', async () => {
    const { f, attachment, deps } = await connected();
    const w = worker(deps);
    const before = maskin().orders.length;
    // The preview's lists are read (and cached); then 24SO takes no more calls this hour.
    await loadPreview(deps, f.workspaceId, attachment);
    await requestTransfer({ db: h.db, clock, queue: w.queue() }, f.workspaceId, attachment.row.id);
    sandbox.setFaults({ requestsPerHour: 1 });
    try {
      expect(await w.drain()).toBe(1);
    } finally {
      sandbox.setFaults({ requestsPerHour: null });
    }
    const waiting = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(waiting?.row).toMatchObject({ status: 'transferring', transfer_step: 'intent' });
    expect(waiting && transferStateOf(waiting.row)).toBe('waiting');
    const until = waiting?.row.transfer_waiting_until ?? '';
    expect(Date.parse(until)).toBeGreaterThan(Date.now());
    const job = await h.db
      .selectFrom('jobs')
      .select(['state', 'run_at'])
      .where('unique_key', '=', `invoice-transfer:${attachment.row.id}`)
      .executeTakeFirst();
    expect(job).toEqual({ state: 'queued', run_at: until });
    expect(maskin().orders.length).toBe(before);
    // Nothing runs before the quarantine ends …
    expect(await w.drain()).toBe(0);
    // … and after it the same job searches for the key, saves once and reads back.
    offsetMs = Date.parse(until) - Date.now() + 1000;
    try {
      expect(await w.drain()).toBe(1);
    } finally {
      offsetMs = 0;
    }
    const done = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(done?.row).toMatchObject({
      status: 'transferred',
      transfer_waiting_until: null,
      transfer_requested_at: null,
    });
    expect(maskin().orders.length).toBe(before + 1);
    expect(ordersWithKey(done?.row.transfer_key ?? null)).toHaveLength(1);
    // The recorded quarantine ended with the moved clock; back on real time it must not linger.
    await h.db.deleteFrom('twentyfour_quarantines').execute();
  });

  it('six answers in ten lost: the job reads again instead of spending its attempts, and makes one order', async () => {
    const { f, attachment, deps } = await connected();
    const w = worker(deps);
    await loadPreview(deps, f.workspaceId, attachment);
    await requestTransfer({ db: h.db, clock, queue: w.queue() }, f.workspaceId, attachment.row.id);
    sandbox.calls.clear();
    let runs = 0;
    random = seededRandom(3);
    sandbox.setFaults({ dropResponseRate: 0.6 });
    try {
      // Each job run goes as far as 24SO's answers let it; a lost order answer waits for the
      // engine's backoff, which the moved clock lets pass.
      for (let round = 0; round < 5; round++) {
        runs += await w.drain();
        const a = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
        if (a?.row.status === 'transferred') break;
        offsetMs += 16 * 60_000;
      }
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
      random = Math.random;
      offsetMs = 0;
    }
    const done = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(done?.row).toMatchObject({ status: 'transferred', transfer_error: null });
    expect(ordersWithKey(done?.row.transfer_key ?? null)).toHaveLength(1);
    const calls = sandbox.calls.list();
    // Answers to the order, the session check and the reads were lost; the order went once.
    expect(
      calls.filter((c) => c.operation === 'GetInvoices' && c.outcome === 'dropped').length,
    ).toBeGreaterThan(0);
    expect(calls.filter((c) => c.operation === 'SaveInvoices')).toHaveLength(1);
    // Two job runs: the order's lost answer costs one attempt (the next run looks for its key);
    // the lost answers to the session check and the reads cost none.
    expect(runs).toBe(2);
  });

  it('a lost answer in a job: the retry finds the order by its key', async () => {
    const { f, attachment, deps } = await connected();
    const w = worker(deps);
    await loadPreview(deps, f.workspaceId, attachment);
    await requestTransfer({ db: h.db, clock, queue: w.queue() }, f.workspaceId, attachment.row.id);
    sandbox.setFaults({ dropResponseRate: 1 });
    try {
      expect(await w.drain()).toBe(1);
    } finally {
      sandbox.setFaults({ dropResponseRate: 0 });
    }
    const uncertain = await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id);
    expect(uncertain?.row.transfer_error).toContain('usikkert');
    expect(uncertain && transferStateOf(uncertain.row)).toBe('queued');
    const key = uncertain?.row.transfer_key ?? null;
    expect(ordersWithKey(key)).toHaveLength(1);
    // The retry is due after the engine's backoff.
    offsetMs = 60_000;
    try {
      expect(await w.drain()).toBe(1);
    } finally {
      offsetMs = 0;
    }
    expect((await getInvoiceAttachment(h.db, f.workspaceId, attachment.row.id))?.row.status).toBe(
      'transferred',
    );
    expect(ordersWithKey(key)).toHaveLength(1);
  });
});
