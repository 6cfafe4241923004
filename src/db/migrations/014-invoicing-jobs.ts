import { type Kysely, sql } from 'kysely';

// Invoicing on the job runner: the attachment remembers that a transfer was asked for (the job
// may wait in the queue or for 24SO's quarantine, and the page says so), and every kind of
// billable line — not only hours — says when its attachment became an order (fakturert).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invoice_attachments').addColumn('transfer_requested_at', 'text').execute();
  await db.schema.alterTable('invoice_attachments').addColumn('transfer_waiting_until', 'text').execute();
  for (const table of ['transport_entries', 'material_lines', 'free_text_lines']) {
    await db.schema.alterTable(table).addColumn('invoiced_at', 'text').execute();
    // Lines of attachments already transferred are invoiced since then.
    await sql`
      update ${sql.table(table)} set invoiced_at = (
        select a.transferred_at from invoice_attachments a
        where a.id = ${sql.ref(`${table}.invoice_attachment_id`)} and a.status = 'transferred'
      )
      where invoice_attachment_id is not null`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['transport_entries', 'material_lines', 'free_text_lines']) {
    await db.schema.alterTable(table).dropColumn('invoiced_at').execute();
  }
  await db.schema.alterTable('invoice_attachments').dropColumn('transfer_waiting_until').execute();
  await db.schema.alterTable('invoice_attachments').dropColumn('transfer_requested_at').execute();
}
