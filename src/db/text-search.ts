import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type Db, dialectOf } from './database.ts';

/**
 * Case-insensitive "contains" on a text column (ILIKE on PostgreSQL, LIKE on SQLite, which
 * folds ASCII only — æ/ø/å must match in the case typed there).
 * @example .where((eb) => containsText(db, eb, 'name', 'nordvik'))
 */
export function containsText(
  db: Db,
  eb: ExpressionBuilder<any, any>,
  column: string,
  search: string,
): Expression<SqlBool> {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const op = dialectOf(db) === 'postgres' ? sql`ilike` : sql`like`;
  return sql<SqlBool>`${eb.ref(column)} ${op} ${pattern} escape '\\'`;
}
