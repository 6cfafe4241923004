import type { Kysely } from 'kysely';

// Invoicing: material lines (varelinjer) and free-text lines (fritekstlinjer) on projects, and
// invoice attachments (fakturavedlegg) with their frozen lines. A billable line is taken by at
// most one attachment, held twice over in the store: the source row's `invoice_attachment_id`
// (set with a conditional update, so two concurrent creates cannot both take it) and the unique
// (workspace, kind, source) reference of `invoice_attachment_lines`. The transfer to 24SO keeps
// its steps and its intent (written before SaveInvoices) on the attachment row.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('material_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('quantity_hundredths', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_ore', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('invoice_attachment_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('material_lines_project_idx')
    .on('material_lines')
    .columns(['workspace_id', 'project_id', 'date', 'id'])
    .execute();
  await db.schema
    .createIndex('material_lines_workspace_date_idx')
    .on('material_lines')
    .columns(['workspace_id', 'date', 'id'])
    .execute();

  await db.schema
    .createTable('free_text_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('quantity_hundredths', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_ore', 'bigint', (c) => c.notNull())
    .addColumn('invoice_attachment_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('free_text_lines_project_idx')
    .on('free_text_lines')
    .columns(['workspace_id', 'project_id', 'date', 'id'])
    .execute();
  await db.schema
    .createIndex('free_text_lines_workspace_date_idx')
    .on('free_text_lines')
    .columns(['workspace_id', 'date', 'id'])
    .execute();

  // The attachment holding an hour or a transport entry; invoiced_at once its order exists.
  await db.schema.alterTable('hour_entries').addColumn('invoice_attachment_id', 'text').execute();
  await db.schema.alterTable('hour_entries').addColumn('invoiced_at', 'text').execute();
  await db.schema.alterTable('transport_entries').addColumn('invoice_attachment_id', 'text').execute();

  await db.schema
    .createTable('invoice_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('number', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    // open → transferring → transferred; deleted (lines returned) only from open.
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('period_from', 'text')
    .addColumn('period_to', 'text')
    .addColumn('your_reference', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    // The transfer: its key (sent to 24SO in a searchable field), the intent written before
    // SaveInvoices, the order it became, the read-back comparison and the last error.
    .addColumn('transfer_key', 'text')
    .addColumn('transfer_step', 'text')
    .addColumn('transfer_intent_at', 'text')
    // A transfer in progress holds this lease, so two processes cannot run one at once.
    .addColumn('transfer_lease_until', 'text')
    .addColumn('transfer_order_json', 'text')
    .addColumn('order_id', 'bigint')
    .addColumn('readback_json', 'text')
    .addColumn('transfer_error', 'text')
    .addColumn('transferred_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('invoice_attachments_number_uq', ['workspace_id', 'number'])
    .execute();
  await db.schema
    .createIndex('invoice_attachments_project_idx')
    .on('invoice_attachments')
    .columns(['workspace_id', 'project_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('invoice_attachment_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('invoice_attachments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // hour | transport | material | freeText, and the id of the hour/entry/line it froze.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer')
    .addColumn('quantity_hundredths', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_ore', 'bigint', (c) => c.notNull())
    .addColumn('employee_id', 'text')
    .addColumn('employee_name', 'text')
    .addColumn('hour_type_id', 'text')
    .addColumn('hour_type_code', 'text')
    .addColumn('hour_type_name', 'text')
    .addColumn('machine_id', 'text')
    .addColumn('machine_number', 'text')
    .addColumn('machine_name', 'text')
    .addColumn('transport_kind', 'text')
    .addColumn('product_id', 'text')
    .addColumn('product_number', 'text')
    .addColumn('product_name', 'text')
    .addColumn('unit', 'text')
    .addUniqueConstraint('invoice_attachment_lines_source_uq', ['workspace_id', 'kind', 'source_id'])
    .execute();
  await db.schema
    .createIndex('invoice_attachment_lines_attachment_idx')
    .on('invoice_attachment_lines')
    .columns(['attachment_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invoice_attachment_lines').execute();
  await db.schema.dropTable('invoice_attachments').execute();
  await db.schema.alterTable('transport_entries').dropColumn('invoice_attachment_id').execute();
  await db.schema.alterTable('hour_entries').dropColumn('invoiced_at').execute();
  await db.schema.alterTable('hour_entries').dropColumn('invoice_attachment_id').execute();
  await db.schema.dropTable('free_text_lines').execute();
  await db.schema.dropTable('material_lines').execute();
}
