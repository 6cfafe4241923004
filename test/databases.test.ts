import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './databases.ts';

describeEachDatabase('migrations', (getDb) => {
  it('creates the workspace tables and enforces foreign keys', async () => {
    const db = getDb();
    await db
      .insertInto('workspaces')
      .values({ id: 'w1', slug: 'demo', name: 'Demo', created_at: new Date().toISOString() })
      .execute();
    const rows = await db.selectFrom('workspaces').selectAll().execute();
    expect(rows.map((r) => r.slug)).toEqual(['demo']);
    await expect(
      db
        .insertInto('customers')
        .values({
          id: 'c1',
          workspace_id: 'missing',
          number: 1,
          name: 'X',
          org_number: null,
          email: null,
          invoice_email: null,
          phone: null,
          address_street: null,
          address_postal_code: null,
          address_city: null,
          created_at: 'x',
          updated_at: 'x',
          deleted_at: null,
        })
        .execute(),
    ).rejects.toThrow();
    const count = await sql<{ n: number }>`select count(*) as n from customers`.execute(db);
    expect(Number(count.rows[0]?.n)).toBe(0);
  });
});
