// Scenario: a project manager presses «Lag faktura (24SevenOffice)»; the worker process running
// the job sends the order — 24SO saves it, its answer is lost — and dies, and its job is given up
// (its workers were lost too often in a row). The page would say «Overføres» for ever. The
// automatic trigger's tick gives the transfer a new job, which finds the order by its key: one
// order. A transfer that loses its job again and again is stopped after MAX_RESUMES with a message
// saying what happened and to press «Lag faktura» again — which starts over and still makes one
// order. A request whose job is about to be enqueued is not counted as lost, and two ticks at once
// resume a transfer once.
import { expect, it } from 'vitest';
import { until } from '../../test/until.ts';
import { createLogger } from '../config/logger.ts';
import { AUTO_JOB, autoJobHandler } from '../integration/sync/scheduler.ts';
import { sandboxConnection } from '../integration/sync/test-support.ts';
import { FRESH_MS, MAX_RESUMES } from '../jobs/carry-on.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { describeEachJobEngine, type EngineOptions } from '../jobs/test-engines.ts';
import type { Claim } from '../jobs/worker.ts';
import type { Obj } from '../sandbox/codec.ts';
import { createSandbox } from '../sandbox/server.ts';
import { attachmentView, transferStateOf } from './attachment-schemas.ts';
import { createInvoiceAttachment, getInvoiceAttachment } from './attachments.ts';
import { connectForInvoicing, invoicingFixture } from './invoicing-fixture.ts';
import { invoicingJobs } from './jobs.ts';
import { loadPreview } from './preview-load.ts';
import type { TransferDeps } from './transfer.ts';
import { LOST_TRANSFER_MESSAGE } from './transfer-carry.ts';
import {
  INVOICE_TRANSFER_JOB,
  recordTransferRequest,
  requestTransfer,
  transferJobHandler,
  transferJobKey,
} from './transfer-job.ts';

/** No takeover allowed, a short lease: a job whose worker dies once is given up a second later. */
const DYING: EngineOptions = { leaseMs: 1_000, maxTakeovers: 0 };
/** A lease a healthy worker on a busy two-core machine finishes a transfer in (pg-boss fixes it when sending). */
const HEALTHY: EngineOptions = { leaseMs: 30_000, maxTakeovers: 0 };

