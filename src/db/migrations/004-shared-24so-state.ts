import type { Kysely } from 'kysely';

// What every process serving one installation must share about 24SO, kept in the database
// instead of one process's memory (decision 18): the live 24SO session per workspace (sealed),
// the pending 24SO login between the connect flow's two steps (sealed, short-lived), and the
// hourly call budget with any quarantine 24SO imposed.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integration_sessions')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
    // Which stored connection (user, client, sealed password) the session belongs to.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('session_blob', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('integration_pending_logins')
    // SHA-256 of the random key the picker form carries; the key itself is never stored.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('session_hash', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('integration_pending_logins_session_idx')
    .on('integration_pending_logins')
    .column('session_hash')
    .execute();
  await db.schema
    .createIndex('integration_pending_logins_expires_idx')
    .on('integration_pending_logins')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('twentyfour_call_windows')
    .addColumn('scope', 'text', (c) => c.notNull())
    // Start of the clock hour (UTC ISO-8601) the count belongs to.
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('twentyfour_call_windows_pk', ['scope', 'window_start'])
    .execute();

  await db.schema
    .createTable('twentyfour_quarantines')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('twentyfour_quarantines').execute();
  await db.schema.dropTable('twentyfour_call_windows').execute();
  await db.schema.dropTable('integration_pending_logins').execute();
  await db.schema.dropTable('integration_sessions').execute();
}
