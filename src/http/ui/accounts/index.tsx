import { Hono } from 'hono';
import {
  changePassword,
  deactivateUser,
  findSetPasswordToken,
  inviteUser,
  listWorkspaceUsers,
  setPasswordLink,
  setPasswordWithToken,
} from '../../../workspace/user-accounts.ts';
import { requestSourceResolver } from '../auth/forwarded.ts';
import type { FieldErrors } from '../components/form.tsx';
import { domainFieldErrors, formBody, sessionOf } from '../components/resource-routes.tsx';
import { withQuery } from '../components/resource-views.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import {
  ChangePasswordPage,
  type JustInvited,
  PASSWORD_PATH,
  PasswordSetPage,
  SET_PASSWORD_PREFIX,
  SetPasswordPage,
  USER_NOTICES,
  USERS_PATH,
  UsersPage,
} from './views.tsx';

const MISMATCH = 'Passordene er ikke like.';

/**
 * Accounts in the web UI: the one-time set-password page (open without a session, the token in
 * the link is the credential), Bytt passord for the logged-in user, and Brukere, where the
 * workspace admin invites colleagues (the link is shown once) and deactivates leavers.
 * @example ui.route('/', createAccountRoutes(deps));
 */
export function createAccountRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();
  const sourceOf = requestSourceResolver(deps.config.trustProxy);

  // Links are never cached or sent on as a Referer.
  const noStore = (c: { header: (k: string, v: string) => void }) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
  };

  app.get(`${SET_PASSWORD_PREFIX}/:token`, async (c) => {
    noStore(c);
    const token = c.req.param('token');
    const who = await findSetPasswordToken(deps.db, token, deps.clock);
    return c.html(
      <SetPasswordPage token={token} email={who?.email} errors={{}} session={c.var.session} />,
      who ? 200 : 404,
    );
  });

  app.post(`${SET_PASSWORD_PREFIX}/:token`, async (c) => {
    noStore(c);
    const token = c.req.param('token');
    const body = await formBody(c);
    const who = await findSetPasswordToken(deps.db, token, deps.clock);
    if (!who) {
      return c.html(
        <SetPasswordPage token={token} email={undefined} errors={{}} session={c.var.session} />,
        404,
      );
    }
    const password = body.password ?? '';
    if (password !== (body.confirm ?? '')) {
      return c.html(
        <SetPasswordPage
          token={token}
          email={who.email}
          errors={{ confirm: MISMATCH }}
          session={c.var.session}
        />,
        422,
      );
    }
    try {
      const { email } = await setPasswordWithToken(deps.db, token, password, deps.clock);
      deps.logger.info({ userId: who.userId }, 'password set through a one-time link');
      return c.html(<PasswordSetPage email={email} />);
    } catch (error) {
      const errors = domainFieldErrors(error);
      if (errors.token) {
        return c.html(
          <SetPasswordPage token={token} email={undefined} errors={{}} session={c.var.session} />,
          404,
        );
      }
      return c.html(
        <SetPasswordPage token={token} email={who.email} errors={errors} session={c.var.session} />,
        422,
      );
    }
  });

  app.get(PASSWORD_PATH, (c) => c.html(<ChangePasswordPage session={sessionOf(c)} errors={{}} />));

  app.post(PASSWORD_PATH, async (c) => {
    const session = sessionOf(c);
    const body = await formBody(c);
    const next = body.next ?? '';
    let errors: FieldErrors = {};
    if (next !== (body.confirm ?? '')) errors = { confirm: MISMATCH };
    else {
      try {
        await changePassword(deps.db, {
          userId: session.userId,
          current: body.current ?? '',
          next,
          keepSessionHash: session.sessionHash,
        });
        deps.logger.info({ userId: session.userId }, 'password changed');
        return c.html(<ChangePasswordPage session={session} errors={{}} done />);
      } catch (error) {
        errors = domainFieldErrors(error);
      }
    }
    return c.html(<ChangePasswordPage session={session} errors={errors} />, 422);
  });

  app.get(USERS_PATH, async (c) => {
    const session = sessionOf(c);
    const users = await listWorkspaceUsers(deps.db, session.workspaceId);
    return c.html(
      <UsersPage
        session={session}
        users={users}
        values={{ email: '', name: '' }}
        errors={{}}
        notice={USER_NOTICES[c.req.query('melding') ?? '']}
      />,
    );
  });

  app.post(USERS_PATH, async (c) => {
    const session = sessionOf(c);
    const body = await formBody(c);
    const values = { email: (body.email ?? '').trim(), name: (body.name ?? '').trim() };
    let invited: JustInvited | undefined;
    let errors: FieldErrors = {};
    try {
      const { user, token } = await inviteUser(
        deps.db,
        { workspaceId: session.workspaceId, email: values.email, name: values.name },
        deps.clock,
      );
      const url = new URL(c.req.url);
      const origin = `${sourceOf(c).https ? 'https:' : url.protocol}//${url.host}`;
      invited = { email: user.email, link: setPasswordLink(origin, token) };
      deps.logger.info({ userId: user.id, by: session.userId }, 'user invited');
    } catch (error) {
      errors = domainFieldErrors(error);
    }
    const users = await listWorkspaceUsers(deps.db, session.workspaceId);
    if (invited) noStore(c);
    return c.html(
      <UsersPage
        session={session}
        users={users}
        values={invited ? { email: '', name: '' } : values}
        errors={errors}
        invited={invited}
      />,
      invited ? 200 : 422,
    );
  });

  app.post(`${USERS_PATH}/:id/deaktiver`, async (c) => {
    const session = sessionOf(c);
    const changed = await deactivateUser(
      deps.db,
      { workspaceId: session.workspaceId, userId: c.req.param('id'), actingUserId: session.userId },
      deps.clock,
    );
    deps.logger.info({ userId: c.req.param('id'), by: session.userId }, 'user deactivated');
    return c.redirect(withQuery(USERS_PATH, { melding: changed ? 'deaktivert' : 'allerede' }), 303);
  });

  return app;
}
