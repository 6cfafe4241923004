// Scenario: the worker process running a «Lag faktura (24SevenOffice)» job is killed (SIGKILL)
// right after 24SO saved the order and before Broen wrote the OrderId down; a worker in another
// process takes the job over once its lease runs out, finds the order by its key and makes no
// second one. A real second process on a SQLite file, against a sandbox server.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { SessionCache } from '../integration/session-cache.ts';
import type { ConnectionDeps } from '../integration/session-calls.ts';
import { createTwentyFourGateway } from '../integration/twentyfour-gateway.ts';
import { EmbeddedWorker, embeddedQueue } from '../jobs/embedded.ts';
import type { Obj } from '../sandbox/codec.ts';
import { type SandboxServer, startSandboxServer } from '../sandbox/server.ts';
import { createInvoiceAttachment, getInvoiceAttachment } from './attachments.ts';
import { connectForInvoicing, invoicingFixture } from './invoicing-fixture.ts';
import { INVOICE_TRANSFER_JOB, requestTransfer, transferJobHandler } from './transfer-job.ts';

/** The dead worker's job lease: short, so the test's own worker takes the job over soon. */
const LEASE_MS = 1500;
const CHILD = fileURLToPath(new URL('./transfer-crash-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'broen-crash-'));
const dbFile = join(dir, 'broen.sqlite');
const secretKey = randomBytes(32);
let db: Db;
let server: SandboxServer;
let connection: ConnectionDeps;

beforeAll(async () => {
  db = openDatabase({ sqliteFile: dbFile });
  await migrateToLatest(db);
  server = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo' });
  const clock = () => new Date();
  const logger = createLogger('silent');
  connection = {
    db,
    gateway: createTwentyFourGateway({
      fetch: (request) => fetch(request),
      logger,
      clock,
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: server.url,
    }),
    secretKey,
    sessions: new SessionCache(clock),
    logger,
    clock,
  };
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('a SIGKILL between the save and the commit leaves one order, found again by the next run', async () => {
  const f = await invoicingFixture(db);
  await connectForInvoicing(db, connection, f.workspaceId);
  const attachment = await createInvoiceAttachment(db, f.workspaceId, f.projectId, {}, 'admin');
  const maskin = server.sandbox.state.clients[0] as unknown as { orders: Obj[] };
  const before = maskin.orders.length;
  const clock = () => new Date();
  const logger = createLogger('silent');
  const queued = await requestTransfer(
    { db, clock, queue: embeddedQueue({ db, clock, logger }) },
    f.workspaceId,
    attachment.row.id,
  );
  expect(queued.state).toBe('queued');

  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      DB_FILE: dbFile,
      LEASE_MS: String(LEASE_MS),
      SANDBOX_URL: server.url,
      APPLICATION_ID: SANDBOX_APPLICATION_ID,
      SECRET_KEY: secretKey.toString('base64'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  expect(exit, stderr).toEqual({ code: null, signal: 'SIGKILL' });

  // 24SO has the order; Broen only has the intent, and the dead process's leases.
  expect(maskin.orders.length).toBe(before + 1);
  const row = (await getInvoiceAttachment(db, f.workspaceId, attachment.row.id))?.row;
  expect(row).toMatchObject({ status: 'transferring', transfer_step: 'intent', order_id: null });
  const job = await db.selectFrom('jobs').select(['state', 'lease_until']).executeTakeFirstOrThrow();
  expect(job.state).toBe('running');
  // The attachment's own two-minute lease is what a second process would wait out; here it has.
  await db
    .updateTable('invoice_attachments')
    .set({ transfer_lease_until: null })
    .where('id', '=', attachment.row.id)
    .execute();

  // Another worker takes the job over once the dead one's job lease has run out.
  const worker = new EmbeddedWorker(
    { db, clock, logger },
    {
      [INVOICE_TRANSFER_JOB]: transferJobHandler({
        db,
        connection,
        links: async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001),
        clock,
      }),
    },
  );
  const deadline = Date.now() + 30_000;
  while ((await worker.drain()) === 0) {
    if (Date.now() > deadline) throw new Error('the job was not taken over');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const done = await getInvoiceAttachment(db, f.workspaceId, attachment.row.id);
  expect(done?.row).toMatchObject({ status: 'transferred', transfer_requested_at: null });
  expect(JSON.parse(done?.row.readback_json ?? '{}')).toMatchObject({ matches: true });
  expect(maskin.orders.length).toBe(before + 1);
  expect(maskin.orders.filter((o) => o.ReferenceNumber === row?.transfer_key)).toHaveLength(1);
}, 60_000);
