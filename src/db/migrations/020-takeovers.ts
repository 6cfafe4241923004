import type { Kysely } from 'kysely';

// Decision 81. A job taken over after its worker died (the lease ran out) no longer uses up one
// of its attempts; such takeovers are counted apart, in a row until the handler next returns or
// throws, and bounded on their own against a job that brings its worker down every time. A sync
// run found live with no job to carry it on is resumed with a new one, a bounded number of times.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('takeovers', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sync_runs')
    .addColumn('resumes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_runs').dropColumn('resumes').execute();
  await db.schema.alterTable('jobs').dropColumn('takeovers').execute();
}
