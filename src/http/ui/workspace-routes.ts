import { Hono } from 'hono';
import { createResourceRoutes } from './components/resource-routes.tsx';
import type { UiDeps, UiEnv } from './context.ts';
import { customerSpec } from './customers/index.tsx';
import { createIntegrationIndexRoutes } from './integrations/index.tsx';

/**
 * Every page behind login: the registers, hours and the integrations index.
 * @example ui.route('/', createWorkspaceRoutes(deps));
 */
export function createWorkspaceRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  app.route('/', createResourceRoutes(deps, customerSpec));
  app.route('/', createIntegrationIndexRoutes());
  return app;
}
