import { writeSync } from 'node:fs';
import { createLogger } from '../src/config/logger.ts';
import { openDatabase } from '../src/db/database.ts';
import type { TwentyFourGateway } from '../src/integration/gateway.ts';
import { SYNC_JOB, syncJobHandler } from '../src/integration/sync/service.ts';
import { sandboxConnection } from '../src/integration/sync/test-support.ts';
import type { TransferCheckpoint } from '../src/invoicing/transfer.ts';
import { INVOICE_TRANSFER_JOB, transferJobHandler } from '../src/invoicing/transfer-job.ts';
import { embeddedStore } from '../src/jobs/embedded.ts';
import { PgBossJobs } from '../src/jobs/pg-boss.ts';
import { JobRunner } from '../src/jobs/worker.ts';

// Test helper, run as its own process by stall-takeover.test.ts and transfer-stall.test.ts: a
// job worker that runs the queued jobs and, at a chosen point, stops its whole process with
// SIGSTOP (timers, heartbeat and all), as a long GC pause would, so its job leases run out
// while it still means to write. The test takes the jobs over in another worker, then lets this
// one go on with SIGCONT. Prints STALLED before it stops and DONE when its worker is drained.
// Where it stops:
// - STALL_AT=n: just before it sends its n-th SaveCompanies (a sync run), after the engine
//   wrote the batch's intents and checked its stop signal;
// - STALL_TRANSFERS={"<attachment id>":"before-intent"|"before-save"|"after-save",…}: once
//   every listed invoice transfer has reached its point (transfer.ts's checkpoints), running
//   them side by side (one job slot each).
// Env: SANDBOX_URL (seed "demo" for transfers: they bill its customer 10001 and project 1001),
// SECRET_KEY (base64), ENGINE (embedded | pg-boss), LEASE_MS; DB_FILE (SQLite) or DATABASE_URL
// and PG_SCHEMA; PGBOSS_SCHEMA for pg-boss.

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const db = process.env.DB_FILE
  ? openDatabase({ sqliteFile: env('DB_FILE') })
  : openDatabase({ databaseUrl: env('DATABASE_URL'), pgSchema: env('PG_SCHEMA'), pgPoolSize: 4 });
const clock = () => new Date();
const logger = createLogger('silent');
const base = sandboxConnection(db, {
  baseUrl: env('SANDBOX_URL'),
  secretKey: Buffer.from(env('SECRET_KEY'), 'base64'),
});
const stall = () => {
  writeSync(1, 'STALLED\n');
  process.kill(process.pid, 'SIGSTOP');
};
const stallAt = Number(process.env.STALL_AT ?? 0);
let writes = 0;
const gateway: TwentyFourGateway = {
  listClients: (credentials) => base.gateway.listClients(credentials),
  openSession: async (credentials, identityId, options) => {
    const opened = await base.gateway.openSession(credentials, identityId, options);
    const soap = opened.ok ? opened.value.soap : undefined;
    if (!opened.ok || !soap) return opened;
    return {
      ok: true,
      value: {
        ...opened.value,
        soap: {
          call: (service, operation, params) => {
            if (operation === 'SaveCompanies' && ++writes === stallAt) stall();
            return soap.call(service, operation, params);
          },
        },
      },
    };
  },
};
const connection = { ...base, gateway };
const leaseMs = Number(env('LEASE_MS'));
const transferStalls = new Map<string, TransferCheckpoint>(
  Object.entries(JSON.parse(process.env.STALL_TRANSFERS ?? '{}') as Record<string, TransferCheckpoint>),
);
const arrived = new Set<string>();
let wake: () => void = () => {};
const woken = new Promise<void>((resolve) => {
  wake = resolve;
});
const handlers = {
  [SYNC_JOB]: syncJobHandler({ db, clock, logger, connection }),
  [INVOICE_TRANSFER_JOB]: transferJobHandler({
    db,
    connection,
    links: async (_db, _ws, kind) => (kind === 'customer' ? 10001 : 1001),
    clock,
    checkpoint: async (point, attachmentId) => {
      if (transferStalls.get(attachmentId) !== point) return;
      arrived.add(attachmentId);
      // The last one to arrive stops the process; SIGCONT lets them all go on from where they are.
      if (arrived.size === transferStalls.size) {
        stall();
        wake();
      }
      await woken;
    },
  }),
};
const pgBoss =
  env('ENGINE') === 'pg-boss'
    ? new PgBossJobs(
        {
          connectionString: env('DATABASE_URL'),
          schema: env('PGBOSS_SCHEMA'),
          expireInSeconds: Math.round(leaseMs / 1000),
          maintenanceIntervalSeconds: 1,
          poolSize: 2,
        },
        logger,
      )
    : undefined;
const store = pgBoss ? pgBoss.store() : embeddedStore({ db, clock, logger }, { leaseMs });
const slots = Math.max(1, transferStalls.size);
const worker = new JobRunner(store, logger, handlers, { concurrency: slots });
// Drained from as many slots as there are transfers to hold at once.
await Promise.all(Array.from({ length: slots }, () => worker.drain()));
await pgBoss?.close();
await db.destroy();
writeSync(1, 'DONE\n');
process.exit(0);
