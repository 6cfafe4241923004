import { Hono } from 'hono';
import { verifyUserLogin } from '../../../workspace/users.ts';
import { Page } from '../components/layout.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { requestSourceResolver } from './forwarded.ts';
import { type LoginBlock, LoginRateLimiter } from './rate-limit.ts';
import { clearSessionCookie, createSession, deleteSession, setSessionCookie } from './session.ts';

/** Where to go after login: only a local path, never another site (open redirect). */
export function safeNextPath(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/logg-inn') || next.startsWith('/logg-ut')) return '/';
  return next;
}

/** The Norwegian refusal for a blocked login, saying how long to wait. */
function blockMessage(block: LoginBlock): string {
  const wait = `Vent ${block.minutes} ${block.minutes === 1 ? 'minutt' : 'minutter'} og prøv igjen.`;
  return block.scope === 'address'
    ? `For mange mislykkede innlogginger. ${wait}`
    : `For mange mislykkede innlogginger for denne e-postadressen fra flere steder. ${wait}`;
}

function LoginPage({
  email,
  next,
  error,
  demo,
}: {
  email: string;
  next: string;
  error?: string;
  demo: boolean;
}) {
  return (
    <Page title="Logg inn" session={undefined} path="/logg-inn">
      <div class="login">
        <h1>Logg inn i Broen</h1>
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <form method="post" action="/logg-inn">
          <input type="hidden" name="neste" value={next} />
          <div class="field">
            <label for="email">E-post</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              value={email}
              autofocus
            />
          </div>
          <div class="field">
            <label for="password">Passord</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <div class="form-actions">
            <button type="submit">Logg inn</button>
          </div>
          {demo && (
            <p class="demo-hint">
              Demo: <code>admin@demo.no</code> / <code>demo1234</code>
            </p>
          )}
        </form>
      </div>
    </Page>
  );
}

/**
 * Login (e-mail + password, rate limited per e-mail and client address and per e-mail, in the
 * database) and logout (POST). The client address and https come from TRUST_PROXY's proxies.
 * @example ui.route('/', createAuthRoutes(deps));
 */
export function createAuthRoutes(deps: UiDeps, limiter = new LoginRateLimiter(deps.clock)): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const sourceOf = requestSourceResolver(deps.config.trustProxy);

  app.get('/logg-inn', (c) => {
    if (c.var.session) return c.redirect(safeNextPath(c.req.query('neste')), 303);
    return c.html(<LoginPage email="" next={safeNextPath(c.req.query('neste'))} demo={deps.config.demo} />);
  });

  app.post('/logg-inn', async (c) => {
    const body = await c.req.parseBody();
    const email = String(body.email ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 254);
    const password = String(body.password ?? '').slice(0, 1024);
    const next = safeNextPath(String(body.neste ?? ''));
    const source = sourceOf(c);
    const ip = source.address;
    // Checked and counted at once: a burst of guesses cannot all pass before any is counted.
    const block = await limiter.begin(deps.db, email, ip);
    if (block) {
      deps.logger.warn({ email, scope: block.scope }, 'login blocked by rate limit');
      return c.html(
        <LoginPage email={email} next={next} demo={deps.config.demo} error={blockMessage(block)} />,
        429,
      );
    }
    const user = email && password ? await verifyUserLogin(deps.db, email, password) : undefined;
    if (!user) {
      return c.html(
        <LoginPage email={email} next={next} demo={deps.config.demo} error="Feil e-post eller passord." />,
        401,
      );
    }
    await limiter.clear(deps.db, email, ip);
    const sessionId = await createSession(deps.db, deps.clock, user.id);
    setSessionCookie(c, sessionId, source.https);
    deps.logger.info({ userId: user.id }, 'user logged in');
    return c.redirect(next, 303);
  });

  app.post('/logg-ut', async (c) => {
    const session = c.var.session;
    if (session) await deleteSession(deps.db, session.sessionHash);
    clearSessionCookie(c, sourceOf(c).https);
    return c.redirect('/logg-inn', 303);
  });

  return app;
}
