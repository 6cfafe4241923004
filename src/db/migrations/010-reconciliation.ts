import type { Kysely } from 'kysely';

// Activation reconciliation: a proposal (what 24SO held when it was read, with a hash to tell
// a stale one), its rows (one per workspace record and per 24SO-only record, with the proposed
// and the decided action), and the 24SO records read (searched when a person picks another).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reconciliations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text')
    .addColumn('snapshot_hash', 'text')
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reconciliations_ws_idx')
    .on('reconciliations')
    .columns(['workspace_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('reconciliation_rows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reconciliation_id', 'text', (c) => c.notNull().references('reconciliations.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('local_id', 'text')
    .addColumn('local_label', 'text')
    .addColumn('local_detail', 'text')
    .addColumn('remote_id', 'text')
    .addColumn('proposed_remote_id', 'text')
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('matched_by', 'text')
    .addColumn('certainty', 'text', (c) => c.notNull())
    .addColumn('proposed_action', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('reconciliation_rows_rec_idx')
    .on('reconciliation_rows')
    .columns(['reconciliation_id', 'entity', 'position'])
    .execute();

  await db.schema
    .createTable('reconciliation_remote')
    .addColumn('reconciliation_id', 'text', (c) => c.notNull().references('reconciliations.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reconciliation_remote_pk', ['reconciliation_id', 'entity', 'remote_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reconciliation_remote').execute();
  await db.schema.dropTable('reconciliation_rows').execute();
  await db.schema.dropTable('reconciliations').execute();
}
