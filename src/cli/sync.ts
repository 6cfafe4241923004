import { getConnectionStatus } from '../integration/connection.ts';
import { osloTime } from '../integration/sync/engine.ts';
import { getRunById, listRunRecords, type SyncRun } from '../integration/sync/runs.ts';
import { SYNC_JOB, startSync, syncJobHandler } from '../integration/sync/service.ts';
import type { SyncEntity } from '../integration/sync/tables.ts';
import type { JobRunner } from '../jobs/worker.ts';
import { requireWorkspaceId } from './token-db.ts';
import { openCliApp } from './worker-app.ts';

// `broen sync --workspace SLUG [--entity …] [--dry-run]`: one run from the terminal. The run is
// a job like any other (a running worker or server may take it); this process also works on it,
// prints progress as the counts move, and exits 0 only when the run ended with nothing failed.

const ENTITIES: Record<string, SyncEntity> = {
  customers: 'customer',
  projects: 'project',
  products: 'product',
  hours: 'hour',
};

export interface SyncCommandOptions {
  workspace: string;
  entity?: string;
  dryRun?: boolean;
}

/** Returns the exit code. */
export async function runSyncCommand(options: SyncCommandOptions): Promise<number> {
  const entity = options.entity === undefined ? null : ENTITIES[options.entity];
  if (entity === undefined) {
    console.error(`Ukjent --entity «${options.entity}». Velg customers, projects, products eller hours.`);
    return 1;
  }
  const app = await openCliApp({ logLevel: process.env.LOG_LEVEL ?? 'warn' });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  let worker: JobRunner | undefined;
  try {
    const workspaceId = await requireWorkspaceId(app.db, options.workspace);
    // As POST /integration/sync: without a 24SO client even a dry run has nothing to compare with.
    if ((await getConnectionStatus(app.db, workspaceId)).state === 'not_connected') {
      console.error(
        `Arbeidsområdet «${options.workspace}» er ikke koblet til 24SevenOffice. Koble til under Integrasjoner → 24SevenOffice først.`,
      );
      return 1;
    }
    const runtime = app.sync;
    // The configured engine (BROEN_JOBS), so a run this command leaves is found by the workers.
    worker = runtime.engine.worker({ [SYNC_JOB]: syncJobHandler(runtime.deps) }, { pollMs: 200 });
    const { run, joined } = await startSync(
      { db: app.db, clock: app.clock, queue: worker.queue() },
      { workspaceId, trigger: 'cli', entity, dryRun: options.dryRun === true, requestedBy: 'kommandolinjen' },
    );
    console.log(
      `${joined ? 'Blir med i synkroniseringen som går' : 'Startet synkronisering'} ${run.id}${run.dryRun ? ' (prøvekjøring: ingenting skrives)' : ''}`,
    );
    worker.start();
    let last = '';
    let final: SyncRun | undefined;
    while (!stop.signal.aborted) {
      const now = await getRunById(app.db, run.id);
      if (!now) break;
      const line = progressLine(now);
      if (line !== last) console.log(line);
      last = line;
      if (now.state === 'done' || now.state === 'failed') {
        final = now;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!final) {
      console.log('Avbrutt; synkroniseringen fortsetter der den slapp neste gang en worker tar den.');
      return 1;
    }
    for (const f of await listRunRecords(app.db, final.id, { actions: ['fail'] })) {
      console.log(`  feilet: ${f.label}: ${f.reason ?? ''}`);
    }
    if (final.state === 'failed') console.log(`Synkroniseringen stoppet: ${final.message ?? ''}`);
    return final.state === 'done' && final.counts.failed === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    await worker?.stop();
    await app.db.destroy();
  }
}

function progressLine(run: SyncRun): string {
  const c = run.counts;
  const state =
    run.state === 'waiting' && run.waitingUntil
      ? `venter på 24SO til kl. ${osloTime(new Date(run.waitingUntil))}`
      : { queued: 'i kø', running: 'kjører', waiting: 'venter', done: 'ferdig', failed: 'stoppet' }[
          run.state
        ];
  return `${state}: opprettet ${c.created}, oppdatert ${c.updated}, uendret ${c.unchanged}, hentet ${c.imported}, hoppet over ${c.skipped}, feilet ${c.failed} (${run.calls} kall til 24SO)`;
}
