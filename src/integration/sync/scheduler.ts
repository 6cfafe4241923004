import { sql } from 'kysely';
import type { Logger } from '../../config/logger.ts';
import type { JobHandler, JobQueue } from '../../jobs/queue.ts';
import { hoursDue } from '../hours/plan-due.ts';
import { getSettings } from '../settings.ts';
import { carryOnLiveRuns } from './orphans.ts';
import { ENTITY_ORDER, type SyncDeps, settingsSection } from './run-context.ts';
import { startSync } from './service.ts';
import type { SyncEntity } from './tables.ts';

// The automatic triggers, as one recurring job: every AUTO_INTERVAL_MS it looks, in the
// database only, for workspaces whose automatic export kinds have records changed since their
// last sync, and whose automatic import kinds are due a poll; for those it queues (or joins) an
// automatic run. No change, no run, no call to 24SO. Each tick first makes sure every live run
// has a job carrying it on (orphans.ts, decision 81), then does the chores the layers above hand
// the worker (invoicing: transfers asked for whose job is gone, decision 86).

export const AUTO_JOB = 'sync.auto';
export const AUTO_INTERVAL_MS = 20_000;

/** Minutes between automatic imports (SYNC_IMPORT_POLL_MINUTES, default 5). */
export function importPollMinutes(): number {
  const n = Number(process.env.SYNC_IMPORT_POLL_MINUTES ?? 5);
  return Number.isFinite(n) && n > 0 ? n : 5;
}

/** Puts the recurring trigger job in place (once per database, whichever process asks). */
export async function scheduleAuto(queue: JobQueue, clock: () => Date): Promise<void> {
  await queue.enqueue(AUTO_JOB, {}, { uniqueKey: AUTO_JOB, runAt: clock(), maxAttempts: 1_000_000 });
}

/** How often each worker makes sure the trigger's job is there. */
export const AUTO_WATCH_MS = 60_000;

/**
 * Puts the trigger's job back whenever it is gone, every `everyMs` while `running()`: the tick
 * is a job like any other, and one whose workers were lost ten times in a row is given up
 * (decision 81) — and with it the automatic runs and the search for lost runs and transfers,
 * until a worker happened to start. While the job lives, the enqueue is joined (one insert that
 * does nothing); once it was given up, the enqueue gives it up for good and puts a new one in.
 * @example const stop = watchAuto(() => queue, clock, logger, () => worker.isRunning);
 */
export function watchAuto(
  queue: () => JobQueue,
  clock: () => Date,
  logger: Logger,
  running: () => boolean,
  everyMs = AUTO_WATCH_MS,
): () => void {
  const timer = setInterval(() => {
    if (!running()) {
      clearInterval(timer);
      return;
    }
    scheduleAuto(queue(), clock).catch((error: unknown) =>
      logger.error({ err: error }, 'could not put the automatic sync trigger back'),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

const TABLES: Partial<Record<SyncEntity, 'customers' | 'projects' | 'products'>> = {
  customer: 'customers',
  project: 'projects',
  product: 'products',
};

/**
 * Which kinds of a workspace have something to do now, for an automatic run.
 * @example const due = await dueKinds(deps, workspaceId); // ['customer']
 */
export async function dueKinds(deps: SyncDeps, workspaceId: string): Promise<SyncEntity[]> {
  const stored = await getSettings(deps.db, workspaceId);
  if (!stored.enabled) return [];
  const due: SyncEntity[] = [];
  const now = deps.clock();
  for (const entity of ENTITY_ORDER) {
    const section = settingsSection(stored.settings, entity);
    const table = TABLES[entity];
    if (section?.sync !== 'auto' || !table) continue;
    if (section.direction === 'import') {
      const cursor = await deps.db
        .selectFrom('sync_cursors')
        .select('polled_at')
        .where('workspace_id', '=', workspaceId)
        .where('entity', '=', entity)
        .executeTakeFirst();
      const last = cursor?.polled_at ? Date.parse(cursor.polled_at) : 0;
      if (now.getTime() - last >= importPollMinutes() * 60_000) due.push(entity);
      continue;
    }
    const live = table === 'projects' ? sql`t.status not in ('completed', 'cancelled')` : sql`t.active = 1`;
    // A record changed after its link was last written, never sent, or failed and due again.
    const changed = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(table)} t
      left join sync_records r
        on r.workspace_id = t.workspace_id and r.entity = ${entity} and r.local_id = t.id
      where t.workspace_id = ${workspaceId}
        and (
          (r.local_id is null and t.deleted_at is null and ${live})
          or (r.state = 'synced' and t.updated_at > r.updated_at)
          or (r.state = 'failed' and (r.next_retry_at is null or r.next_retry_at <= ${now.toISOString()}))
          or (r.state = 'pending' and r.intent_id is null)
          or r.intent_id is not null
        )`.execute(deps.db);
    if (Number(changed.rows[0]?.n ?? 0) > 0) due.push(entity);
  }
  // Hours: due when a run would send something — which includes an hour released because what
  // held it (approval, project, contact id, start date, mapping) changed (hours/plan.ts).
  if (stored.settings.hours.sync === 'auto' && (await hoursDue(deps.db, workspaceId, now))) due.push('hour');
  return due;
}

/**
 * Work of a layer above that the tick does every time, in the database and the job queue only
 * (invoicing's: give transfers whose job is gone a new one). It may not throw the tick off: an
 * error is logged, and the next tick tries again.
 */
export type TickChore = (queue: JobQueue) => Promise<unknown>;

/** The recurring job: queue an automatic run where something is due, then come back. */
export function autoJobHandler(deps: SyncDeps, queue: () => JobQueue, chores: TickChore[] = []): JobHandler {
  return async (_job, ctx) => {
    // First the live runs whose job is gone: resumed (or ended) before any new trigger joins them.
    await carryOnLiveRuns({ db: deps.db, clock: deps.clock, queue: queue(), logger: deps.logger });
    for (const chore of chores) {
      await chore(queue()).catch((error: unknown) =>
        deps.logger.error(
          { err: error },
          'a chore of the automatic trigger failed; the next tick tries again',
        ),
      );
    }
    const workspaces = await deps.db
      .selectFrom('integration_settings')
      .select('workspace_id')
      .where('enabled', '=', 1)
      .execute();
    for (const { workspace_id } of workspaces) {
      if (ctx.signal.aborted) break;
      // A live run that started (or takes every kind) is joined as it is whatever is due, and it
      // plans again each slice: looking first only read the hours again beside the run planning
      // them — the worker's biggest peak with a 20,000-hour backlog (decision 83). Joining still
      // puts its job back if it was lost.
      const live = await deps.db
        .selectFrom('sync_runs')
        .select(['state', 'entity'])
        .where('active_key', '=', workspace_id)
        .executeTakeFirst();
      const covered = live !== undefined && (live.state !== 'queued' || live.entity === null);
      const due = covered ? [] : await dueKinds(deps, workspace_id);
      if (!covered && due.length === 0) continue;
      await startSync(
        { db: deps.db, clock: deps.clock, queue: queue(), logger: deps.logger },
        {
          workspaceId: workspace_id,
          trigger: 'auto',
          entity: !covered && due.length === 1 ? (due[0] ?? null) : null,
          dryRun: false,
        },
      );
    }
    return { kind: 'later', at: new Date(deps.clock().getTime() + AUTO_INTERVAL_MS) };
  };
}
