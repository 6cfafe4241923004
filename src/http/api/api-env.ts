import type { Context } from 'hono';
import type { ApiPrincipal } from './api-tokens.ts';

/** Hono environment of every /api/v1 route: the bearer middleware sets `principal`. */
export interface ApiEnv {
  Variables: { principal: ApiPrincipal };
}

export type ApiContext = Context<ApiEnv>;

/**
 * The workspace the calling token belongs to; every query of a handler is scoped by it.
 * @example const workspaceId = workspaceOf(c);
 */
export function workspaceOf(c: ApiContext): string {
  return c.get('principal').workspaceId;
}
