import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from '../config/logger.ts';

/**
 * Listens with the app on host:port and resolves once the port is bound.
 * @example const { url, close } = await listen(app, 3000, '127.0.0.1');
 */
export function listen(
  app: Hono,
  port: number,
  host: string,
): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    const onError = (error: Error) => reject(error);
    server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      server?.off('error', onError);
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
        close: () => new Promise<void>((done) => server?.close(() => done())),
      });
    });
    server.once('error', onError);
  });
}

/**
 * Graceful stop: on the first SIGINT/SIGTERM runs `stop` (stop taking jobs, hand the running
 * one back, close the server and the database) and exits 0; if that takes longer than
 * `timeoutMs` (BROEN_STOP_TIMEOUT_MS) it exits 1 and the job's lease running out hands it to
 * another worker. A second signal exits at once.
 * @example onShutdown(async () => { await worker.stop(); await db.destroy(); }, { timeoutMs: 25_000, logger });
 */
export function onShutdown(
  stop: () => Promise<void>,
  options: { timeoutMs?: number; logger?: Logger } = {},
): void {
  const timeoutMs = options.timeoutMs ?? 25_000;
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger?.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    options.logger?.info({ signal, timeoutMs }, 'stopping: no new jobs, handing back the running one');
    setTimeout(() => {
      options.logger?.error({ timeoutMs }, 'stop took too long: exiting; the lease hands the job on');
      process.exit(1);
    }, timeoutMs).unref();
    stop()
      .then(() => {
        options.logger?.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        options.logger?.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
