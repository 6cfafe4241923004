import type { Kysely } from 'kysely';

// Portable schema: text UUID keys made in the app, UTC ISO text timestamps, 0/1 booleans,
// money in øre (bigint), quantities in hundredths (bigint), hour durations in minutes.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('number', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('org_number', 'text')
    .addColumn('email', 'text')
    .addColumn('invoice_email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address_street', 'text')
    .addColumn('address_postal_code', 'text')
    .addColumn('address_city', 'text')
    .addColumn('address_country', 'text', (c) => c.notNull().defaultTo('NO'))
    // Delivery address (24SO Addresses.Delivery), when goods or machines go somewhere else.
    .addColumn('delivery_street', 'text')
    .addColumn('delivery_postal_code', 'text')
    .addColumn('delivery_city', 'text')
    .addColumn('delivery_country', 'text')
    .addColumn('payment_terms_days', 'integer', (c) => c.notNull().defaultTo(14))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('customers_number_uq', ['workspace_id', 'number'])
    .execute();
  // Reconciliation with 24SO looks customers up by org. number and workers by e-mail.
  await db.schema
    .createIndex('customers_org_number_idx')
    .on('customers')
    .columns(['workspace_id', 'org_number'])
    .execute();

  await db.schema
    .createTable('employees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('number', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('twentyfour_contact_id', 'bigint')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('employees_number_uq', ['workspace_id', 'number'])
    .execute();
  await db.schema
    .createIndex('employees_email_idx')
    .on('employees')
    .columns(['workspace_id', 'email'])
    .execute();

  await db.schema
    .createTable('hour_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hourly_price_ore', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('hour_types_code_uq', ['workspace_id', 'code'])
    .execute();

  await db.schema
    .createTable('machines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hourly_price_ore', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('machines_number_uq', ['workspace_id', 'number'])
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('project_manager_id', 'text', (c) => c.references('employees.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('projects_number_uq', ['workspace_id', 'number'])
    .execute();

  await db.schema
    .createTable('hour_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('employee_id', 'text', (c) => c.notNull().references('employees.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('hour_type_id', 'text', (c) => c.notNull().references('hour_types.id'))
    .addColumn('machine_id', 'text', (c) => c.references('machines.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('approved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('hour_entries_project_date_idx')
    .on('hour_entries')
    .columns(['workspace_id', 'project_id', 'date', 'id'])
    .execute();
  await db.schema
    .createIndex('hour_entries_employee_date_idx')
    .on('hour_entries')
    .columns(['workspace_id', 'employee_id', 'date', 'id'])
    .execute();
  await db.schema
    .createIndex('hour_entries_workspace_date_idx')
    .on('hour_entries')
    .columns(['workspace_id', 'date', 'id'])
    .execute();

  // Approval history: un-approving an hour is recorded, never silent.
  await db.schema
    .createTable('hour_approval_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('hour_entry_id', 'text', (c) => c.notNull().references('hour_entries.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hour_approval_events_hour_idx')
    .on('hour_approval_events')
    .columns(['hour_entry_id'])
    .execute();

  await db.schema
    .createTable('transport_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('employee_id', 'text', (c) => c.references('employees.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quantity_hundredths', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_ore', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('transport_entries_project_idx')
    .on('transport_entries')
    .columns(['workspace_id', 'project_id', 'date', 'id'])
    .execute();
  await db.schema
    .createIndex('transport_entries_workspace_date_idx')
    .on('transport_entries')
    .columns(['workspace_id', 'date', 'id'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo('stk'))
    .addColumn('sales_price_ore', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_price_ore', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('stock_hundredths', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addUniqueConstraint('products_number_uq', ['workspace_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'products',
    'transport_entries',
    'hour_approval_events',
    'hour_entries',
    'projects',
    'machines',
    'hour_types',
    'employees',
    'customers',
    'idempotency_keys',
    'api_tokens',
    'web_sessions',
    'users',
    'workspaces',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
