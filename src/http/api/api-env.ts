import type { Context } from 'hono';
import type { ApiPrincipal } from './api-tokens.ts';
import type { IdempotencyClaim } from './idempotency.ts';

/**
 * Hono environment of every /api/v1 route: the bearer middleware sets `principal`; the
 * idempotency middleware sets `idempotency` on a POST that claimed its key.
 */
export interface ApiEnv {
  Variables: { principal: ApiPrincipal; idempotency?: IdempotencyClaim };
}

export type ApiContext = Context<ApiEnv>;

/**
 * The workspace the calling token belongs to; every query of a handler is scoped by it.
 * @example const workspaceId = workspaceOf(c);
 */
export function workspaceOf(c: ApiContext): string {
  return c.get('principal').workspaceId;
}
