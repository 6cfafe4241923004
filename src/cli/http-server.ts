import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';

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

/** Runs `stop` once on SIGINT/SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
