import { TwentyFourError } from '../../twentyfour/errors.ts';
import { NOT_SYNCED_CODE } from '../reconciliation/confirm.ts';
import type { ExportAdapter, SaveItem } from './adapter.ts';
import { customerAdapter } from './customer-adapter.ts';
import { writeBatchIntents } from './intent-writes.ts';
import { productAdapter } from './product-adapter.ts';
import { projectAdapter } from './project-adapter.ts';
import { classifyWriteError, fingerprintOf } from './reasons.ts';
import { clearIntents, getRecords, type OutcomeInput, recordOutcomes } from './records.ts';
import {
  checkStop,
  logLine,
  noteConnectionTrouble,
  RunPaused,
  type RunState,
  RunStopped,
  report,
  type SyncDeps,
} from './run-context.ts';
import type { NewRunRecord } from './runs.ts';
import type { SyncEntity } from './tables.ts';
import { applyOutcomes, failBatch, type Planned, settleOpen } from './write-outcomes.ts';

// Export (workspace → 24SO) of one kind: settle open intents first, plan what changed since
// its fingerprint, and write in batches with the intent committed before each write. An
// uncertain write is settled by reading 24SO before anything is written again.

const EXPORTERS: Partial<Record<SyncEntity, ExportAdapter<unknown>>> = {
  customer: customerAdapter as ExportAdapter<unknown>,
  product: productAdapter as ExportAdapter<unknown>,
  project: projectAdapter as ExportAdapter<unknown>,
};

/** In-run re-sends of an item whose write was uncertain and which 24SO turned out not to hold. */
const MAX_UNCERTAIN_TRIES = 3;

