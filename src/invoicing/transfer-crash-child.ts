import { createLogger } from '../config/logger.ts';
import { openDatabase } from '../db/database.ts';
import { SessionCache } from '../integration/session-cache.ts';
import { createTwentyFourGateway } from '../integration/twentyfour-gateway.ts';
import { EmbeddedWorker } from '../jobs/embedded.ts';
import { INVOICE_TRANSFER_JOB, transferJobHandler } from './transfer-job.ts';

// Test helper, run as its own process by transfer-crash.test.ts: a job worker that takes the
// queued transfer job and kills its process with SIGKILL the moment 24SO has answered
// SaveInvoices, before Broen has recorded the OrderId — the crash between the save and the
// bookkeeping. Its job lease is short (LEASE_MS) so the next worker can take the job over.
// Env: DB_FILE, SANDBOX_URL, APPLICATION_ID, SECRET_KEY (base64), LEASE_MS.

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const db = openDatabase({ sqliteFile: env('DB_FILE') });
const clock = () => new Date();
const logger = createLogger('silent');
const connection = {
  db,
  gateway: createTwentyFourGateway({
    logger,
    clock,
    applicationId: env('APPLICATION_ID'),
    baseUrl: env('SANDBOX_URL'),
  }),
  secretKey: Buffer.from(env('SECRET_KEY'), 'base64'),
  sessions: new SessionCache(clock),
  logger,
  clock,
};
const worker = new EmbeddedWorker(
  { db, clock, logger },
  {
    [INVOICE_TRANSFER_JOB]: transferJobHandler({
      db,
      connection,
      links: async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001),
      clock,
      checkpoint: async (point) => {
        if (point !== 'after-save') return;
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => {});
      },
    }),
  },
  { leaseMs: Number(env('LEASE_MS')) },
);
await worker.drain();
// Reaching this line means the save never happened: the test fails on the exit code.
process.exit(3);
