// Scenario: an office imports a large file on PostgreSQL; the list pages that read the table
// right after must be planned from statistics that know the new rows (ANALYZE), not wait for
// autovacuum. On SQLite nothing is needed and nothing changes.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { dialectOf } from '../../db/database.ts';
import { newWorkspace } from '../test-support.ts';
import { ANALYZE_AFTER_ROWS, commitCsvImport } from './import.ts';

describeEachDatabase('CSV import: table statistics', (getDb) => {
  it(`analyses the table after an import of ${ANALYZE_AFTER_ROWS} rows or more`, async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const rows = Array.from({ length: ANALYZE_AFTER_ROWS }, (_, i) => `${i + 1};Arbeider ${i + 1}`);
    const result = await commitCsvImport(
      db,
      ws.id,
      'employees',
      `ansattnummer;navn\n${rows.join('\n')}\n`,
      'test',
    );
    expect(result).toMatchObject({ ok: true, imported: ANALYZE_AFTER_ROWS });
    if (dialectOf(db as never) !== 'postgres') return;
    const stats = await sql<{ reltuples: number }>`
      select c.reltuples from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relname = 'employees' and n.nspname = current_schema()`.execute(db);
    // Never analysed, reltuples is -1 (or 0); after ANALYZE it counts the imported rows.
    expect(Number(stats.rows[0]?.reltuples)).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS);
  });
});
