import type { Kysely } from 'kysely';

// Decision 86. An invoice transfer asked for whose job is gone (given up after its worker was
// lost again and again, failed, deleted) is given a new job by the automatic trigger's tick, a
// bounded number of times, counted on the attachment; each «Lag faktura» starts the count over.
// The tick looks for the transfers asked for, so that column gets an index.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('invoice_attachments')
    .addColumn('transfer_resumes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('invoice_attachments_requested_idx')
    .on('invoice_attachments')
    .column('transfer_requested_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invoice_attachments_requested_idx').execute();
  await db.schema.alterTable('invoice_attachments').dropColumn('transfer_resumes').execute();
}
