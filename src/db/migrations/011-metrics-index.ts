import type { Kysely } from 'kysely';

// `GET /metrics` counts the records not in sync by workspace, entity, state and reason at every
// scrape. Without this index that is a scan of every sync record plus a row lookup for each one
// waiting (~200 ms with 200,000 records on SQLite, blocking its one connection); with it, a seek
// to the waiting states that reads the index alone.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sync_records_waiting_idx')
    .on('sync_records')
    .columns(['state', 'workspace_id', 'entity', 'reason_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sync_records_waiting_idx').execute();
}
