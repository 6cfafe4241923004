import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import type { FetchLike } from '../twentyfour/transport.ts';
import type { ConnectionDeps } from './connection.ts';
import type { TwentyFourGateway } from './gateway.ts';
import { SessionCache } from './session-cache.ts';
import { createTwentyFourGateway } from './twentyfour-gateway.ts';

// One integration runtime per app instance: the gateway to 24SO and the in-process session
// cache, shared by the REST routes and the web pages. Tests install their own with a fetch
// routed to the in-process sandbox.

interface AppLike {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
}

const runtimes = new WeakMap<object, ConnectionDeps>();

export interface RuntimeOptions {
  /** Where 24SO calls go; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Replaces the whole 24SO side (tests of failure modes). */
  gateway?: TwentyFourGateway;
  /** Override the configured ApplicationId / base URL (tests against the in-process sandbox). */
  applicationId?: string;
  baseUrl?: string;
  /** Override the app's logger (tests that read what was logged). */
  logger?: Logger;
  /** Per-call time limit towards 24SO (tests of a slow 24SO use a short one). */
  timeoutMs?: number;
}

/**
 * Builds the runtime for an app and remembers it, so every later `integrationRuntime(deps)`
 * returns this one. Call before the first request when a test needs its own fetch.
 * @example installIntegrationRuntime(harness.deps, { fetch: createSandbox({ seed: 'demo' }).fetch });
 */
export function installIntegrationRuntime(app: AppLike, options: RuntimeOptions = {}): ConnectionDeps {
  const gateway =
    options.gateway ??
    createTwentyFourGateway({
      fetch: options.fetch ?? ((request) => fetch(request)),
      logger: options.logger ?? app.logger,
      clock: app.clock,
      applicationId: options.applicationId ?? app.config.twentyFourApplicationId,
      baseUrl: options.baseUrl ?? app.config.twentyFourBaseUrl,
      timeoutMs: options.timeoutMs,
    });
  const runtime: ConnectionDeps = {
    db: app.db,
    gateway,
    secretKey: app.config.secretKey,
    sessions: new SessionCache(app.clock),
    logger: options.logger ?? app.logger,
    clock: app.clock,
  };
  runtimes.set(app, runtime);
  return runtime;
}

/**
 * The app's integration runtime, made on first use with the configured 24SO base URL.
 * @example const runtime = integrationRuntime(deps); await readLookup(runtime, wsId, 'products');
 */
export function integrationRuntime(app: AppLike): ConnectionDeps {
  return runtimes.get(app) ?? installIntegrationRuntime(app);
}
