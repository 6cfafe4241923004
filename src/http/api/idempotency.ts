import { createHmac } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import type { ApiEnv } from './api-env.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** A key is remembered this long; after that the same key starts a new request (as Stripe does). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A claim without an answer this old belongs to a process that died mid-request; it may be
 * taken over. Long enough that no live request is still running.
 */
export const ABANDONED_CLAIM_MS = 10 * 60 * 1000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Expired keys are swept after this many claims in a process, so the table does not only grow. */
export const PURGE_EVERY_CLAIMS = 200;

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
      await release(deps, workspaceId, key);
      throw error;
    }
    // Declared operations store their answer inside the transaction that made the record.
    if (claim.stored) return;
    const res = c.res;
    if (res.status >= 500) {
      await release(deps, workspaceId, key);
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

/** The key a POST now owns; set on the context for the handler's transaction to record. */
export interface IdempotencyClaim {
  workspaceId: string;
  key: string;
  /** Set by whoever stored the answer (after its transaction committed), so it is stored once. */
  stored: boolean;
}

/**
 * Records the answer for a claimed key. Given the handler's transaction, the record and the
 * answer commit together: a crash in between leaves neither, and the key can be used again.
 * @example await storeIdempotentAnswer(trx, claim, 201, JSON.stringify(customer));
 */
export async function storeIdempotentAnswer(
  db: AppDeps['db'],
  claim: IdempotencyClaim,
  status: number,
  body: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: status, response_body: body })
    .where('workspace_id', '=', claim.workspaceId)
    .where('key', '=', claim.key)
    .execute();
}

/**
 * Deletes answers older than the TTL (and claims abandoned as long); returns how many.
 * Called now and then by the middleware; a scheduler may call it too.
 * @example await purgeExpiredIdempotencyKeys(db, clock);
 */
export async function purgeExpiredIdempotencyKeys(db: AppDeps['db'], clock: () => Date): Promise<number> {
  const expiredBefore = new Date(clock().getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', expiredBefore)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** True when this request now owns the key. Expired keys and abandoned claims are taken over. */
async function claimKey(
  { db, clock }: Pick<AppDeps, 'db' | 'clock'>,
  workspaceId: string,
  key: string,
  fingerprint: string,
): Promise<boolean> {
  const now = clock();
  const insert = () =>
    db
      .insertInto('idempotency_keys')
      .values({
        workspace_id: workspaceId,
        key,
        request_fingerprint: fingerprint,
        status_code: null,
        response_body: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
      .executeTakeFirst();
  if (Number((await insert()).numInsertedOrUpdatedRows ?? 0) > 0) return true;

  // One conditional delete decides who takes over an old key, so two requests cannot both win.
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  const abandonedBefore = new Date(now.getTime() - ABANDONED_CLAIM_MS).toISOString();
  const removed = await db
    .deleteFrom('idempotency_keys')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', expiredBefore),
        eb.and([eb('status_code', 'is', null), eb('created_at', '<', abandonedBefore)]),
      ]),
    )
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) return false;
  return Number((await insert()).numInsertedOrUpdatedRows ?? 0) > 0;
}

async function release({ db }: Pick<AppDeps, 'db'>, workspaceId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .execute();
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
