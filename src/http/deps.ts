import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import {
  createIntegrationRuntime,
  type IntegrationRuntime,
  type RuntimeOptions,
} from '../integration/runtime.ts';

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
}

/**
 * The app's dependencies with its integration runtime built once, at start-up.
 * @example const deps = buildAppDeps({ db, config, logger, clock }); createApp(deps);
 */
export function buildAppDeps(base: Omit<AppDeps, 'integration'>, runtime: RuntimeOptions = {}): AppDeps {
  return { ...base, integration: createIntegrationRuntime(base, runtime) };
}
