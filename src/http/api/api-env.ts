import type { Context } from 'hono';
import type { ApiPrincipal } from '../../workspace/api-tokens.ts';
import type { IdempotencyClaim } from '../idempotency-store.ts';

/**
 * Hono environment of every /api/v1 route: the bearer middleware sets `principal`; the
 * idempotency middleware sets `idempotency` on a POST that claimed its key.
 */
export interface ApiEnv {
  Variables: { principal: ApiPrincipal; idempotency?: IdempotencyClaim };
}

export type ApiContext = Context<ApiEnv>;

/**
 * Who a change made through the API is recorded as (audit, approvals, imports): the token's
 * name, labelled the same way everywhere.
 * @example apiActor(c) // 'API-token «lønn»'
 */
export function apiActor(c: ApiContext): string {
  return `API-token «${c.get('principal').tokenName}»`;
}
