import type { ExportAdapter, LocalItem } from './adapter.ts';
import { settleBatchIntents } from './intent-writes.ts';
import {
  clearIntents,
  getRecords,
  type OutcomeInput,
  recordOutcomes,
  recordSynced,
  type SyncRecord,
} from './records.ts';
import { logLine, type RunState, report, type SyncDeps } from './run-context.ts';
import type { NewRunRecord } from './runs.ts';
import type { SyncEntity } from './tables.ts';

// What a write's outcome does to the per-record state and the run log: 24SO's per-item answers
// (synced with the 24SO id, or failed with the reason and a retry time), and the settling of
// intents a crash or a lost answer left open (link what 24SO holds, forget the rest).

/** One record an export run is about to write. */
export interface Planned {
  item: LocalItem<unknown>;
  payload: unknown;
  fingerprint: string;
  remoteId: string | null;
  op: 'create' | 'update' | 'deactivate';
  tries: number;
}

/** A failed record is tried again after this long when nothing about it changed. */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempts));
}

export async function applyOutcomes(
  deps: SyncDeps,
  state: RunState,
  entity: SyncEntity,
  batch: Planned[],
  outcomes: { localId: string; ok: boolean; remoteId?: string; reason?: string; reasonCode?: string }[],
): Promise<void> {
  const byId = new Map(batch.map((p) => [p.item.localId, p]));
  const synced = [];
  const failed: Planned[] = [];
  const log: NewRunRecord[] = [];
  const counts = { created: 0, updated: 0 };
  const failures: OutcomeInput[] = [];
  const now = deps.clock().getTime();
  for (const o of outcomes) {
    const p = byId.get(o.localId);
    if (!p) continue;
    if (o.ok && o.remoteId) {
      synced.push({
        workspaceId: state.run.workspaceId,
        entity,
        localId: o.localId,
        remoteId: o.remoteId,
        fingerprint: p.fingerprint,
        runId: state.run.id,
      });
      if (p.op === 'create') counts.created++;
      else counts.updated++;
      const reason =
        p.op === 'deactivate'
          ? p.item.deleted
            ? 'Slettet her; satt inaktiv i 24SevenOffice (ikke slettet der).'
            : 'Deaktivert her; satt inaktiv i 24SevenOffice.'
          : null;
      // Creates and updates are counted; the log keeps what a person may need to look at.
      if (p.op === 'deactivate') log.push(logLine(entity, p.item, o.remoteId, p.op, reason, null));
    } else {
      failed.push(p);
      const rec = (await getRecords(deps.db, state.run.workspaceId, entity, [o.localId])).get(o.localId);
      failures.push({
        workspaceId: state.run.workspaceId,
        entity,
        localId: o.localId,
        state: 'failed',
        reason: o.reason ?? '24SevenOffice avviste posten.',
        reasonCode: o.reasonCode ?? 'rejected',
        fingerprint: p.fingerprint,
        nextRetryAt: new Date(now + retryDelayMs(rec?.attempts ?? 0)).toISOString(),
        runId: state.run.id,
      });
      log.push(logLine(entity, p.item, p.remoteId, 'fail', o.reason ?? null, o.reasonCode ?? 'rejected'));
    }
  }
  // The intents of these records hold what was sent: settle them in one small statement, and
  // only a record without its intent (not expected) through the general upsert.
  const scope = { workspaceId: state.run.workspaceId, entity, runId: state.run.id };
  const missed = new Set(
    await settleBatchIntents(
      deps.db,
      deps.clock,
      scope,
      synced.map((s) => ({ localId: s.localId, remoteId: s.remoteId })),
    ),
  );
  if (missed.size > 0)
    await recordSynced(
      deps.db,
      deps.clock,
      synced.filter((s) => missed.has(s.localId)),
    );
  await recordOutcomes(deps.db, deps.clock, failures);
  await report(deps, state, { ...counts, failed: failed.length }, log);
}

export async function failBatch(
  deps: SyncDeps,
  state: RunState,
  entity: SyncEntity,
  batch: Planned[],
  reason: string,
  reasonCode: string,
): Promise<void> {
  await applyOutcomes(
    deps,
    state,
    entity,
    batch,
    batch.map((p) => ({ localId: p.item.localId, ok: false, reason, reasonCode })),
  );
}

/** Settles open intents left by a crash or a lost answer: link what 24SO holds, forget the rest. */
export async function settleOpen(
  deps: SyncDeps,
  state: RunState,
  adapter: ExportAdapter<unknown>,
  entity: SyncEntity,
  open: SyncRecord[],
  local: LocalItem<unknown>[],
): Promise<void> {
  const byId = new Map(local.map((l) => [l.localId, l]));
  const creates = open.filter((r) => r.intent?.op === 'create' && !r.remoteId);
  const found = await adapter.recover(
    state.ctx,
    creates.map((r) => {
      const item = byId.get(r.localId);
      return {
        localId: r.localId,
        payload: item?.payload.ok ? item.payload.value : null,
        intentAt: r.intent?.at ?? deps.clock().toISOString(),
      };
    }),
  );
  const key = (localId: string) => ({ workspaceId: state.run.workspaceId, entity, localId });
  const linked = creates.filter((r) => found.has(r.localId));
  // The fingerprint of the intent is what 24SO got; a later local change is sent after.
  await recordSynced(
    deps.db,
    deps.clock,
    linked.map((r) => ({
      ...key(r.localId),
      remoteId: found.get(r.localId) as string,
      fingerprint: r.intent?.fingerprint ?? null,
      runId: state.run.id,
    })),
  );
  if (linked.length) {
    await report(
      deps,
      state,
      { created: linked.length },
      linked.map((r) =>
        logLine(
          entity,
          { localId: r.localId, label: byId.get(r.localId)?.label ?? r.localId },
          found.get(r.localId) ?? null,
          'create',
          'Funnet i 24SevenOffice etter et ubekreftet svar; koblet uten ny oppretting.',
          'recovered',
        ),
      ),
    );
  }
  await clearIntents(
    deps.db,
    deps.clock,
    open.filter((r) => !found.has(r.localId)).map((r) => key(r.localId)),
  );
}
