import type { Kysely } from 'kysely';

// Hardening (issue 9): per-workspace number counters so concurrent creates never pick the same
// customer or worker number; a fingerprint of every committed CSV import so the preview can say
// when an identical file was imported before; one-time set-password links and deactivated
// users for onboarding a company without the demo seed.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('number_counters')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    // The register: 'customers' or 'employees'.
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('last_number', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_counters_pk', ['workspace_id', 'register'])
    .execute();

  await db.schema
    .createTable('csv_import_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    // SHA-256 of the file's bytes, hex.
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('csv_import_files_sha_idx')
    .on('csv_import_files')
    .columns(['workspace_id', 'entity', 'file_sha256'])
    .execute();

  await db.schema
    .createTable('set_password_tokens')
    // SHA-256 of the token in the link; the link itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('set_password_tokens_user_idx')
    .on('set_password_tokens')
    .column('user_id')
    .execute();

  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
  await db.schema.dropTable('set_password_tokens').execute();
  await db.schema.dropTable('csv_import_files').execute();
  await db.schema.dropTable('number_counters').execute();
}
