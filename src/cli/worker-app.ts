import { type Config, loadConfig } from '../config/config.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createIntegrationRuntime, type IntegrationRuntime } from '../integration/runtime.ts';
import { createSyncRuntime, type SyncRuntime } from '../integration/sync/runtime.ts';

// What `broen worker` and `broen sync` share: the configured database, migrated, and the 24SO
// address — in demo mode (no DATABASE_URL) the sandbox that `npm start` runs on SANDBOX_PORT.

export interface CliApp {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** The process's one integration runtime (24SO sessions, the shared call budget). */
  integration: IntegrationRuntime;
  /** The process's one sync runtime (job queue; the worker when one is started). */
  sync: SyncRuntime;
}

/**
 * Opens the app's database and configuration for a command-line process.
 * @example const app = await openCliApp(); … await app.db.destroy();
 */
export async function openCliApp(options: { logLevel?: string } = {}): Promise<CliApp> {
  const config = loadConfig(process.env, { demo: !process.env.DATABASE_URL });
  if (config.demo) config.twentyFourBaseUrl ??= `http://127.0.0.1:${config.sandboxPort}`;
  const logger = createLogger(options.logLevel ?? config.logLevel);
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(db);
  const base = { db, config, logger, clock: () => new Date() };
  const integration = createIntegrationRuntime(base);
  return { ...base, integration, sync: createSyncRuntime({ ...base, integration }) };
}
