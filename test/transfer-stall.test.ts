// Scenario: a worker process is running three «Lag faktura (24SevenOffice)» transfers when it
// stalls (SIGSTOP, as a long GC pause would): one just before it writes the order's intent, one
// just before it sends SaveInvoices, one just after 24SO answered SaveInvoices and before it
// wrote the OrderId down. The job leases run out, another worker takes the three jobs over and
// makes each attachment an order (finding the one already saved by its key). Then the stalled
// worker wakes up (SIGCONT) mid-transfer. The fence (decisions 66 and 79) stops it: it sends
// nothing more to 24SO and writes nothing more on the attachments, so each attachment has
// exactly one order and stays «Overført». On the embedded job table (SQLite) and on pg-boss
// (PostgreSQL).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sandboxConnection } from '../src/integration/sync/test-support.ts';
import { createInvoiceAttachment, getInvoiceAttachment } from '../src/invoicing/attachments.ts';
import { connectForInvoicing, invoicingFixture } from '../src/invoicing/invoicing-fixture.ts';
import type { TransferCheckpoint } from '../src/invoicing/transfer.ts';
import { INVOICE_TRANSFER_JOB, requestTransfer, transferJobHandler } from '../src/invoicing/transfer-job.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { postgresAvailable } from './databases.ts';
import { requireOrSkip } from './requirements.ts';
import {
  onEmbeddedEngine,
  onPgBossEngine,
  type StallChild,
  type StallSetup,
  sandboxCalls,
  startStallChild,
  waitFor,
} from './stall-support.ts';

/** Long enough for pg-boss, which cannot renew, to let a transfer reach its checkpoint. */
const LEASE_MS = 4_000;
/** The demo seed's customer and project in «Demo Maskin AS», which the fixture's project bills. */
const links = async (_db: unknown, _ws: string, kind: 'customer' | 'project') =>
  kind === 'customer' ? 10001 : 1001;

/** Three parts of the fixture's March, each an attachment stalled at another point. */
const PARTS: { from: string; to: string; stallAt: TransferCheckpoint }[] = [
  { from: '2025-03-01', to: '2025-03-05', stallAt: 'before-intent' },
  { from: '2025-03-06', to: '2025-03-15', stallAt: 'before-save' },
  { from: '2025-03-16', to: '2025-03-31', stallAt: 'after-save' },
];

async function scenario(setup: StallSetup): Promise<void> {
  const sandbox = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo' });
  const secret = randomBytes(32);
  let child: StallChild | undefined;
  try {
    const { db } = setup;
    const clock = () => new Date();
    const f = await invoicingFixture(db);
    const connection = sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret });
    await connectForInvoicing(db, connection, f.workspaceId);
    const ids: string[] = [];
    for (const part of PARTS) {
      const a = await createInvoiceAttachment(db, f.workspaceId, f.projectId, part, 'admin');
      ids.push(a.row.id);
    }
    const rows = () =>
      Promise.all(ids.map(async (id) => (await getInvoiceAttachment(db, f.workspaceId, id))?.row));
    const orders = async () =>
      (
        (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
          clients: { orders: { ReferenceNumber?: string }[] }[];
        }
      ).clients.flatMap((c) => c.orders);
    const ordersBefore = (await orders()).length;

    const engine = setup.engine();
    for (const id of ids) {
      const queued = await requestTransfer({ db, clock, queue: engine.queue }, f.workspaceId, id);
      expect(queued.state).toBe('queued');
    }
    child = startStallChild({
      ...setup.childEnv,
      SANDBOX_URL: sandbox.url,
      SECRET_KEY: secret.toString('base64'),
      STALL_TRANSFERS: JSON.stringify(Object.fromEntries(ids.map((id, i) => [id, PARTS[i]?.stallAt]))),
    });
    await child.stalled();
    // Where each stands: no intent yet; the intent written; the order saved in 24SO but not noted.
    expect((await rows()).map((r) => r?.transfer_step ?? null)).toEqual([null, 'intent', 'intent']);
    expect((await orders()).length).toBe(ordersBefore + 1);

    // Another worker takes the three jobs over once the stalled one's leases ran out.
    const taker = engine.worker({
      [INVOICE_TRANSFER_JOB]: transferJobHandler({ db, connection, links, clock }),
    });
    taker.start();
    await waitFor('every attachment to be transferred by the other worker', async () =>
      (await rows()).every((r) => r?.status === 'transferred' && r.transfer_requested_at === null),
    );
    await taker.stop();
    const settled = await rows();
    const callsBefore = await sandboxCalls(sandbox.url);

    // The stalled worker wakes up in the middle of its three transfers.
    expect(await child.resume(), child.output()).toBe(0);
    expect(child.output()).toContain('DONE');

    // Exactly one order per attachment, the one saved before the stall found again, not re-made.
    const all = await orders();
    expect(all.length).toBe(ordersBefore + PARTS.length);
    for (const row of settled) {
      expect(all.filter((o) => o.ReferenceNumber === row?.transfer_key)).toHaveLength(1);
      expect(row).toMatchObject({ status: 'transferred', transfer_step: 'done', transfer_error: null });
      expect(JSON.parse(row?.readback_json ?? '{}')).toMatchObject({ matches: true });
    }
    // After it woke up it sent nothing to 24SO and wrote nothing on the attachments.
    expect(await sandboxCalls(sandbox.url)).toBe(callsBefore);
    expect(await rows()).toEqual(settled);
  } finally {
    child?.kill();
    await sandbox.close();
  }
}

describe('a worker stalled mid-transfer past its job lease neither sends nor writes after another took its jobs over', () => {
  it('embedded job table (SQLite file, two processes)', () => onEmbeddedEngine(LEASE_MS, scenario), 120_000);
});

describe('a worker stalled mid-transfer past its pg-boss expiry neither sends nor writes after another took its jobs over [postgres]', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;
  it('pg-boss (PostgreSQL, two processes)', () => onPgBossEngine(LEASE_MS, scenario), 120_000);
});
