import { Hono } from 'hono';
import { createApiAccessRoutes } from './api-access/index.tsx';
import { createResourceRoutes } from './components/resource-routes.tsx';
import type { UiDeps, UiEnv } from './context.ts';
import { customerSpec } from './customers/index.tsx';
import { createEmployeeAdminRoutes } from './employees/admin.tsx';
import { employeeSpec } from './employees/spec.tsx';
import { hourTypeSpec } from './hour-types/index.tsx';
import { createHourListRoutes } from './hours/list.tsx';
import { hourSpec } from './hours/spec.tsx';
import { createIntegrationIndexRoutes } from './integrations-overview/index.tsx';
import { machineSpec } from './machines/index.tsx';
import { productSpec } from './products/index.tsx';
import { projectSpec } from './projects/index.tsx';
import { transportSpec } from './transport/index.tsx';

/**
 * Every page behind login: the registers, hours and the integrations index.
 * Fixed paths (/arbeidere/admin, /timer list) are mounted before the generic `/:id` pages.
 * @example ui.route('/', createWorkspaceRoutes(deps));
 */
export function createWorkspaceRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  app.route('/', createEmployeeAdminRoutes(deps));
  app.route('/', createHourListRoutes(deps));
  for (const spec of [
    customerSpec,
    projectSpec,
    employeeSpec,
    hourTypeSpec,
    machineSpec,
    productSpec,
    transportSpec,
  ]) {
    app.route('/', createResourceRoutes(deps, spec as never));
  }
  app.route('/', createResourceRoutes(deps, hourSpec));
  app.route('/', createIntegrationIndexRoutes(deps));
  app.route('/', createApiAccessRoutes(deps));
  return app;
}
