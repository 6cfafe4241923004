import type { Kysely } from 'kysely';

// The client the workspace's 24SO mappings were made for, and the review a switch to another
// client asks for: which client they came from, the names they had there (when they could be
// read), and who confirmed them for the new client, when.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integration_mapping_reviews')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('client_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('from_identity_id', 'text')
    .addColumn('from_client_name', 'text')
    .addColumn('previous_names', 'text')
    .addColumn('requested_at', 'text')
    .addColumn('requested_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('integration_mapping_reviews').execute();
}
