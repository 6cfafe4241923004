import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { ApiEnv } from '../api-env.ts';
import { mountMappingReviewRoutes } from './mapping-review.ts';

// /api/v1/integration routes still served by a plain router: the mapping review, documented
// beside it with documentRoute(). Everything else under /integration (the connection, settings,
// lookups, coverage, audit, activation, the reconciliation and the contact links) is a declared
// operation (operations.ts, reconciliation.ts, contact-links.ts).

/**
 * The plain integration routes, mounted at /api/v1/integration.
 * @example api.route('/integration', createIntegrationApiRoutes(deps));
 */
export function createIntegrationApiRoutes(deps: AppDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  mountMappingReviewRoutes(api, deps);
  return api;
}
