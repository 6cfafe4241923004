import { createLogger } from '../config/logger.ts';
import { openDatabase } from '../db/database.ts';
import { SessionCache } from '../integration/session-cache.ts';
import { createTwentyFourGateway } from '../integration/twentyfour-gateway.ts';
import { transferAttachment } from './transfer.ts';

// Test helper, run as its own process by transfer-crash.test.ts: starts the transfer of one
// attachment and kills itself with SIGKILL the moment 24SO has answered SaveInvoices, before
// Broen has recorded the OrderId — the crash between the save and the bookkeeping.
// Env: DB_FILE, WORKSPACE_ID, ATTACHMENT_ID, SANDBOX_URL, APPLICATION_ID, SECRET_KEY (base64).

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
    fetch: (request) => fetch(request),
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
await transferAttachment(
  {
    db,
    connection,
    links: async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001),
    clock,
    afterSave: async () => {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    },
  },
  env('WORKSPACE_ID'),
  env('ATTACHMENT_ID'),
);
// Reaching this line means the save never happened: the test fails on the exit code.
process.exit(3);
