import type { JobHandler, JobQueue } from '../../jobs/queue.ts';
import type { ConnectionDeps } from '../session-calls.ts';
import { RECONCILIATION_JOB, readAndPropose, startReconciliation } from './service.ts';
import { failReconciliation, type Reconciliation } from './store.ts';

// The reconciliation's read of 24SO runs as a job on the sync engine's queue, so a request that
// starts one answers at once (202) and a worker in any process does the reading.

/**
 * Creates a proposal and queues the job that reads 24SO for it.
 * @example const rec = await startReconciliationJob({ db, clock, queue }, { workspaceId, actor });
 */
export async function startReconciliationJob(
  deps: { db: ConnectionDeps['db']; clock: () => Date; queue: JobQueue },
  input: { workspaceId: string; actor: string },
): Promise<Reconciliation> {
  const rec = await startReconciliation(deps.db, deps.clock, input);
  await deps.queue.enqueue(
    RECONCILIATION_JOB,
    { workspaceId: input.workspaceId, id: rec.id },
    { uniqueKey: `reconciliation:${rec.id}`, maxAttempts: 3 },
  );
  return rec;
}

/**
 * The job handler: reads 24SO and stores the proposal. A connection problem fails the proposal
 * with its Norwegian reason; an unexpected error does too (after logging), so no proposal is
 * left reading for ever.
 * @example new EmbeddedWorker(deps, { [RECONCILIATION_JOB]: reconciliationJobHandler(runtime) });
 */
export function reconciliationJobHandler(deps: ConnectionDeps): JobHandler {
  return async (job) => {
    const payload = job.payload as { workspaceId?: unknown; id?: unknown } | null;
    if (typeof payload?.workspaceId !== 'string' || typeof payload.id !== 'string') return { kind: 'done' };
    const { workspaceId, id } = payload;
    try {
      await readAndPropose(deps, workspaceId, id);
    } catch (error) {
      deps.logger.error({ err: error, workspaceId, reconciliationId: id }, 'reconciliation read failed');
      if (job.attempt < job.maxAttempts) throw error;
      await failReconciliation(
        deps.db,
        deps.clock,
        id,
        'Lesingen fra 24SevenOffice feilet uventet. Start avstemmingen på nytt.',
      );
    }
    return { kind: 'done' };
  };
}

export { RECONCILIATION_JOB };
