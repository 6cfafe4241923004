import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { IdentityBlockedError, TwentyFourError, WrongCredentialsError } from '../../twentyfour/errors.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import { type ConnectionDeps, withSession } from '../connection.ts';
import { getSettings } from '../settings.ts';
import type { AdapterContext, ExportAdapter, LocalItem, SaveItem } from './adapter.ts';
import { customerAdapter } from './customer-adapter.ts';
import { importPhase } from './import.ts';
import { productAdapter } from './product-adapter.ts';
import { AmbiguousRecoveryError, projectAdapter } from './project-adapter.ts';
import { classifyWriteError, fingerprintOf } from './reasons.ts';
import {
  clearIntents,
  getRecords,
  type OutcomeInput,
  recordIntents,
  recordOutcomes,
  recordSynced,
  type SyncRecord,
} from './records.ts';
import {
  addRunRecords,
  addToRun,
  getRunById,
  moveRun,
  type NewRunRecord,
  type RunCounts,
  type SyncRun,
} from './runs.ts';
import type { SyncEntity } from './tables.ts';

// One run, start to end: settle open intents, plan, write in batches with the intent recorded
// before each write, and keep the run's counts, calls and per-record log. A quarantine pauses
// the run until it ends; an uncertain write is settled by reading 24SO before writing again.

export interface SyncDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
  connection: ConnectionDeps;
}

/** How a run ended this time round. */
export type RunOutcome =
  | { state: 'done' | 'failed'; run: SyncRun }
  | { state: 'waiting'; until: Date; run: SyncRun }
  /** The worker is stopping: the run continues on the next claim. */
  | { state: 'interrupted' };

/** The kinds a run covers, in dependency order. */
export const ENTITY_ORDER: SyncEntity[] = ['customer', 'product', 'project'];

const EXPORTERS: Partial<Record<SyncEntity, ExportAdapter<unknown>>> = {
  customer: customerAdapter as ExportAdapter<unknown>,
  product: productAdapter as ExportAdapter<unknown>,
  project: projectAdapter as ExportAdapter<unknown>,
};

/** A failed record is tried again after this long when nothing about it changed. */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3600_000, 60_000 * 2 ** Math.max(0, attempts));
}

/** In-run re-sends of an item whose write was uncertain and which 24SO turned out not to hold. */
const MAX_UNCERTAIN_TRIES = 3;

class RunPaused extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
  ) {
    super(reason);
  }
}
class RunStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
class Interrupted extends Error {}

interface RunState {
  run: SyncRun;
  ctx: AdapterContext;
  calls: number;
  signal: AbortSignal | undefined;
  /** Entities exported (or being) this run, so a dependency is not sent twice. */
  done: Set<SyncEntity>;
}

/**
 * Executes (or resumes) a run. Never throws for 24SO trouble: the outcome says whether the run
 * ended, failed with a message, waits for 24SO, or was interrupted by a stopping worker.
 * @example const outcome = await executeRun(deps, runId);
 */
export async function executeRun(deps: SyncDeps, runId: string, signal?: AbortSignal): Promise<RunOutcome> {
  const initial = await getRunById(deps.db, runId);
  if (!initial) throw new Error(`sync run ${runId} not found`);
  if (initial.state === 'done' || initial.state === 'failed') return { state: initial.state, run: initial };
  if (!(await moveRun(deps.db, deps.clock, runId, 'running'))) {
    const now = await getRunById(deps.db, runId);
    if (now && (now.state === 'done' || now.state === 'failed')) return { state: now.state, run: now };
  }
  const run = (await getRunById(deps.db, runId)) as SyncRun;
  const stored = await getSettings(deps.db, run.workspaceId);
  const end = async (state: 'done' | 'failed', message: string | null): Promise<RunOutcome> => {
    await moveRun(deps.db, deps.clock, runId, state, { message });
    return { state, run: (await getRunById(deps.db, runId)) as SyncRun };
  };
  if (!stored.enabled && !run.dryRun) {
    return end('failed', 'Integrasjonen med 24SevenOffice er slått av; ingenting ble sendt.');
  }

  let session: SoapCaller | undefined;
  const state: RunState = {
    run,
    calls: 0,
    signal,
    done: new Set(),
    ctx: {
      db: deps.db,
      workspaceId: run.workspaceId,
      settings: stored.settings,
      clock: deps.clock,
      memo: new Map(),
      soap: {
        call: async (service, operation, params) => {
          if (!session) {
            const opened = await withSession(deps.connection, run.workspaceId, async (s) =>
              s.soap
                ? { ok: true as const, value: s.soap }
                : {
                    ok: false as const,
                    kind: 'unreachable' as const,
                    detail: 'no SOAP access on this gateway',
                  },
            );
            if (!opened.ok) throw new RunStopped(opened.message);
            session = opened.value;
          }
          state.calls++;
          return session.call(service, operation, params);
        },
      },
      linkedRemoteId: async (entity, localId) => {
        const rec = (await getRecords(deps.db, run.workspaceId, entity, [localId])).get(localId);
        if (rec?.remoteId && (rec.state === 'synced' || !rec.intent)) return rec.remoteId;
        // A dry run does not export the customer first; it would be, so the project would go too.
        if (run.dryRun && settingsSection(stored.settings, entity)?.direction === 'export') return '0';
        return null;
      },
    },
  };

  const entities = (run.entity ? [run.entity] : ENTITY_ORDER).filter((e) => {
    const section = settingsSection(stored.settings, e);
    if (!section) return false;
    // An automatic run moves only the kinds set to automatic; asked for by a person, any kind.
    return run.trigger !== 'auto' || section.sync === 'auto';
  });

  try {
    for (const entity of entities) {
      const section = settingsSection(stored.settings, entity);
      if (section?.direction === 'import') await importPhase(deps, state, entity);
      else await exportPhase(deps, state, entity);
    }
    await flushCalls(deps, state);
    const after = (await getRunById(deps.db, runId)) as SyncRun;
    return end(
      'done',
      after.counts.failed > 0
        ? `${after.counts.failed} poster ble avvist av 24SevenOffice; se årsakene.`
        : null,
    );
  } catch (error) {
    await flushCalls(deps, state);
    if (error instanceof RunPaused) {
      await moveRun(deps.db, deps.clock, runId, 'waiting', {
        waitingUntil: error.until.toISOString(),
        message: `Venter på 24SevenOffice til kl. ${osloTime(error.until)}: ${error.reason}`,
      });
      return { state: 'waiting', until: error.until, run: (await getRunById(deps.db, runId)) as SyncRun };
    }
    if (error instanceof Interrupted) return { state: 'interrupted' };
    if (error instanceof RunStopped) return end('failed', error.reason);
    if (error instanceof AmbiguousRecoveryError) return end('failed', error.message);
    if (error instanceof TwentyFourError) {
      const f = classifyWriteError(error, deps.clock);
      if (f.kind === 'rate_limited') {
        await moveRun(deps.db, deps.clock, runId, 'waiting', {
          waitingUntil: f.until.toISOString(),
          message: `Venter på 24SevenOffice til kl. ${osloTime(f.until)} (kvoten for kall er brukt opp).`,
        });
        return { state: 'waiting', until: f.until, run: (await getRunById(deps.db, runId)) as SyncRun };
      }
      await noteConnectionTrouble(deps, run.workspaceId, error);
      return end(
        'failed',
        `Kjøringen stoppet: ${error.message} Det som ikke ble bekreftet, sjekkes mot 24SevenOffice ved neste kjøring.`,
      );
    }
    throw error;
  }
}

