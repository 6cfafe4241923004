import type { Db } from '../db/database.ts';

// The store behind `Idempotency-Key` on the REST API and the single-use tokens of the web UI's
// new-record forms: both claim a key in `idempotency_keys` before they act, so it lives beside
// both of them rather than inside either.

/** A key is remembered this long; after that the same key starts a new request (as Stripe does). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A claim without an answer this old belongs to a process that died mid-request; it may be
 * taken over. Long enough that no live request is still running.
 */
export const ABANDONED_CLAIM_MS = 10 * 60 * 1000;

/** Expired keys are swept after this many claims in a process, so the table does not only grow. */
export const PURGE_EVERY_CLAIMS = 200;

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
  db: Db,
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
export async function purgeExpiredIdempotencyKeys(db: Db, clock: () => Date): Promise<number> {
  const expiredBefore = new Date(clock().getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', expiredBefore)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** True when this request now owns the key. Expired keys and abandoned claims are taken over. */
export async function claimKey(
  { db, clock }: { db: Db; clock: () => Date },
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

export async function releaseKey({ db }: { db: Db }, workspaceId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', key)
    .execute();
}
