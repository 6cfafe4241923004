import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { until } from './until.ts';

// `broen start` (what `npm start` runs) as a child process for demo-story.browser.test.ts, on
// free ports with a fresh DATA_DIR, and what its sandbox holds (`GET /_sandbox/state`).

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));
/** One step's waits: a busy two-core machine may be slow, but a stuck page is not waited for. */
export const STEP_MS = 120_000;

/** `broen start` running, with what its banner printed. */
export interface Broen {
  child: ChildProcess;
  appUrl: string;
  sandboxUrl: string;
  login: { email: string; password: string };
  dataDir: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * Starts `node bin/broen.js start` (what `npm start` runs) on free ports with a fresh DATA_DIR
 * and waits for its «Broen kjører (demo)» banner and a healthy /healthz. A port taken between
 * choosing it and the child binding it is tried again with new ones.
 * @example const broen = await startBroen(); … broen.child.kill('SIGTERM');
 */
export async function startBroen(): Promise<Broen> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let sandboxPort = await freePort();
    while (sandboxPort === port) sandboxPort = await freePort();
    try {
      return await launch(port, sandboxPort);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

class PortTaken extends Error {}

async function launch(port: number, sandboxPort: number): Promise<Broen> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-demo-story-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  // The demo as a new user starts it: SQLite, its own sandbox and key, whatever the suite uses.
  for (const name of ['DATABASE_URL', 'TWENTYFOUR_BASE_URL', 'BROEN_SECRET_KEY', 'BROEN_JOBS'])
    delete env[name];
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (c: Buffer) => {
    out += c.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exited = false;
  void exit.then(() => {
    exited = true;
  });
  try {
    // The first start after a change compiles the sources (bin/compile.js): give it room.
    await until(
      () => exited || out.includes('Broen kjører (demo)'),
      STEP_MS,
      'the «Broen kjører (demo)» banner',
    );
    if (exited) {
      if (out.includes('EADDRINUSE')) throw new PortTaken(out);
      throw new Error(`broen start exited before its banner:\n${out}`);
    }
    // The rest of the banner follows in the same write or just after.
    await until(() => /Sandkassens 24SO-bruker:.*\n/.test(out), STEP_MS, 'the whole banner');
    const printed = (label: string) => {
      const value = new RegExp(`${label}\\s+(\\S.*)`).exec(out)?.[1]?.trim();
      if (!value) throw new Error(`the banner has no «${label}»:\n${out}`);
      return value;
    };
    const [email, password] = printed('Demo-innlogging:').split(' / ');
    const broen: Broen = {
      child,
      appUrl: printed('Webapp og REST API:'),
      sandboxUrl: printed('24SO-sandkasse:'),
      login: { email: email ?? '', password: password ?? '' },
      dataDir,
      exit,
      output: () => out,
    };
    await until(
      async () => (await fetch(`${broen.appUrl}/healthz`).catch(() => null))?.ok === true,
      STEP_MS,
      '/healthz',
    );
    return broen;
  } catch (error) {
    // Not started as it should: never leave the child (or its data folder) behind.
    if (!exited) {
      child.kill('SIGKILL');
      await exit;
    }
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** What the sandbox holds for one client, as `GET /_sandbox/state` shows it. */
export interface ClientState {
  companies: { Id: number; Name: string }[];
  projects: unknown[];
  products: unknown[];
  persons: unknown[];
  hours: unknown[];
  orders: { OrderId: number; ReferenceNumber?: string; InvoiceRows?: unknown[] }[];
}

/** The sandbox client «Demo Maskin AS» right now. */
export async function maskinState(broen: Broen): Promise<ClientState> {
  const state = (await (await fetch(`${broen.sandboxUrl}/_sandbox/state`)).json()) as {
    clients: (ClientState & { name: string })[];
  };
  const client = state.clients.find((c) => c.name === 'Demo Maskin AS');
  if (!client) throw new Error('the sandbox has no «Demo Maskin AS»');
  return client;
}
