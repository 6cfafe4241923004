import type { Kysely } from 'kysely';

// Decision 76. A sync run keeps its place in the walk over the workspace's hours, so a run
// handed back at the end of its time slice goes on where it stopped instead of planning every
// hour of the workspace again (src/integration/hours/plan-walk.ts). Text (JSON), null until the
// hours phase starts.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_runs').addColumn('hour_walk', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_runs').dropColumn('hour_walk').execute();
}
