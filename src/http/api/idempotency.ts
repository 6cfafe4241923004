import { createHmac } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import {
  claimKey,
  type IdempotencyClaim,
  PURGE_EVERY_CLAIMS,
  purgeExpiredIdempotencyKeys,
  releaseKey,
  storeIdempotentAnswer,
} from '../idempotency-store.ts';
import type { ApiEnv } from './api-env.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on POST: the first request claims the key (an insert, before the handler
 * runs) and its answer is stored; a repeat gets that answer again with `Idempotent-Replayed:
 * true`; the same key with another body or path is a 422; a repeat that arrives while the first
 * is still running gets a 409, so two concurrent duplicates can never both create a record.
 * Server errors (5xx) release the key so the client may retry. Declared operations run in one
 * transaction with the stored answer (see mountOperations), so a crash mid-request leaves
 * neither a record nor an answer, and the abandoned claim can be taken over later.
 * @example api.use('*', idempotency(deps)); // after bearerAuth, which sets the workspace
 */
export function idempotency(
  deps: Pick<AppDeps, 'db' | 'clock' | 'logger'> & { config: Pick<AppDeps['config'], 'secretKey'> },
): MiddlewareHandler<ApiEnv> {
  const { db } = deps;
  const fingerprintKey = fingerprintKeyFrom(deps.config.secretKey);
  let claims = 0;
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new HttpError(400, 'Ugyldig Idempotency-Key.', [
        { path: IDEMPOTENCY_HEADER, message: 'Må være 1–255 synlige ASCII-tegn' },
      ]);
    }
    const workspaceId = c.get('principal').workspaceId;
    // A keyed HMAC, not a bare hash: a body may hold a 24SO password (POST
    // /integration/connection/clients), and an unkeyed digest of it in the table could be
    // brute-forced offline by whoever reads a backup; without the secret key this one cannot.
    const fingerprint = createHmac('sha256', fingerprintKey)
      .update(`${c.req.method} ${c.req.path}\n`)
      // The raw bytes, not text: reading as text first would hand later readers (the CSV
      // import checks for strict UTF-8) a re-encoded body with invalid bytes replaced.
      .update(new Uint8Array(await c.req.arrayBuffer()))
      .digest('hex');

    const claimed = await claimKey(deps, workspaceId, key, fingerprint);
    if (claimed && ++claims % PURGE_EVERY_CLAIMS === 0) await purgeExpiredIdempotencyKeys(db, deps.clock);
    if (!claimed) {
      const existing = await db
        .selectFrom('idempotency_keys')
        .select(['request_fingerprint', 'status_code', 'response_body'])
        .where('workspace_id', '=', workspaceId)
        .where('key', '=', key)
        .executeTakeFirst();
      // Released between our insert and this read: the first request failed; let the client retry.
      if (!existing)
        throw new HttpError(409, 'Forespørselen med denne Idempotency-Key ble avbrutt. Prøv igjen.');
      if (existing.request_fingerprint !== fingerprint) {
        throw new HttpError(
          422,
          'Idempotency-Key er allerede brukt for en annen forespørsel. Bruk en ny nøkkel for ny forespørsel.',
          [{ path: IDEMPOTENCY_HEADER, message: 'Nøkkelen er brukt med et annet innhold' }],
        );
      }
      if (existing.status_code === null) {
        throw new HttpError(
          409,
          'En forespørsel med samme Idempotency-Key pågår fortsatt. Prøv igjen om litt.',
        );
      }
      return replay(existing.status_code, existing.response_body ?? '');
    }

    const claim: IdempotencyClaim = { workspaceId, key, stored: false };
    c.set('idempotency', claim);
    try {
      await next();
    } catch (error) {
      await releaseKey(deps, workspaceId, key);
      throw error;
    }
    // Declared operations store their answer inside the transaction that made the record.
    if (claim.stored) return;
    const res = c.res;
    if (res.status >= 500) {
      await releaseKey(deps, workspaceId, key);
      return;
    }
    await storeIdempotentAnswer(db, claim, res.status, await res.clone().text());
    claim.stored = true;
  };
}

/**
 * The HMAC key for request fingerprints, derived from the app's secret key so the key that
 * encrypts 24SO credentials is never used directly for anything else.
 * @example fingerprintKeyFrom(config.secretKey) // 32 bytes
 */
export function fingerprintKeyFrom(secretKey: Buffer): Buffer {
  return createHmac('sha256', secretKey).update('broen/idempotency-fingerprint/v1').digest();
}

function replay(status: number, body: string): Response {
  return new Response(body === '' ? null : body, {
    status,
    headers: {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      [REPLAYED_HEADER]: 'true',
    },
  });
}
