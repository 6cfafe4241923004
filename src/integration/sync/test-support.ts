import { randomBytes } from 'node:crypto';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { createLogger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { EmbeddedWorker } from '../../jobs/embedded.ts';
import type { Sandbox } from '../../sandbox/server.ts';
import type { FetchLike } from '../../twentyfour/transport.ts';
import { newWorkspace } from '../../workspace/test-support.ts';
import { listClientsForCredentials, saveConnection } from '../connection.ts';
import { SessionCache } from '../session-cache.ts';
import type { ConnectionDeps } from '../session-calls.ts';
import { saveSettings, setEnabled } from '../settings.ts';
import { createTwentyFourGateway } from '../twentyfour-gateway.ts';
import type { RunOutcome, SyncDeps } from './run-context.ts';
import { getRunById, type SyncRun } from './runs.ts';
import { SYNC_JOB, syncJobHandler } from './service.ts';
import type { Patience } from './unanswered-pause.ts';

// A workspace connected to an in-process sandbox client, with the integration switched on, for
// the engine's tests.

export interface SyncFixture {
  workspaceId: string;
  deps: SyncDeps;
  worker: EmbeddedWorker;
}

/**
 * The connection deps of a test talking to a sandbox (in process through `fetch`, or over a port
 * through node:http and `baseUrl`, as the app does).
 * @example const connection = sandboxConnection(db, { baseUrl: sandbox.url });
 */
export function sandboxConnection(
  db: Db,
  options: { fetch?: FetchLike; baseUrl: string; timeoutMs?: number; secretKey?: Buffer },
): ConnectionDeps {
  const clock = () => new Date();
  const logger = createLogger('silent');
  return {
    db,
    gateway: createTwentyFourGateway({
      fetch: options.fetch,
      logger,
      clock,
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
    }),
    secretKey: options.secretKey ?? randomBytes(32),
    sessions: new SessionCache(clock),
    logger,
    clock,
  };
}

/**
 * Logs a workspace in on one of the sandbox user's clients, as the connect page does, and
 * switches the integration on (after saving `settings`, when given).
 * @example await connectToSandbox(connection, ws.id);
 */
export async function connectToSandbox(
  connection: ConnectionDeps,
  workspaceId: string,
  options: { clientIndex?: number; settings?: Record<string, unknown> } = {},
): Promise<void> {
  const { db, clock } = connection;
  const credentials = { username: 'api@demo.no', password: 'demo-password' };
  const clients = await listClientsForCredentials(connection, credentials);
  if (!clients.ok) throw new Error(clients.message);
  const client = clients.clients[options.clientIndex ?? 0];
  if (!client) throw new Error('sandbox has no client');
  const saved = await saveConnection(connection, workspaceId, {
    ...credentials,
    identityId: client.identityId,
  });
  if (!saved.ok) throw new Error(saved.message);
  if (options.settings && Object.keys(options.settings).length > 0) {
    const r = await saveSettings(db, null, clock, { workspaceId, actor: 'test', input: options.settings });
    if (!r.ok) throw new Error(`settings refused: ${JSON.stringify(r)}`);
  }
  await setEnabled(db, clock, { workspaceId, actor: 'test', enabled: true });
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
  options: {
    timeoutMs?: number;
    clientIndex?: number;
    fetch?: FetchLike;
    /** How runs wait out unanswered reads (decision 77); the default's pauses last seconds. */
    patience?: Patience;
    /** Hears how each slice of a run ended (a pause is `waiting`). */
    onOutcome?: (outcome: RunOutcome) => void;
  } = {},
): Promise<SyncFixture> {
  const ws = await newWorkspace(db);
  const connection = sandboxConnection(db, {
    fetch: options.fetch ?? ((r) => sandbox.fetch(r)),
    baseUrl: 'http://sandbox.test',
    timeoutMs: options.timeoutMs ?? 5_000,
  });
  await connectToSandbox(connection, ws.id, { clientIndex: options.clientIndex, settings });
  const { clock, logger } = connection;
  const deps: SyncDeps = { db, clock, logger, connection };
  const worker = new EmbeddedWorker(
    { db, clock, logger },
    { [SYNC_JOB]: syncJobHandler(deps, options.onOutcome, { patience: options.patience }) },
    { pollMs: 20 },
  );
  return { workspaceId: ws.id, deps, worker };
}

/**
 * Works the fixture's queue until the run has ended (done or failed), waiting out the pauses it
 * takes for 24SO: the job is due again at the stated time, so this waits for a condition, not
 * for a fixed time. Gives up after `timeoutMs`.
 * @example const run = await runToEnd(f, run.id);
 */
export async function runToEnd(f: SyncFixture, runId: string, timeoutMs = 90_000): Promise<SyncRun> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await f.worker.drain();
    const run = await getRunById(f.deps.db, runId);
    if (!run) throw new Error(`run ${runId} not found`);
    if (run.state === 'done' || run.state === 'failed') return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run.state} after the test's time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
