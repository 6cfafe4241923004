import type { Db } from './database.ts';

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one.
 * @example await inTransaction(db, async (trx) => { … });
 */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute((trx) => fn(trx));
}
