import type { Kysely } from 'kysely';

// Decision 77. A sync run whose 24SO reads went unanswered pauses and goes on; it counts the
// pauses it took in a row without 24SO answering any of its calls between them, so that a real
// outage still ends it, also across the job hand-backs and workers a pause goes through.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sync_runs')
    .addColumn('unanswered_pauses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_runs').dropColumn('unanswered_pauses').execute();
}
