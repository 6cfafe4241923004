import { createServer } from 'node:net';

// A free local port for a child process to listen on (the tests and benchmarks that start
// `broen` as processes). Another process may take it between this answer and the child's
// bind; the callers that care retry on EADDRINUSE.

/**
 * A TCP port on 127.0.0.1 nothing listens on at this moment.
 * @example const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
