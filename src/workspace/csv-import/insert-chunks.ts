import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../../db/tables.ts';

// PostgreSQL refuses statements with more than 65535 bind parameters and SQLite (3.32+)
// more than 32766; staying under both with one rule keeps the import dialect-free.
const MAX_PARAMETERS = 30_000;
// Past a few hundred rows per statement the gain is nil and the SQL text only grows.
const MAX_ROWS_PER_STATEMENT = 1_000;

/**
 * Rows per INSERT for a table of `columns` columns, within every dialect's parameter limit.
 * @example rowsPerStatement(17) // 1000
 */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / Math.max(1, columns))));
}

/**
 * Inserts rows in multi-row statements inside the caller's transaction. Every row must carry
 * the same keys, so each statement binds the same columns.
 * @example await insertInChunks(trx, 'hour_entries', rows);
 */
export async function insertInChunks<T extends keyof Database & string>(
  trx: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = rowsPerStatement(Object.keys(rows[0] as object).length);
  for (let start = 0; start < rows.length; start += size) {
    // biome-ignore lint/suspicious/noExplicitAny: kysely cannot narrow a generic table's insert type
    const chunk = rows.slice(start, start + size) as any;
    await trx.insertInto(table).values(chunk).execute();
  }
}
