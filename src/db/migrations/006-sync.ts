import type { Kysely } from 'kysely';

// The sync engine's store: per-record link and state, the run log with per-record outcomes,
// import checkpoints, and the durable job table of the embedded job engine. Portable types only.

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per workspace record that is linked to 24SO or was attempted. `intent_*` is written
  // before a write to 24SO and cleared after its outcome is known; a row still carrying an
  // intent after a crash or a lost answer is resolved by reading 24SO before writing again.
  await db.schema
    .createTable('sync_records')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('export'))
    .addColumn('reason', 'text')
    .addColumn('reason_code', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_retry_at', 'text')
    .addColumn('last_synced_at', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('remote_changed_at', 'text')
    .addColumn('intent_id', 'text')
    .addColumn('intent_op', 'text')
    .addColumn('intent_at', 'text')
    .addColumn('intent_fingerprint', 'text')
    .addColumn('last_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_records_pk', ['workspace_id', 'entity', 'local_id'])
    .execute();
  // A 24SO record is linked to at most one workspace record (NULLs do not collide).
  await db.schema
    .createIndex('sync_records_remote_uq')
    .on('sync_records')
    .columns(['workspace_id', 'entity', 'remote_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('sync_records_state_idx')
    .on('sync_records')
    .columns(['workspace_id', 'entity', 'state'])
    .execute();

  // `active_key` holds the workspace id while the run is queued, running or waiting and NULL
  // afterwards: the unique index makes "one run per workspace at a time" hold across processes.
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('entity', 'text')
    .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('active_key', 'text', (c) => c.unique())
    .addColumn('waiting_until', 'text')
    .addColumn('message', 'text')
    .addColumn('requested_by', 'text')
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('sync_runs_ws_idx')
    .on('sync_runs')
    .columns(['workspace_id', 'created_at', 'id'])
    .execute();

  // What a run did (or, in a dry run, would do) per record; failures carry their reason.
  await db.schema
    .createTable('sync_run_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('sync_runs.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text')
    .addColumn('remote_id', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('reason_code', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sync_run_records_run_idx')
    .on('sync_run_records')
    .columns(['run_id', 'at', 'id'])
    .execute();

  // Import checkpoints: the 24SO change time up to which a kind has been read.
  await db.schema
    .createTable('sync_cursors')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('changed_after', 'text')
    .addColumn('polled_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_cursors_pk', ['workspace_id', 'entity'])
    .execute();

  // The embedded job engine. A claimed job holds a lease (owner + expiry) renewed by heartbeat;
  // a job whose lease ran out (its process died) is claimed again. `unique_key` is set while the
  // job is queued or running and cleared when it ends, so one queued sync per workspace+entity.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['state', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['jobs', 'sync_cursors', 'sync_run_records', 'sync_runs', 'sync_records']) {
    await db.schema.dropTable(table).execute();
  }
}
