import { writeSync } from 'node:fs';
import { createLogger } from '../src/config/logger.ts';
import { openDatabase } from '../src/db/database.ts';
import type { TwentyFourGateway } from '../src/integration/gateway.ts';
import { SYNC_JOB, syncJobHandler } from '../src/integration/sync/service.ts';
import { sandboxConnection } from '../src/integration/sync/test-support.ts';
import { embeddedStore } from '../src/jobs/embedded.ts';
import { PgBossJobs } from '../src/jobs/pg-boss.ts';
import { JobRunner } from '../src/jobs/worker.ts';

// Test helper, run as its own process by stall-takeover.test.ts: a job worker that runs the
// queued sync run and, just before it sends its STALL_AT-th SaveCompanies — after the engine
// wrote the batch's intents and checked its stop signal, where a long GC pause could hit —
// stops its whole process with SIGSTOP (timers, heartbeat and all), so its job lease runs out
// while it still means to send. The test takes the job over in another worker, then lets this
// one go on with SIGCONT. Prints STALLED before it stops and DONE when its worker is drained.
// Env: SANDBOX_URL, SECRET_KEY (base64), STALL_AT, ENGINE (embedded | pg-boss), LEASE_MS;
// DB_FILE (SQLite) or DATABASE_URL and PG_SCHEMA; PGBOSS_SCHEMA for pg-boss.

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const db = process.env.DB_FILE
  ? openDatabase({ sqliteFile: env('DB_FILE') })
  : openDatabase({ databaseUrl: env('DATABASE_URL'), pgSchema: env('PG_SCHEMA'), pgPoolSize: 2 });
const clock = () => new Date();
const logger = createLogger('silent');
const base = sandboxConnection(db, {
  baseUrl: env('SANDBOX_URL'),
  secretKey: Buffer.from(env('SECRET_KEY'), 'base64'),
});
const stallAt = Number(env('STALL_AT'));
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
            if (operation === 'SaveCompanies' && ++writes === stallAt) {
              writeSync(1, 'STALLED\n');
              process.kill(process.pid, 'SIGSTOP');
            }
            return soap.call(service, operation, params);
          },
        },
      },
    };
  },
};
const connection = { ...base, gateway };
const leaseMs = Number(env('LEASE_MS'));
const handlers = { [SYNC_JOB]: syncJobHandler({ db, clock, logger, connection }) };
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
const worker = new JobRunner(store, logger, handlers, { concurrency: 1 });
await worker.drain();
await pgBoss?.close();
await db.destroy();
writeSync(1, 'DONE\n');
process.exit(0);
