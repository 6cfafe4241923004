import { loadConfig } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createApp } from '../http/app.ts';
import { buildAppDeps } from '../http/deps.ts';
import { startSyncWorker } from '../integration/sync/runtime.ts';
import { invoicingJobs } from '../invoicing/jobs.ts';
import { listen, onShutdown } from './http-server.ts';
import { startMetricsServer } from './metrics-server.ts';

/**
 * `broen serve`: the app alone, configured by environment (production form). Migrations are
 * applied at start; Kysely's migration lock makes that safe with several processes.
 */
export async function runServe(options: { worker?: boolean } = {}): Promise<void> {
  const config = loadConfig(process.env, { demo: false });
  const logger = createLogger(config.logLevel);
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const deps = buildAppDeps({ db, config, logger, clock: () => new Date() });
  const app = createApp(deps);
  // Sync jobs run in this process unless --no-worker (then `broen worker` runs them).
  const worker = options.worker === false ? undefined : startSyncWorker(deps, invoicingJobs(deps));
  const server = await listen(app, config.port, config.host);
  const metrics = await startMetricsServer(deps);
  logger.info(
    { url: server.url, database: config.databaseUrl ? 'postgres' : 'sqlite' },
    'Broen is listening',
  );
  onShutdown(
    async () => {
      // No new connections or jobs; requests in flight and the running job finish or are handed back.
      // Without a worker the queue's engine is closed here (pg-boss keeps a client of its own).
      const jobs = worker ? worker.stop() : deps.sync.engine.close();
      await Promise.all([server.close(), jobs, metrics?.close()]);
      await db.destroy();
    },
    { timeoutMs: config.stopTimeoutMs, logger },
  );
}
