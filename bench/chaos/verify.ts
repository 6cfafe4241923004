import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { Obj } from '../../src/sandbox/codec.ts';
import type { ClientData } from '../../src/sandbox/state.ts';
import type { SeededWorkspace } from './seed.ts';

// The verdict: each workspace's records against its sandbox client. Every record has one key
// 24SO holds (docs/sync-engine.md): a customer its id as ExternalId, a product its number, a
// project its name (unique per workspace here), an hour its `[broen:<id>]` marker, an attachment
// its transfer key as the order's ReferenceNumber.

export interface KindVerdict {
  /** Workspace records. */
  records: number;
  /** Extra copies in 24SO beyond the first, plus 24SO records no workspace record explains. */
  duplicates: number;
  /** Workspace records 24SO does not hold. */
  missing: number;
  /** Records whose stored 24SO id is not the record 24SO holds under its key. */
  wrongLinks: number;
}

export interface Verdict {
  byKind: Record<string, KindVerdict>;
  /** Orders per attachment, each attachment once (exactly 1 is the target). */
  ordersPerAttachment: number[];
  /** Examples of what went wrong, for the report. */
  examples: string[];
}

/** Records a fresh added client holds before Broen writes anything (seeded products). */
const SEEDED_PRODUCT_NUMBERS = new Set(['TIME', 'KM', 'BOM', 'UTL', 'FRI']);

export async function verify(db: Db, workspaces: SeededWorkspace[], clients: ClientData[]): Promise<Verdict> {
  const byKind: Record<string, KindVerdict> = {};
  const examples: string[] = [];
  const ordersPerAttachment: number[] = [];
  const tally = (kind: string, v: Omit<KindVerdict, 'records'> & { records: number }) => {
    const t = byKind[kind] ?? { records: 0, duplicates: 0, missing: 0, wrongLinks: 0 };
    byKind[kind] = t;
    t.records += v.records;
    t.duplicates += v.duplicates;
    t.missing += v.missing;
    t.wrongLinks += v.wrongLinks;
  };
  for (const ws of workspaces) {
    const client = clients.find((c) => c.id === ws.clientId);
    if (!client) throw new Error(`${ws.slug}: sandbox client ${ws.clientId} is gone`);
    const links = await linksOf(db, ws.workspaceId);
    const local = async (table: string, key: string) =>
      (
        await sql<{
          id: string;
          key: string;
        }>`select id, ${sql.ref(key)}::text as key from ${sql.table(table)}
          where workspace_id = ${ws.workspaceId} and deleted_at is null`.execute(db)
      ).rows;
    const check = (
      kind: string,
      rows: { id: string; key: string }[],
      remote: Obj[],
      keyOf: (r: Obj) => string | undefined,
      expected: (k: string | undefined) => boolean,
    ) => {
      const byKey = new Map<string, Obj[]>();
      let strays = 0;
      for (const r of remote) {
        const k = keyOf(r);
        if (k === undefined || !rows.some((row) => row.key === k)) {
          if (!expected(k)) {
            strays += 1;
            if (examples.length < 20)
              examples.push(
                `${ws.slug} ${kind}: 24SO record ${String(r.Id)} (${k}) matches no workspace record`,
              );
          }
          continue;
        }
        byKey.set(k, [...(byKey.get(k) ?? []), r]);
      }
      let duplicates = strays;
      let missing = 0;
      let wrongLinks = 0;
      for (const row of rows) {
        const found = byKey.get(row.key) ?? [];
        if (found.length === 0) {
          missing += 1;
          if (examples.length < 20) examples.push(`${ws.slug} ${kind} ${row.key}: not in 24SO`);
        }
        if (found.length > 1) {
          duplicates += found.length - 1;
          if (examples.length < 20)
            examples.push(
              `${ws.slug} ${kind} ${row.key}: ${found.length} times in 24SO (ids ${found.map((f) => f.Id).join(', ')})`,
            );
        }
        const link = links.get(`${kind}:${row.id}`);
        if (found.length >= 1 && !found.some((f) => String(f.Id) === link)) {
          wrongLinks += 1;
          if (examples.length < 20)
            examples.push(
              `${ws.slug} ${kind} ${row.key}: linked to ${link}, 24SO has ${found.map((f) => f.Id).join(', ')}`,
            );
        }
      }
      tally(kind, { records: rows.length, duplicates, missing, wrongLinks });
    };
    const customers = await local('customers', 'id');
    check(
      'customer',
      customers,
      client.companies,
      (r) => (r.ExternalId === undefined ? undefined : String(r.ExternalId)),
      () => false,
    );
    const products = await local('products', 'number');
    check(
      'product',
      products,
      client.products,
      (r) => String(r.No),
      (k) => k !== undefined && SEEDED_PRODUCT_NUMBERS.has(k),
    );
    const projects = await local('projects', 'name');
    check(
      'project',
      projects,
      client.projects,
      (r) => String(r.Name),
      () => false,
    );
    const hours = await local('hour_entries', 'id');
    check(
      'hour',
      hours,
      client.hours,
      (r) => /^\[broen:([^\]]+)\]/.exec(String(r.InternalNote ?? ''))?.[1],
      () => false,
    );

    const attachments = (
      await sql<{ id: string; transfer_key: string | null; order_id: string | null }>`
        select id, transfer_key, order_id::text as order_id from invoice_attachments
        where workspace_id = ${ws.workspaceId}`.execute(db)
    ).rows;
    const keys = new Set(attachments.map((a) => a.transfer_key));
    for (const a of attachments) {
      const orders = client.orders.filter(
        (o) => a.transfer_key !== null && o.ReferenceNumber === a.transfer_key,
      );
      ordersPerAttachment.push(orders.length);
      if (orders.length !== 1 && examples.length < 20)
        examples.push(`${ws.slug} attachment ${a.id}: ${orders.length} orders`);
      if (orders.length === 1 && String(orders[0]?.OrderId) !== a.order_id && examples.length < 20) {
        examples.push(
          `${ws.slug} attachment ${a.id}: stored order ${a.order_id}, 24SO has ${String(orders[0]?.OrderId)}`,
        );
      }
    }
    const strayOrders = client.orders.filter((o) => !keys.has(String(o.ReferenceNumber))).length;
    tally('order', { records: attachments.length, duplicates: strayOrders, missing: 0, wrongLinks: 0 });
  }
  return { byKind, ordersPerAttachment, examples };
}

async function linksOf(db: Db, workspaceId: string): Promise<Map<string, string | null>> {
  const rows = await sql<{ entity: string; local_id: string; remote_id: string | null }>`
    select entity, local_id, remote_id from sync_records where workspace_id = ${workspaceId}`.execute(db);
  return new Map(rows.rows.map((r) => [`${r.entity}:${r.local_id}`, r.remote_id]));
}
