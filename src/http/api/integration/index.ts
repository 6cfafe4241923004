import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { type ApiEnv, apiActor } from '../api-env.ts';
import './reconciliation-docs.ts';
import { mountContactLinkRoutes } from './contact-links.ts';
import { mountMappingReviewRoutes } from './mapping-review.ts';
import { mountReconciliationRoutes } from './reconciliation.ts';

// /api/v1/integration routes still served by a plain router: the reconciliation, the contact
// links and the mapping review, documented beside them with documentRoute(). The connection, settings, lookups,
// coverage, audit and activation are declared operations (operations.ts).

/**
 * The plain integration routes, mounted at /api/v1/integration.
 * @example api.route('/integration', createIntegrationApiRoutes(deps));
 */
export function createIntegrationApiRoutes(deps: AppDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  mountReconciliationRoutes(api, deps, apiActor);
  mountContactLinkRoutes(api, deps);
  mountMappingReviewRoutes(api, deps);
  return api;
}
