import { sql } from 'kysely';
import { type Db, dialectOf } from './database.ts';

// A large load into a SQLite table whose secondary indexes are set aside for the load and built
// again before commit (decision 75). Inserting a row into a b-tree index costs a descent and
// often a page split per index, with entries landing all over it; CREATE INDEX reads the table
// once and sorts (100k hours with three date indexes: 1.6 s of CPU instead of 2.8). But it
// sorts the whole table, rows stored before included, so it only pays when the load is large
// beside what is there already.
//
// Safe because SQLite's DDL is transactional: the DROP and the CREATE run inside the load's own
// transaction on the one connection, so a refused or failed load rolls back to the indexes as
// they were, and other connections (WAL readers, a CLI) never see the table without them —
// they keep reading the last committed schema until the commit, which has the indexes again.
// PostgreSQL is never touched: there DDL would take a lock that stops every other workspace's
// queries on the table.

/** Below this many incoming rows the indexes are always kept: the gain is milliseconds. */
export const BULK_LOAD_MIN_ROWS = 10_000;

/**
 * Whether building the indexes anew is cheaper than inserting into them: the incoming rows
 * must be at least a quarter of the table they make. Measured break-even on 100k stored hours
 * was a fifth (decision 75); a quarter leaves room for a busier cache.
 * @example rebuildPays({ storedRows: 0, incomingRows: 100_000 }) // true
 */
export function rebuildPays(counts: { storedRows: number; incomingRows: number }): boolean {
  const { storedRows, incomingRows } = counts;
  return incomingRows >= BULK_LOAD_MIN_ROWS && incomingRows * 3 >= storedRows;
}

/**
 * On SQLite, inside the caller's transaction, drops `table`'s plain secondary indexes (those
 * made by CREATE INDEX and not unique, so no constraint is ever unchecked) when
 * {@link rebuildPays} for `incomingRows`, and returns the function that creates them again: call
 * it before committing. Elsewhere, or when it does not pay, drops nothing and returns undefined.
 * @example const restore = await setIndexesAsideForLoad(trx, 'hour_entries', 100_000); await load(); await restore?.();
 */
export async function setIndexesAsideForLoad(
  trx: Db,
  table: string,
  incomingRows: number,
): Promise<(() => Promise<void>) | undefined> {
  if (!trx.isTransaction || dialectOf(trx) !== 'sqlite') return undefined;
  // The highest rowid: what the table has held, read from the end of its b-tree without a scan
  // (soft-deleted rows count, since CREATE INDEX sorts them too).
  const stored = await sql<{ n: number | null }>`select max(rowid) as n from ${sql.table(table)}`.execute(
    trx,
  );
  if (!rebuildPays({ storedRows: Number(stored.rows[0]?.n ?? 0), incomingRows })) return undefined;
  const indexes = await sql<{ name: string; sql: string }>`
    select m.name, m.sql from pragma_index_list(${table}) as l
    join sqlite_master as m on m.type = 'index' and m.name = l.name
    where l.origin = 'c' and l."unique" = 0 and m.sql is not null
    order by m.name`.execute(trx);
  if (indexes.rows.length === 0) return undefined;
  for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(trx);
  return async () => {
    for (const index of indexes.rows) await sql.raw(index.sql).execute(trx);
  };
}
