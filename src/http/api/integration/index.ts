import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { type ApiEnv, apiActor } from '../api-env.ts';
import './reconciliation-docs.ts';
import { mountContactLinkRoutes } from './contact-links.ts';
import { mountReconciliationRoutes } from './reconciliation.ts';

// /api/v1/integration routes still served by a plain router: the reconciliation and the contact
// links, documented beside them with documentRoute(). The connection, settings, lookups,
// coverage, audit, activation and mapping review are declared operations (operations.ts,
// mapping-review.ts).

/**
 * The plain integration routes, mounted at /api/v1/integration.
 * @example api.route('/integration', createIntegrationApiRoutes(deps));
 */
export function createIntegrationApiRoutes(deps: AppDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  mountReconciliationRoutes(api, deps, apiActor);
  mountContactLinkRoutes(api, deps);
  return api;
}
