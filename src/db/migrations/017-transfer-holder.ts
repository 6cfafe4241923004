import type { Kysely } from 'kysely';

// Decision 79. Who holds an invoice attachment's transfer: the job claim running it (the job's
// id and fencing epoch) or, outside a job, the run that took its lease. Every step the transfer
// records, and its lease's release, is conditional on it, so a run whose worker stalled past its
// lease and was taken over can write nothing more on the attachment.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invoice_attachments').addColumn('transfer_holder', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invoice_attachments').dropColumn('transfer_holder').execute();
}
