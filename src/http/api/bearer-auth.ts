import type { MiddlewareHandler } from 'hono';
import { authenticateApiToken } from '../../workspace/api-tokens.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { ApiEnv } from './api-env.ts';

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i;

/**
 * Requires `Authorization: Bearer <token>` and sets the calling workspace on the context.
 * Missing, malformed, unknown and revoked tokens all get the same 401, so a caller learns
 * nothing about which tokens exist.
 * @example api.use('*', bearerAuth(deps));
 */
export function bearerAuth(deps: Pick<AppDeps, 'db' | 'clock'>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw new HttpError(401, 'Mangler API-token. Send «Authorization: Bearer <token>».');
    const match = BEARER.exec(header);
    const principal = match ? await authenticateApiToken(deps.db, deps.clock, match[1]) : undefined;
    if (!principal) throw new HttpError(401, 'API-tokenet er ugyldig eller trukket tilbake.');
    c.set('principal', principal);
    await next();
  };
}
