import { startSyncWorker } from '../integration/sync/runtime.ts';
import { invoicingJobs } from '../invoicing/jobs.ts';
import { onShutdown } from './http-server.ts';
import { startMetricsServer } from './metrics-server.ts';
import { openCliApp } from './worker-app.ts';

/**
 * `broen worker`: runs sync jobs and the automatic triggers until stopped (SIGINT/SIGTERM stop
 * it gracefully: the running job stops at its next safe point and is taken up again later).
 */
export async function runWorker(): Promise<void> {
  const app = await openCliApp();
  const worker = startSyncWorker(app, invoicingJobs(app));
  const metrics = await startMetricsServer(app);
  app.logger.info(
    { workerId: worker.workerId, database: app.config.databaseUrl ? 'postgres' : 'sqlite' },
    'Broen worker started',
  );
  onShutdown(
    async () => {
      await Promise.all([worker.stop(), metrics?.close()]);
      await app.db.destroy();
    },
    { timeoutMs: app.config.stopTimeoutMs, logger: app.logger },
  );
}