/**
 * A run stopped by 24SO trouble tells the connection box too: a wrong password or a lost client
 * is that state, anything else means 24SO did not answer. The cached session is dropped.
 */
async function noteConnectionTrouble(
  deps: SyncDeps,
  workspaceId: string,
  error: TwentyFourError,
): Promise<void> {
  const state =
    error instanceof WrongCredentialsError
      ? 'invalid_credentials'
      : error instanceof IdentityBlockedError
        ? 'client_unavailable'
        : 'unreachable';
  deps.connection.sessions.forget(workspaceId);
  const at = deps.clock().toISOString();
  await deps.db
    .updateTable('integration_connections')
    .set({ state, last_error: error.faultString ?? error.message, last_checked_at: at, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .execute();
}

/** Clock time in Norway, e.g. "14:00". */
export function osloTime(d: Date): string {
  return d.toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' });
}

export function settingsSection(
  settings: AdapterContext['settings'],
  entity: SyncEntity,
): { sync: 'auto' | 'manual'; direction: 'import' | 'export' } | undefined {
  if (entity === 'customer') return settings.customers;
  if (entity === 'project') return settings.projects;
  if (entity === 'product') return settings.products;
  return undefined;
}

async function flushCalls(deps: SyncDeps, state: RunState): Promise<void> {
  if (state.calls === 0) return;
  const calls = state.calls;
  state.calls = 0;
  await addToRun(deps.db, state.run.id, {}, calls);
}

/** Adds counts and log lines for a run (dry runs included). */
export async function report(
  deps: SyncDeps,
  state: RunState,
  counts: Partial<RunCounts>,
  records: NewRunRecord[],
): Promise<void> {
  const calls = state.calls;
  state.calls = 0;
  await addToRun(deps.db, state.run.id, counts, calls);
  await addRunRecords(deps.db, deps.clock, state.run, records);
}

export function checkStop(state: RunState): void {
  if (state.signal?.aborted) throw new Interrupted('worker stopping');
}

export type { RunState };

interface Planned {
  item: LocalItem<unknown>;
  payload: unknown;
  fingerprint: string;
  remoteId: string | null;
  op: 'create' | 'update' | 'deactivate';
  tries: number;
}

async function exportPhase(
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
      unchanged++;
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
  while (queue.length > 0) {
    checkStop(state);
    const batch = queue.splice(0, adapter.batchSize);
    const intents = await recordIntents(
      deps.db,
      deps.clock,
      batch.map((p) => ({ ...key(p.item.localId), op: p.op, fingerprint: p.fingerprint, runId: run.id })),
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
        await fail(deps, state, entity, batch, f.reason, f.reasonCode);
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
      if (give.length) await fail(deps, state, entity, give, f.reason, f.refusal ? 'rejected' : 'uncertain');
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

function logLine(
  entity: SyncEntity,
  item: { localId: string; label: string },
  remoteId: string | null,
  action: NewRunRecord['action'],
  reason: string | null,
  reasonCode: string | null,
): NewRunRecord {
  return { entity, localId: item.localId, remoteId, label: item.label, action, reason, reasonCode };
}

async function applyOutcomes(
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
  await recordSynced(deps.db, deps.clock, synced);
  await recordOutcomes(deps.db, deps.clock, failures);
  await report(deps, state, { ...counts, failed: failed.length }, log);
}

async function fail(
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
async function settleOpen(
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
