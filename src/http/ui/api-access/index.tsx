import { type Context, Hono } from 'hono';
import {
  createApiToken,
  getApiToken,
  listApiTokens,
  revokeApiToken,
  tokenNameError,
} from '../../../workspace/api-tokens.ts';
import { HttpError } from '../../errors.ts';
import { claimFormToken, FORM_TOKEN_FIELD, newFormToken, releaseFormToken } from '../components/form-once.ts';
import { formBody, sessionOf } from '../components/resource-routes.tsx';
import { withQuery } from '../components/resource-views.tsx';
import type { SessionUser, UiDeps, UiEnv } from '../context.ts';
import { API_ACCESS_PATH, ApiAccessPage, NOTICES, RevokeConfirmPage } from './views.tsx';

/**
 * Integrasjoner → API-tilgang: the workspace admin lists, creates and revokes REST API tokens.
 * A new token's text is in the response to the create POST only (not stored, not cached); the
 * form is single-use (decision 12), so a resubmission makes no second token.
 * @example ui.route('/', createApiAccessRoutes(deps));
 */
export function createApiAccessRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  const mustGet = async (session: SessionUser, id: string) => {
    const token = await getApiToken(deps.db, session.workspaceId, id);
    if (!token) throw new HttpError(404, 'Fant ikke API-tokenet. Det kan høre til et annet arbeidsområde.');
    return token;
  };

  const render = async (
    c: Context<UiEnv>,
    extra: Omit<Parameters<typeof ApiAccessPage>[0], 'session' | 'path' | 'tokens' | 'formToken'> & {
      formToken?: string;
    },
    status: 200 | 422 = 200,
  ) => {
    const session = sessionOf(c);
    const tokens = await listApiTokens(deps.db, session.workspaceId);
    return c.html(
      <ApiAccessPage
        {...extra}
        session={session}
        path={API_ACCESS_PATH}
        tokens={tokens}
        formToken={extra.formToken ?? newFormToken()}
      />,
      status,
    );
  };

  app.get(API_ACCESS_PATH, (c) => render(c, { notice: NOTICES[c.req.query('melding') ?? ''] }));

  app.post(API_ACCESS_PATH, async (c) => {
    const session = sessionOf(c);
    const body = await formBody(c);
    const formToken = body[FORM_TOKEN_FIELD];
    if (!(await claimFormToken(deps.db, session.workspaceId, formToken, deps.clock))) {
      return c.redirect(withQuery(API_ACCESS_PATH, { melding: 'allerede-laget' }), 303);
    }
    const name = (body.name ?? '').trim();
    const nameError = tokenNameError(name);
    if (nameError) {
      await releaseFormToken(deps.db, session.workspaceId, formToken);
      return render(c, { name, nameError, formToken }, 422);
    }
    let created: Awaited<ReturnType<typeof createApiToken>>;
    try {
      created = await createApiToken(deps.db, deps.clock, { workspaceId: session.workspaceId, name });
    } catch (error) {
      await releaseFormToken(deps.db, session.workspaceId, formToken);
      throw error;
    }
    // The secret is on this one response; no cache may keep it.
    c.header('Cache-Control', 'no-store');
    return render(c, {
      created: { name: created.name, token: created.token },
      notice: `Tokenet «${created.name}» er laget.`,
    });
  });

  app.get(`${API_ACCESS_PATH}/:id/trekk-tilbake`, async (c) => {
    const session = sessionOf(c);
    const token = await mustGet(session, c.req.param('id'));
    if (token.revokedAt !== null) return c.redirect(withQuery(API_ACCESS_PATH, { melding: 'allerede' }), 303);
    return c.html(<RevokeConfirmPage session={session} path={API_ACCESS_PATH} token={token} />);
  });

  app.post(`${API_ACCESS_PATH}/:id/trekk-tilbake`, async (c) => {
    const session = sessionOf(c);
    const token = await mustGet(session, c.req.param('id'));
    const revoked = await revokeApiToken(deps.db, deps.clock, {
      workspaceId: session.workspaceId,
      tokenId: token.id,
    });
    return c.redirect(withQuery(API_ACCESS_PATH, { melding: revoked ? 'tilbakekalt' : 'allerede' }), 303);
  });

  return app;
}
