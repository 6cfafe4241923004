import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import {
  createIntegrationRuntime,
  type IntegrationRuntime,
  type RuntimeOptions,
} from '../integration/runtime.ts';
import { createSyncRuntime, type SyncRuntime } from '../integration/sync/runtime.ts';

// The app's dependencies live apart from `createApp` so that route modules can name them
// without importing the module that mounts every route (that tied 72 files into one loop).

/** What every route needs; built once at start-up and passed down. */
export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /**
   * The one integration runtime of this process (24SO gateway, session cache, shared call
   * budget); a background worker is handed the same object. Read it per request.
   */
  integration: IntegrationRuntime;
  /**
   * The one sync runtime of this process (the job queue, and the worker when this process runs
   * one); built beside `integration`, and carried by every copy of the dependencies.
   */
  sync: SyncRuntime;
}

/**
 * The app's dependencies with its integration and sync runtimes built once, at start-up.
 * @example const deps = buildAppDeps({ db, config, logger, clock }); createApp(deps);
 */
export function buildAppDeps(
  base: Omit<AppDeps, 'integration' | 'sync'>,
  runtime: RuntimeOptions = {},
): AppDeps {
  const integration = createIntegrationRuntime(base, runtime);
  return { ...base, integration, sync: createSyncRuntime({ ...base, integration }) };
}
