import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/database.ts';
import { PURGE_EVERY_CLAIMS, purgeExpiredIdempotencyKeys } from '../../idempotency-store.ts';

// A new-record form carries a single-use token, so a double click on "Opprett", a browser
// resubmitting after a dropped connection or a second tab cannot make the record twice (and
// later send it to 24SO twice). The first POST claims the token in the idempotency table the
// REST API uses for its keys (under a prefix of their own); expired rows are purged now and
// then from here as from the API, so a store used only through the UI is swept too. A form
// that comes back with errors releases its token for the corrected try.

/** Name of the hidden field holding the token. */
export const FORM_TOKEN_FIELD = '_skjema';

const TOKEN_PATTERN = /^[0-9a-f-]{36}$/;

/** A fresh token for a new-record form. */
export function newFormToken(): string {
  return randomUUID();
}

/**
 * Claims the submitted token; false when another submission of the same form already has it.
 * A missing or malformed token (an old page, a hand-made request) is let through as before.
 * @example if (!(await claimFormToken(db, ws.id, body._skjema, clock))) return c.redirect(list, 303);
 */
export async function claimFormToken(
  db: Db,
  workspaceId: string,
  token: string | undefined,
  clock: () => Date,
): Promise<boolean> {
  if (!token || !TOKEN_PATTERN.test(token)) return true;
  const result = await db
    .insertInto('idempotency_keys')
    .values({
      workspace_id: workspaceId,
      key: keyOf(token),
      request_fingerprint: 'ui-form',
      status_code: null,
      response_body: null,
      created_at: clock().toISOString(),
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .executeTakeFirst();
  const claimed = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (claimed && ++claims % PURGE_EVERY_CLAIMS === 0) await purgeExpiredIdempotencyKeys(db, clock);
  return claimed;
}

/** Claims in this process, to purge expired rows every PURGE_EVERY_CLAIMS. */
let claims = 0;

/**
 * Gives the token back after a submission that made nothing (errors to correct).
 * @example await releaseFormToken(db, ws.id, body._skjema);
 */
export async function releaseFormToken(
  db: Db,
  workspaceId: string,
  token: string | undefined,
): Promise<void> {
  if (!token || !TOKEN_PATTERN.test(token)) return;
  await db
    .deleteFrom('idempotency_keys')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', keyOf(token))
    .execute();
}

const keyOf = (token: string) => `ui-form:${token}`;
