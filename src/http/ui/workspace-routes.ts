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
import { createInvoicingPageRoutes } from './invoicing/index.tsx';
import { machineSpec } from './machines/index.tsx';
import { productSpec } from './products/index.tsx';
import { freeTextLineSpec } from './project-lines/free-text-lines.tsx';
import { materialLineSpec } from './project-lines/material-lines.tsx';
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
  app.route('/', createInvoicingPageRoutes(deps));
  // One call per spec (not a loop over an array of them) so each is checked with its own types.
  app.route('/', createResourceRoutes(deps, customerSpec));
  app.route('/', createResourceRoutes(deps, projectSpec));
  app.route('/', createResourceRoutes(deps, employeeSpec));
  app.route('/', createResourceRoutes(deps, hourTypeSpec));
  app.route('/', createResourceRoutes(deps, machineSpec));
  app.route('/', createResourceRoutes(deps, productSpec));
  app.route('/', createResourceRoutes(deps, transportSpec));
  app.route('/', createResourceRoutes(deps, materialLineSpec));
  app.route('/', createResourceRoutes(deps, freeTextLineSpec));
  app.route('/', createResourceRoutes(deps, hourSpec));
  app.route('/', createIntegrationIndexRoutes(deps));
  app.route('/', createApiAccessRoutes(deps));
  return app;
}