describeEachJobEngine('an invoice transfer whose job is gone', (engine) => {
  async function setup() {
    const e = engine();
    const db = e.db;
    const sandbox = createSandbox({ seed: 'demo' });
    const connection = sandboxConnection(db, {
      fetch: (r) => sandbox.fetch(r),
      baseUrl: 'http://sandbox.test',
    });
    // Invoicing's clock: moved on past FRESH_MS once the transfer is asked for, so its lost job
    // is not taken for one «Lag faktura» is about to enqueue.
    let later = 0;
    const clock = () => new Date(Date.now() + later);
    const f = await invoicingFixture(db);
    const ws = f.workspaceId;
    await connectForInvoicing(db, connection, ws);
    const attachment = await createInvoiceAttachment(db, ws, f.projectId, {}, 'admin');
    const id = attachment.row.id;
    const deps: TransferDeps = {
      db,
      connection,
      clock,
      links: async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001),
    };
    const logger = createLogger('silent');
    // The worker's wiring as `npm start` and `broen worker` have it: the tick with invoicing's chores.
    const { chores } = invoicingJobs({ db, clock, logger, integration: connection });
    // One queue per lease (each is a "process"; on pg-boss the sender's lease is the job's).
    const dying = e.queue(DYING);
    const healthy = e.queue(HEALTHY);
    // The automatic trigger's tick on a worker of its own; its chores enqueue on `tickQueue`.
    let tickQueue = healthy;
    const ticker = e.worker(
      { [AUTO_JOB]: autoJobHandler({ db, clock, logger, connection }, () => tickQueue, chores) },
      HEALTHY,
    );
    let ticks = 0;
    const tick = async (queue: JobQueue) => {
      tickQueue = queue;
      await healthy.enqueue(AUTO_JOB, {}, { uniqueKey: `transfer-tick-${ticks++}-${id}` });
      expect(await ticker.drain()).toBeGreaterThanOrEqual(1);
    };
    const live = () => healthy.isLive(INVOICE_TRANSFER_JOB, transferJobKey(id));
    const row = async () => (await getInvoiceAttachment(db, ws, id))?.row;
    const handle = (claim: Claim) =>
      transferJobHandler(deps)(claim.job, {
        signal: new AbortController().signal,
        workerId: 'dying-worker',
        epoch: claim.epoch,
        leaseMs: claim.leaseMs,
        stillHeld: () => claim.held(),
      });
    /**
     * A worker process claims the transfer's job and dies; with `sendsOrder`, after it sent the
     * order, which 24SO saved but whose answer was lost. Its job is given up when its lease runs out.
     */
    const kill = async (sendsOrder = false) => {
      expect(await live()).toBe(true);
      const dead = await e.store(DYING).claim([INVOICE_TRANSFER_JOB], 'dying-worker');
      expect(dead?.job.payload).toEqual({ workspaceId: ws, attachmentId: id });
      if (sendsOrder && dead) {
        // The preview reads 24SO's lists once (cached a minute); from here every answer is lost.
        await loadPreview(deps, ws, attachment);
        sandbox.setFaults({ dropResponseRate: 1 });
        try {
          await expect(handle(dead)).rejects.toThrow(/usikkert om ordren ble laget/);
        } finally {
          sandbox.setFaults({ dropResponseRate: 0 });
        }
      }
      await until(async () => !(await live()));
      // Nothing else looks for it: the page still says «Overføres».
      const after = await row();
      expect(after && transferStateOf(after)).toBe('queued');
    };
    const worker = e.worker({ [INVOICE_TRANSFER_JOB]: transferJobHandler(deps) }, HEALTHY);
    const runHealthy = async () => {
      await until(async () => {
        await worker.drain();
        return (await row())?.status === 'transferred';
      });
    };
    const orders = async () => {
      const key = (await row())?.transfer_key ?? null;
      const maskin = sandbox.state.clients[0] as unknown as { orders: Obj[] };
      return maskin.orders.filter((o) => o.ReferenceNumber === key);
    };
    const saves = () => sandbox.calls.list().filter((c) => c.operation === 'SaveInvoices').length;
    return {
      e,
      dying,
      healthy,
      db,
      ws,
      id,
      clock,
      tick,
      live,
      row,
      kill,
      runHealthy,
      orders,
      saves,
      chores,
      setLater: (ms: number) => {
        later = ms;
      },
    };
  }

  it('is given a new job by the tick, which finds the order whose answer was lost by its key: one order', async () => {
    const t = await setup();
    await requestTransfer({ db: t.db, clock: t.clock, queue: t.dying }, t.ws, t.id);
    t.setLater(FRESH_MS + 1_000);
    await t.kill(true);
    expect(await t.row()).toMatchObject({ status: 'transferring', transfer_step: 'intent', order_id: null });
    expect(await t.orders()).toHaveLength(1);

    await t.tick(t.healthy);
    expect(await t.live()).toBe(true);
    expect((await t.row())?.transfer_resumes).toBe(1);
    await t.runHealthy();

    const done = await t.row();
    expect(done).toMatchObject({ status: 'transferred', transfer_requested_at: null, transfer_error: null });
    const orders = await t.orders();
    expect(orders).toHaveLength(1);
    expect(orders[0]?.OrderId).toBe(done?.order_id);
    // The order went to 24SO once: the new job searched for its key instead of saving again.
    expect(t.saves()).toBe(1);
  }, 120_000);

  it('is stopped after MAX_RESUMES with a message the page shows; «Lag faktura» again starts over and makes one order', async () => {
    const t = await setup();
    const { dying } = t;
    await requestTransfer({ db: t.db, clock: t.clock, queue: dying }, t.ws, t.id);
    t.setLater(FRESH_MS + 1_000);
    for (let resume = 1; resume <= MAX_RESUMES; resume++) {
      await t.kill(resume === 1);
      await t.tick(dying);
      expect(await t.live()).toBe(true);
      expect((await t.row())?.transfer_resumes).toBe(resume);
    }

    // Lost once more: the tick stops it, and the page says why and what to do.
    await t.kill();
    await t.tick(dying);
    expect(await t.live()).toBe(false);
    const stopped = await getInvoiceAttachment(t.db, t.ws, t.id);
    expect(stopped?.row).toMatchObject({
      status: 'transferring',
      transfer_requested_at: null,
      transfer_error: LOST_TRANSFER_MESSAGE,
    });
    if (!stopped) return;
    expect(await attachmentView(t.db, t.ws, stopped)).toMatchObject({
      transferError: expect.stringContaining('Trykk «Lag faktura (24SevenOffice)» for å prøve igjen'),
      transfer: { state: 'idle' },
    });
    // Stopped is stopped: the next tick gives it no job.
    await t.tick(dying);
    expect(await t.live()).toBe(false);

    // «Lag faktura» again: the count starts over, and a healthy worker makes the one order.
    await requestTransfer({ db: t.db, clock: t.clock, queue: t.healthy }, t.ws, t.id);
    expect(await t.row()).toMatchObject({ transfer_resumes: 0, transfer_error: null });
    await t.runHealthy();
    expect(await t.orders()).toHaveLength(1);
    expect(t.saves()).toBe(1);
  }, 180_000);

  it('gives a request whose job is about to be enqueued its job without counting it as lost', async () => {
    const t = await setup();
    // «Lag faktura» in another process has recorded the request and not yet enqueued its job.
    await recordTransferRequest({ db: t.db, clock: t.clock }, t.ws, t.id);
    const { healthy } = t;
    await t.tick(healthy);
    expect(await t.live()).toBe(true);
    expect((await t.row())?.transfer_resumes).toBe(0);
    // Its own enqueue then joins the job the tick gave it.
    const job = await healthy.enqueue(
      INVOICE_TRANSFER_JOB,
      { workspaceId: t.ws, attachmentId: t.id },
      { uniqueKey: transferJobKey(t.id) },
    );
    expect(job.deduplicated).toBe(true);
    await t.runHealthy();
    expect(await t.orders()).toHaveLength(1);
  }, 120_000);

  it('is resumed once when two ticks find it at once', async () => {
    const t = await setup();
    await requestTransfer({ db: t.db, clock: t.clock, queue: t.dying }, t.ws, t.id);
    t.setLater(FRESH_MS + 1_000);
    await t.kill();
    // Two worker processes' ticks, each on a queue of its own, both past their look at the job
    // (none live) before either enqueues: the moment that makes both want to resume it.
    const [chore] = t.chores;
    if (!chore) throw new Error('invoicing hands the tick no chore');
    let looked = 0;
    let bothLooked: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => {
      bothLooked = resolve;
    });
    const finder = (queue: JobQueue): JobQueue => ({
      enqueue: (...args) => queue.enqueue(...args),
      isLive: async (kind, key) => {
        const live = await queue.isLive(kind, key);
        if (key === transferJobKey(t.id) && ++looked === 2) bothLooked();
        if (key === transferJobKey(t.id)) await barrier;
        return live;
      },
    });
    await Promise.all([chore(finder(t.e.queue(HEALTHY))), chore(finder(t.e.queue(HEALTHY)))]);
    expect(looked).toBe(2);
    expect(await t.live()).toBe(true);
    expect((await t.row())?.transfer_resumes).toBe(1);
    await t.runHealthy();
    expect(await t.orders()).toHaveLength(1);
  }, 120_000);
});
