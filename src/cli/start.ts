import { loadConfig } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createApp } from '../http/app.ts';
import { buildAppDeps } from '../http/deps.ts';
import { startSyncWorker } from '../integration/sync/runtime.ts';
import { invoicingJobs } from '../invoicing/jobs.ts';
import { startSandboxServer } from '../sandbox/server.ts';
import { seedDemoWorkspace } from '../workspace/demo-seed.ts';
import { listen, onShutdown } from './http-server.ts';
import { startMetricsServer } from './metrics-server.ts';

/**
 * `npm start`: the demo on one laptop — the built-in 24SO sandbox, SQLite in DATA_DIR with
 * migrations applied and the demo workspace seeded on first start, and the web app + REST API.
 */
export async function runStart(): Promise<void> {
  const config = loadConfig(process.env, { demo: true });
  const logger = createLogger(config.logLevel);
  const clock = () => new Date();

  const sandbox = await startSandboxServer({
    port: config.sandboxPort,
    host: config.host,
    seed: 'demo',
    dataDir: config.dataDir,
    logger: logger.child({ component: 'sandbox' }),
  });
  // Demo mode talks to the embedded sandbox unless told to use another 24SO.
  config.twentyFourBaseUrl ??= sandbox.url;

  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const seed = await seedDemoWorkspace(db, { clock });

  const deps = buildAppDeps({ db, config, logger, clock });
  const app = createApp(deps);
  const worker = startSyncWorker(deps, invoicingJobs(deps));
  const server = await listen(app, config.port, config.host);
  const metrics = await startMetricsServer(deps);

  console.log('');
  console.log('  Broen kjører (demo)');
  console.log(`  Webapp og REST API:   ${server.url}`);
  console.log(`  24SO-sandkasse:       ${sandbox.url}`);
  console.log(`  Demo-innlogging:      ${seed.login.email} / ${seed.login.password}`);
  console.log(`  Sandkassens 24SO-bruker: api@demo.no / demo-password`);
  console.log(`  Data:                 ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}`);
  console.log('');

  onShutdown(
    async () => {
      await Promise.all([server.close(), worker.stop(), metrics?.close()]);
      await sandbox.close();
      await db.destroy();
    },
    { timeoutMs: config.stopTimeoutMs, logger },
  );
}
