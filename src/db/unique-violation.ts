/**
 * True when a database error is a unique-constraint violation (SQLite or PostgreSQL), so the
 * caller can name the clash instead of failing.
 * @example catch (error) { if (isUniqueViolation(error)) throw numberInUse(number); throw error; }
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