export async function exportPhase(
  deps: SyncDeps,
  state: RunState,
  entity: SyncEntity,
  only?: ReadonlySet<string>,
): Promise<void> {
  const adapter = EXPORTERS[entity];
  if (!adapter) return;
  const { run, ctx } = state;
  const key = (localId: string) => ({ workspaceId: run.workspaceId, entity, localId });
  if (!only) state.done.add(entity);

  // Projects: their customers go first when they are to be linked and are not in 24SO yet.
  if (
    entity === 'project' &&
    ctx.settings.projects.includeCustomer &&
    ctx.settings.customers.direction === 'export' &&
    !state.done.has('customer')
  ) {
    const needed = new Set<string>();
    const rows = await deps.db
      .selectFrom('projects')
      .select('customer_id')
      .where('workspace_id', '=', run.workspaceId)
      .where('customer_id', 'is not', null)
      .where('deleted_at', 'is', null)
      .execute();
    const links = await getRecords(deps.db, run.workspaceId, 'customer');
    for (const r of rows) {
      if (r.customer_id && links.get(r.customer_id)?.state !== 'synced') needed.add(r.customer_id);
    }
    if (needed.size > 0) await exportPhase(deps, state, 'customer', needed);
  }

  const planStart = deps.clock().toISOString();
  let local = await adapter.loadLocal(ctx, only);
  let records = await getRecords(deps.db, run.workspaceId, entity, only ? [...only] : undefined);

  // 1. Settle writes whose outcome is unknown (a crash, a lost answer) before anything else.
  const open = [...records.values()].filter((r) => r.intent);
  if (open.length > 0 && !run.dryRun) {
    await settleOpen(deps, state, adapter, entity, open, local);
    records = await getRecords(deps.db, run.workspaceId, entity, only ? [...only] : undefined);
    if (entity === 'project') local = await adapter.loadLocal(ctx, only);
  }

  // 2. Plan.
  const now = deps.clock().toISOString();
  const plan: Planned[] = [];
  const skips: OutcomeInput[] = [];
  const log: NewRunRecord[] = [];
  let unchanged = 0;
  let skipped = 0;
  for (const item of local) {
    const rec = records.get(item.localId);
    // «Ikke synkroniser», chosen at the activation reconciliation: left alone until a new one says otherwise.
    if (rec?.state === 'skipped' && rec.reasonCode === NOT_SYNCED_CODE) continue;
    if (item.gone && !rec?.remoteId) continue; // never sent: nothing to deactivate
    if (!item.payload.ok) {
      if (rec?.state === 'skipped' && rec.reasonCode === item.payload.reasonCode) continue;
      skipped++;
      skips.push({
        ...key(item.localId),
        state: 'skipped',
        reason: item.payload.reason,
        reasonCode: item.payload.reasonCode,
        fingerprint: null,
        nextRetryAt: null,
        runId: run.id,
      });
      log.push(
        logLine(entity, item, rec?.remoteId ?? null, 'skip', item.payload.reason, item.payload.reasonCode),
      );
      continue;
    }
    const fingerprint = fingerprintOf(adapter.fingerprint(item.payload.value, item.gone));
    if (rec?.state === 'synced' && rec.fingerprint === fingerprint) {
      // Sent by this very run before it was handed back (time slice, stop): counted then.
      if (rec.lastRunId !== run.id) unchanged++;
      continue;
    }
    if (
      rec?.state === 'failed' &&
      rec.failedFingerprint === fingerprint &&
      rec.nextRetryAt !== null &&
      rec.nextRetryAt > now
    ) {
      continue; // refused before and unchanged since: wait for its retry time or «Prøv igjen»
    }
    const remoteId = rec?.remoteId ?? null;
    plan.push({
      item,
      payload: item.payload.value,
      fingerprint,
      remoteId,
      op: remoteId ? (item.gone ? 'deactivate' : 'update') : 'create',
      tries: 0,
    });
  }

  if (run.dryRun) {
    const counts = { created: 0, updated: 0, unchanged, skipped };
    for (const p of plan) {
      if (p.op === 'create') counts.created++;
      else counts.updated++;
      log.push(
        logLine(entity, p.item, p.remoteId, p.op === 'deactivate' ? 'deactivate' : p.op, dryReason(p), null),
      );
    }
    await report(deps, state, counts, log);
    return;
  }
  if (!only) await recordOutcomes(deps.db, deps.clock, skips);
  // Everything read at planStart is settled or about to be written: the automatic trigger looks
  // for records changed after their link, so an edit that changes nothing 24SO holds is seen once.
  if (!only)
    await deps.db
      .updateTable('sync_records')
      .set({ updated_at: planStart })
      .where('workspace_id', '=', run.workspaceId)
      .where('entity', '=', entity)
      .where('state', 'in', ['synced', 'skipped'])
      .where('updated_at', '<', planStart)
      .execute();
  await report(deps, state, { unchanged, skipped }, log);

  // 3. Write in batches; intents first.
  const queue = [...plan];
  let written = 0;
  while (queue.length > 0) {
    // At least one batch per call, so a run handed back after each time slice always moves on
    // (re-planning a large kind can itself take longer than a short slice).
    if (written++ > 0) checkStop(state);
    const batch = queue.splice(0, adapter.batchSize);
    const intents = await writeBatchIntents(
      deps.db,
      deps.clock,
      { workspaceId: run.workspaceId, entity, runId: run.id },
      batch.map((p) => ({ localId: p.item.localId, op: p.op, fingerprint: p.fingerprint })),
    );
    const items: SaveItem<unknown>[] = batch.map((p) => ({
      localId: p.item.localId,
      remoteId: p.remoteId,
      payload: p.payload,
      deactivate: p.op === 'deactivate',
    }));
    try {
      const outcomes = await adapter.save(ctx, items);
      await applyOutcomes(deps, state, entity, batch, outcomes);
    } catch (error) {
      if (!(error instanceof TwentyFourError)) throw error;
      const f = classifyWriteError(error, deps.clock);
      if (f.kind === 'rate_limited') {
        await clearIntents(
          deps.db,
          deps.clock,
          batch.map((p) => key(p.item.localId)),
        );
        throw new RunPaused(f.until, f.reason);
      }
      if (f.kind === 'connection') {
        await clearIntents(
          deps.db,
          deps.clock,
          batch.map((p) => key(p.item.localId)),
        );
        await noteConnectionTrouble(deps, run.workspaceId, error);
        throw new RunStopped(f.reason);
      }
      if (f.kind === 'refused') {
        await failBatch(deps, state, entity, batch, f.reason, f.reasonCode);
        continue;
      }
      // Uncertain: read what 24SO holds before anything is written again.
      deps.logger.warn(
        { runId: run.id, entity, items: batch.length, err: error.message },
        'uncertain 24SO write; reading back',
      );
      const creates = batch.filter((p) => p.op === 'create');
      const found = await adapter.recover(
        ctx,
        creates.map((p) => ({
          localId: p.item.localId,
          payload: p.payload,
          intentAt: intents[0]?.at ?? deps.clock().toISOString(),
        })),
      );
      const settled: Planned[] = [];
      const again: Planned[] = [];
      for (const p of batch) {
        const remoteId = found.get(p.item.localId);
        if (remoteId) settled.push({ ...p, remoteId });
        else again.push(p);
      }
      await applyOutcomes(
        deps,
        state,
        entity,
        settled,
        settled.map((p) => ({ localId: p.item.localId, ok: true as const, remoteId: p.remoteId as string })),
      );
      // Not in 24SO: certainly not written, so sending again cannot make a second one.
      await clearIntents(
        deps.db,
        deps.clock,
        again.map((p) => key(p.item.localId)),
      );
      const retry = again.filter((p) => !f.refusal && p.tries + 1 < MAX_UNCERTAIN_TRIES);
      const give = again.filter((p) => !retry.includes(p));
      for (const p of retry) queue.push({ ...p, tries: p.tries + 1 });
      if (give.length)
        await failBatch(deps, state, entity, give, f.reason, f.refusal ? 'rejected' : 'uncertain');
    }
  }
}

function dryReason(p: Planned): string | null {
  if (p.op === 'deactivate')
    return p.item.deleted
      ? 'Slettet her; settes inaktiv i 24SevenOffice.'
      : 'Deaktivert her; settes inaktiv i 24SevenOffice.';
  return null;
}
