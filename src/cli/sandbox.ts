import { loadConfigWithoutKeys, SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { DEMO_PASSWORD, DEMO_USERNAME } from '../sandbox/seed.ts';
import { startSandboxServer } from '../sandbox/server.ts';
import { onShutdown } from './http-server.ts';

/**
 * `npx broen sandbox [--port N] [--in-memory]`: the 24SO sandbox alone, with its state kept in
 * DATA_DIR/sandbox.json so a demo survives a restart — or only in memory (`--in-memory`, the
 * chaos suite: saving tens of thousands of records after every call would measure the disk).
 * @example await runSandbox({ port: 7324 });
 */
export async function runSandbox(options: { port?: number; inMemory?: boolean } = {}): Promise<void> {
  const config = loadConfigWithoutKeys(process.env);
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
  ) {
    throw new Error(`--port må være et portnummer (0–65535), ikke ${options.port}`);
  }
  const logger = createLogger(config.logLevel);
  const port = options.port ?? config.sandboxPort;
  const server = await startSandboxServer({
    port,
    host: config.host,
    seed: 'demo',
    dataDir: options.inMemory ? undefined : config.dataDir,
    logger: logger.child({ component: 'sandbox' }),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new Error(`Port ${port} på ${config.host} er allerede i bruk – velg en annen med --port`);
    }
    throw error;
  });
  console.log('');
  console.log('  24SO-sandkassen kjører');
  console.log(`  Adresse:        ${server.url}  (nettvisning og SOAP-tjenester)`);
  console.log(`  API-bruker:     ${DEMO_USERNAME} / ${DEMO_PASSWORD}`);
  console.log(`  ApplicationId:  ${SANDBOX_APPLICATION_ID}`);
  console.log(`  Tilstand:       ${options.inMemory ? 'bare i minnet' : `${config.dataDir}/sandbox.json`}`);
  console.log('');
  onShutdown(() => server.close());
}
