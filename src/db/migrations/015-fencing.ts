import type { Kysely } from 'kysely';

// Decisions 66 and 68. A job's fencing token: each claim raises `epoch`, and keeping or
// settling a claim checks it, so a worker whose lease ran out can change nothing of a job
// another worker took over. The connection's run of failed calls: it is marked unreachable only
// after several in a row (or a failure that lasts), not on a single lost answer.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('epoch', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('integration_connections')
    .addColumn('failure_streak', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('integration_connections').addColumn('failing_since', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('integration_connections').dropColumn('failing_since').execute();
  await db.schema.alterTable('integration_connections').dropColumn('failure_streak').execute();
  await db.schema.alterTable('jobs').dropColumn('epoch').execute();
}
