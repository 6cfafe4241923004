import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SANDBOX_APPLICATION_ID } from '../src/config/config.ts';
import { createLogger } from '../src/config/logger.ts';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { type Sandbox, startSandboxServer } from '../src/sandbox/server.ts';
import type { SeedName } from '../src/sandbox/state.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';

// What the tests that run `broen sync` as child processes share (sync-kill.test.ts,
// hours-kill.test.ts): a workspace in a SQLite data directory, connected to a sandbox served on a
// port as 24SO would be, and `broen sync` started on it with the environment it needs and its
// output kept for the failure message.

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));

/** A `broen sync` child; `exit` resolves when it has exited, with all it printed. */
export interface SyncChild {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

export interface CliWorkspace {
  db: Db;
  workspaceId: string;
  clock: () => Date;
  /** The sandbox the children call over HTTP (its faults and state, in this process). */
  sandbox: Sandbox;
  /** Starts `broen sync --workspace <slug> …args`. */
  sync(args: string[]): SyncChild;
}

/**
 * Runs `scenario` with a workspace `slug` in `dataDir`, connected to a fresh sandbox server;
 * `env` is added to the children's environment.
 * @example await withCliWorkspace({ dataDir, seed: 'empty', slug: 'kill-test', name: 'Kill Test AS' }, async (w) => { … });
 */
export async function withCliWorkspace(
  options: { dataDir: string; seed: SeedName; slug: string; name: string; env?: Record<string, string> },
  scenario: (w: CliWorkspace) => Promise<void>,
): Promise<void> {
  const server = await startSandboxServer({
    port: 0,
    host: '127.0.0.1',
    seed: options.seed,
    logger: createLogger('silent'),
  });
  const secret = randomBytes(32);
  const db = openDatabase({ dataDir: options.dataDir });
  try {
    await migrateToLatest(db);
    const clock = () => new Date();
    const ws = await createWorkspace(db, { slug: options.slug, name: options.name }, clock);
    await connectToSandbox(sandboxConnection(db, { baseUrl: server.url, secretKey: secret }), ws.id);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: options.dataDir,
      BROEN_SECRET_KEY: secret.toString('base64'),
      TWENTYFOUR_BASE_URL: server.url,
      TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    // The children open the SQLite file in DATA_DIR, whichever database the suite runs on.
    delete env.DATABASE_URL;
    await scenario({
      db,
      workspaceId: ws.id,
      clock,
      sandbox: server.sandbox,
      sync: (args) => startChild(env, ['sync', '--workspace', options.slug, ...args]),
    });
  } finally {
    await db.destroy();
    await server.close();
  }
}

function startChild(env: NodeJS.ProcessEnv, args: string[]): SyncChild {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c: Buffer) => {
    output += c.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exit };
}

/**
 * Kills `run` with SIGKILL once `reached` holds (asked every 20 ms, for up to `timeoutMs`: the
 * child must start, log in and send first); resolves with the signal it died of.
 * @example expect(await killWhen(first, async () => (await sent()) >= 30)).toBe('SIGKILL');
 */
export async function killWhen(
  run: SyncChild,
  reached: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<NodeJS.Signals | null> {
  const deadline = Date.now() + timeoutMs;
  while (!(await reached())) {
    if (Date.now() > deadline) throw new Error('the first run did not get going');
    await new Promise((r) => setTimeout(r, 20));
  }
  run.child.kill('SIGKILL');
  return (await run.exit).signal;
}
