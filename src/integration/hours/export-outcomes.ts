import { nowIso } from '../../db/database.ts';
import { type OutcomeInput, recordOutcomes, recordSynced } from '../sync/records.ts';
import { addRunRecords, addToRun } from '../sync/runs.ts';
import {
  type HourExportDeps,
  type HourExportResult,
  type HourExportRun,
  key,
  line,
} from './export-context.ts';
import type { PlannedWrite } from './plan.ts';

// Recording the hours export's outcomes in the sync records and the run log: sent, flagged as
// changed after transfer, still unsettled, or failed with 24SO's reason.

export async function recordSuccesses(
  deps: HourExportDeps,
  run: HourExportRun,
  done: { w: PlannedWrite; remoteId: string }[],
  result: HourExportResult,
): Promise<void> {
  if (done.length === 0) return;
  const ws = run.workspaceId;
  const plain = done.filter(({ w }) => w.kind === 'new' || w.kind === 'edit');
  const flagged = done.filter(({ w }) => w.kind === 'unapproved' || w.kind === 'deleted');
  await recordSynced(
    deps.db,
    deps.clock,
    plain.map(({ w, remoteId }) => ({
      ...key(ws, w.row.hourId),
      remoteId,
      fingerprint: w.fingerprint,
      runId: run.id,
    })),
  );
  const created = plain.filter(({ w }) => w.op === 'create').length;
  result.created += created;
  result.updated += plain.length - created;
  await addToRun(deps.db, run.id, { created, updated: plain.length - created });
  await addRunRecords(
    deps.db,
    deps.clock,
    run,
    plain.map(({ w, remoteId }) => line(w, w.op, null, null, remoteId)),
  );
  await recordFlags(
    deps,
    run,
    flagged.map(({ w }) => ({
      write: w,
      sent: true,
      reasonCode: w.kind,
      reason:
        w.kind === 'deleted'
          ? 'Slettet i Broen etter overføring: timen er satt til 0 timer og ikke godkjent i 24SevenOffice (24SevenOffice har ingen sletting av timer).'
          : 'Godkjenningen ble fjernet etter overføring: timen er satt til ikke godkjent (venter på godkjenning) i 24SevenOffice.',
    })),
    result,
  );
}

export interface FlagInput {
  write: PlannedWrite;
  reasonCode: string;
  reason: string;
  /** The payload reached 24SO (so 24SO now holds it); false when 24SO refused changes. */
  sent: boolean;
}

/** Marks sent hours «endret etter overføring», on the hour and in the run log. */
export async function recordFlags(
  deps: HourExportDeps,
  run: HourExportRun,
  flags: FlagInput[],
  result: HourExportResult,
): Promise<void> {
  if (flags.length === 0) return;
  const at = nowIso(deps.clock);
  await deps.db.transaction().execute(async (tx) => {
    for (const f of flags) {
      await tx
        .updateTable('sync_records')
        .set({
          state: 'changed_after_transfer',
          reason: f.reason,
          reason_code: f.reasonCode,
          ...(f.sent ? { fingerprint: f.write.fingerprint, last_synced_at: at } : {}),
          intent_id: null,
          intent_op: null,
          intent_at: null,
          intent_fingerprint: f.write.fingerprint,
          next_retry_at: null,
          last_run_id: run.id,
          updated_at: at,
        })
        .where('workspace_id', '=', run.workspaceId)
        .where('entity', '=', 'hour')
        .where('local_id', '=', f.write.row.hourId)
        .execute();
    }
  });
  const updated = flags.filter((f) => f.sent).length;
  result.flagged += flags.length;
  result.updated += updated;
  await addToRun(deps.db, run.id, { updated, skipped: flags.length - updated });
  await addRunRecords(
    deps.db,
    deps.clock,
    run,
    flags.map((f) =>
      line(
        f.write,
        f.sent ? 'update' : 'skip',
        `Endret etter overføring: ${f.reason}`,
        'changed_after_transfer',
      ),
    ),
  );
}

/**
 * Marks an hour whose create could not be settled as failed while keeping its intent, so the
 * next run (due at once: an open intent makes hours due) finds it by its marker before sending.
 */
export async function recordUnsettled(
  deps: HourExportDeps,
  run: HourExportRun,
  w: PlannedWrite,
  reason: string,
  result: HourExportResult,
): Promise<void> {
  const at = nowIso(deps.clock);
  await deps.db
    .updateTable('sync_records')
    .set({
      state: 'failed',
      reason,
      reason_code: 'uncertain',
      next_retry_at: at,
      last_run_id: run.id,
      updated_at: at,
    })
    .where('workspace_id', '=', run.workspaceId)
    .where('entity', '=', 'hour')
    .where('local_id', '=', w.row.hourId)
    .execute();
  result.failed++;
  await addToRun(deps.db, run.id, { failed: 1 });
  await addRunRecords(deps.db, deps.clock, run, [line(w, 'fail', reason, 'uncertain')]);
}

export async function recordFailure(
  deps: HourExportDeps,
  run: HourExportRun,
  w: PlannedWrite,
  reason: string,
  reasonCode: string,
  result: HourExportResult,
): Promise<void> {
  const attempts = w.row.record?.attempts ?? 0;
  const input: OutcomeInput = {
    ...key(run.workspaceId, w.row.hourId),
    state: 'failed',
    reason,
    reasonCode,
    fingerprint: w.fingerprint,
    nextRetryAt: new Date(
      deps.clock().getTime() + Math.min(6 * 3600_000, 60_000 * 2 ** attempts),
    ).toISOString(),
    runId: run.id,
  };
  await recordOutcomes(deps.db, deps.clock, [input]);
  result.failed++;
  await addToRun(deps.db, run.id, { failed: 1 });
  await addRunRecords(deps.db, deps.clock, run, [line(w, 'fail', reason, reasonCode)]);
}
