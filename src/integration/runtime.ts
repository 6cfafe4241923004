import type { Config } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { countTwentyFourCall } from '../observability/metrics.ts';
import type { CallBudget } from '../twentyfour/call-budget.ts';
import type { FetchLike } from '../twentyfour/transport.ts';
import { budgetScopeKey, createDbCallBudget } from './call-budget.ts';
import type { TwentyFourGateway } from './gateway.ts';
import { SessionCache } from './session-cache.ts';
import type { ConnectionDeps } from './session-calls.ts';
import { createTwentyFourGateway } from './twentyfour-gateway.ts';

// The integration runtime: the gateway to 24SO, this process's session cache and the shared
// 24SO call budget. It is built once at start-up and put into the app's dependencies; the
// REST routes, the web pages and a background worker are all handed this same object. Tests
// build theirs with a fetch routed to the in-process sandbox.

/** Everything that talks to 24SO on behalf of the app; one per process. */
export interface IntegrationRuntime extends ConnectionDeps {
  /** The 24SO call budget every process of the installation shares (taken per call). */
  budget: CallBudget;
  /** The account's name in the budget table (for reading what is left). */
  budgetScope: string;
}

/** What the runtime is built from: the app's own dependencies. */
export interface RuntimeBase {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
}

export interface RuntimeOptions {
  /** A web fetch 24SO calls go through (tests); by default node:http with keep-alive agents. */
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
 * Builds the integration runtime. `db` must be the app's handle, not a transaction: 24SO calls
 * never run inside one (a remote call must not hold a transaction, nor SQLite's one connection).
 * @example const integration = createIntegrationRuntime({ db, config, logger, clock });
 */
export function createIntegrationRuntime(
  base: RuntimeBase,
  options: RuntimeOptions = {},
): IntegrationRuntime {
  const logger = options.logger ?? base.logger;
  const applicationId = options.applicationId ?? base.config.twentyFourApplicationId;
  const budgetScope = budgetScopeKey(base.config.twentyFourBudget.scope, applicationId);
  const budget = createDbCallBudget(
    { db: base.db, clock: base.clock, logger },
    { scope: budgetScope, callsPerHour: base.config.twentyFourBudget.callsPerHour },
  );
  const gateway =
    options.gateway ??
    createTwentyFourGateway({
      fetch: options.fetch,
      logger,
      clock: base.clock,
      applicationId,
      baseUrl: options.baseUrl ?? base.config.twentyFourBaseUrl,
      timeoutMs: options.timeoutMs,
      budget,
      onCall: countTwentyFourCall,
    });
  return {
    db: base.db,
    gateway,
    secretKey: base.config.secretKey,
    previousSecretKeys: base.config.previousSecretKeys,
    sessions: new SessionCache(base.clock),
    logger,
    clock: base.clock,
    budget,
    budgetScope,
  };
}

/**
 * Rebuilds an app's integration runtime in place (tests): everything holding it — the routes,
 * the sync runtime, a worker — uses the new gateway, sessions and budget from the next call on.
 * @example installIntegrationRuntime(harness.deps, { fetch: createSandbox({ seed: 'demo' }).fetch });
 */
export function installIntegrationRuntime(
  deps: RuntimeBase & { integration: IntegrationRuntime },
  options: RuntimeOptions = {},
): IntegrationRuntime {
  return Object.assign(deps.integration, createIntegrationRuntime(deps, options));
}
