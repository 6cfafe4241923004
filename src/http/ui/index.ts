import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { isDomainError } from '../../workspace/errors.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { assertCleanForm, assertCleanTarget, bodyCap } from '../input-guard.ts';
import { createAccountRoutes } from './accounts/index.tsx';
import { hasValidCsrfToken } from './auth/csrf.ts';
import { requestSourceResolver } from './auth/forwarded.ts';
import { createAuthRoutes } from './auth/index.tsx';
import { LoginRateLimiter } from './auth/rate-limit.ts';
import { findSession, readSessionCookie } from './auth/session.ts';
import { renderErrorPage } from './components/error-page.tsx';
import type { UiEnv } from './context.ts';
import { createImportPageRoutes } from './imports/index.tsx';
import { createIntegrationPageRoutes } from './integration/index.tsx';
import { createStaticRoutes } from './static/index.ts';
import { createSyncPageRoutes } from './sync/index.tsx';
import { createWorkspaceRoutes } from './workspace-routes.ts';

/** Paths the web UI leaves to others (the REST API, health, readiness and metrics mount beside it). */
const isForeignPath = (path: string): boolean =>
  path.startsWith('/api/') ||
  path === '/api' ||
  path === '/healthz' ||
  path === '/readyz' ||
  path === '/metrics';

/** Pages anyone may open without a session. */
const isPublicPath = (path: string): boolean =>
  path === '/logg-inn' || path.startsWith('/static/') || path.startsWith('/sett-passord/');

/** Largest form body the web UI reads (a long list of ticked hours fits many times over). */
export const MAX_FORM_BYTES = 256 * 1024;
/** Largest body of the CSV import pages: a 10 MB file, base64 in the preview's form. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

export interface UiOptions {
  /** Replaceable so tests can share or inspect it. */
  loginLimiter?: LoginRateLimiter;
}

/**
 * The Norwegian web UI, mounted at `/`: login/logout, the workspace pages, static files, and
 * Norwegian error pages. Every non-GET passes hono's origin check and the session's CSRF token.
 * @example app.route('/', createUiRoutes(deps));
 */
export function createUiRoutes(deps: AppDeps, options: UiOptions = {}): Hono<UiEnv> {
  const ui = new Hono<UiEnv>();
  ui.route('/static', createStaticRoutes());

  // Same origin as the browser sees it: behind a trusted TLS-terminating proxy the request URL
  // says http while the browser's Origin says https (TRUST_PROXY, decision 17).
  const sourceOf = requestSourceResolver(deps.config.trustProxy);
  const originCheck = csrf({
    origin: (origin, c) => {
      const url = new URL(c.req.url);
      return origin === `${sourceOf(c).https ? 'https' : url.protocol.slice(0, -1)}://${url.host}`;
    },
  });
  // Bodies are capped before they are read: forms are small, CSV uploads (whose preview sends
  // the file back base64-encoded) get room for a 10 MB file. Then no control character (NUL …)
  // in the path, the query string or any form field.
  const formCap = bodyCap(MAX_FORM_BYTES);
  const uploadCap = bodyCap(MAX_UPLOAD_BYTES);
  ui.use('*', async (c, next) => {
    if (isForeignPath(c.req.path)) return next();
    const cap = c.req.path.startsWith('/import/') ? uploadCap : formCap;
    return cap(c, async () => {
      assertCleanTarget(c);
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        assertCleanForm(await c.req.parseBody({ all: true }));
      }
      await next();
    });
  });
  ui.use('*', async (c, next) => {
    if (isForeignPath(c.req.path)) return next();
    c.set('session', await findSession(deps.db, deps.clock, readSessionCookie(c)));
    const session = c.var.session;
    const safe = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (!safe) {
      await originCheck(c, async () => {});
      // Login has no session yet; the origin check and SameSite cookies guard it.
      if (session && c.req.path !== '/logg-inn' && !(await hasValidCsrfToken(c, session.csrfToken))) {
        throw new HttpError(
          403,
          'Skjemaet er utløpt eller kom fra et annet nettsted. Last siden på nytt og prøv igjen.',
        );
      }
    }
    if (!session && !isPublicPath(c.req.path)) {
      const target = safe ? c.req.path + (new URL(c.req.url).search || '') : '/';
      const login = `/logg-inn?neste=${encodeURIComponent(target)}`;
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', login);
        return c.body(null, 401);
      }
      return c.redirect(login, 303);
    }
    await next();
  });

  ui.route('/', createAuthRoutes(deps, options.loginLimiter ?? new LoginRateLimiter(deps.clock)));
  ui.get('/', (c) => c.redirect('/timer', 302));
  ui.route('/', createWorkspaceRoutes(deps));
  ui.route('/', createImportPageRoutes(deps));
  ui.route('/integrasjoner/synkronisering', createSyncPageRoutes(deps));
  ui.route('/', createAccountRoutes(deps));
  ui.route('/integrasjoner', createIntegrationPageRoutes(deps));

  ui.all('*', (c, next) => {
    if (isForeignPath(c.req.path)) return next();
    return renderErrorPage(c, 404);
  });

  ui.onError((error, c) => {
    let status = 500;
    let detail: string | undefined;
    if (error instanceof HttpError) {
      status = error.status;
      detail = error.detail;
    } else if (error instanceof HTTPException) {
      status = error.status;
    } else if (isDomainError(error)) {
      status = error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 422;
      detail = error.message;
    } else {
      deps.logger.error({ err: error, path: c.req.path }, 'unhandled error in web UI');
    }
    if (status === 401) return c.redirect('/logg-inn', 303);
    return renderErrorPage(c, status, detail);
  });

  return ui;
}
