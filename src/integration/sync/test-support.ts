import { randomBytes } from 'node:crypto';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { createLogger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { EmbeddedWorker } from '../../jobs/embedded.ts';
import type { Sandbox } from '../../sandbox/server.ts';
import type { FetchLike } from '../../twentyfour/transport.ts';
import { newWorkspace } from '../../workspace/test-support.ts';
import { type ConnectionDeps, listClientsForCredentials, saveConnection } from '../connection.ts';
import { SessionCache } from '../session-cache.ts';
import { saveSettings, setEnabled } from '../settings.ts';
import { createTwentyFourGateway } from '../twentyfour-gateway.ts';
import type { SyncDeps } from './engine.ts';
import { SYNC_JOB, syncJobHandler } from './service.ts';

// A workspace connected to an in-process sandbox client, with the integration switched on, for
// the engine's tests.

export interface SyncFixture {
  workspaceId: string;
  deps: SyncDeps;
  worker: EmbeddedWorker;
}

/**
 * Connects a fresh workspace to the sandbox's "Demo Maskin AS" (or an empty client) and turns
 * the integration on with the given settings.
 * @example const f = await connectedWorkspace(db, sandbox, { customers: { sync: 'manual' } });
 */
export async function connectedWorkspace(
  db: Db,
  sandbox: Pick<Sandbox, 'fetch'>,
  settings: Record<string, unknown> = {},
  options: { timeoutMs?: number; clientIndex?: number; fetch?: FetchLike } = {},
): Promise<SyncFixture> {
  const ws = await newWorkspace(db);
  const clock = () => new Date();
  const logger = createLogger('silent');
  const connection: ConnectionDeps = {
    db,
    gateway: createTwentyFourGateway({
      fetch: options.fetch ?? ((r) => sandbox.fetch(r)),
      logger,
      clock,
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
      timeoutMs: options.timeoutMs ?? 5_000,
    }),
    secretKey: randomBytes(32),
    sessions: new SessionCache(clock),
    logger,
    clock,
  };
  const credentials = { username: 'api@demo.no', password: 'demo-password' };
  const clients = await listClientsForCredentials(connection, credentials);
  if (!clients.ok) throw new Error(clients.message);
  const client = clients.clients[options.clientIndex ?? 0];
  if (!client) throw new Error('sandbox has no client');
  const saved = await saveConnection(connection, ws.id, { ...credentials, identityId: client.identityId });
  if (!saved.ok) throw new Error(saved.message);
  if (Object.keys(settings).length > 0) {
    const r = await saveSettings(db, null, clock, { workspaceId: ws.id, actor: 'test', input: settings });
    if (!r.ok) throw new Error(`settings refused: ${JSON.stringify(r)}`);
  }
  await setEnabled(db, clock, { workspaceId: ws.id, actor: 'test', enabled: true });
  const deps: SyncDeps = { db, clock, logger, connection };
  const worker = new EmbeddedWorker(
    { db, clock, logger },
    { [SYNC_JOB]: syncJobHandler(deps) },
    { pollMs: 20 },
  );
  return { workspaceId: ws.id, deps, worker };
}
