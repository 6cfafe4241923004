import type { Kysely } from 'kysely';

// Failed web logins, shared by every process on the database so the login limits hold however
// many processes serve the UI. Rows older than the limit window are purged as new ones arrive.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failures_email_idx')
    .on('login_failures')
    .columns(['email', 'failed_at'])
    .execute();
  await db.schema
    .createIndex('login_failures_email_ip_idx')
    .on('login_failures')
    .columns(['email', 'ip', 'failed_at'])
    .execute();
  await db.schema.createIndex('login_failures_at_idx').on('login_failures').column('failed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
