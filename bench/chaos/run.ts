import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_APPLICATION_ID } from '../../src/config/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ChaosAgent } from './chaos-agent.ts';
import { createChaosDatabase } from './database.ts';
import type { ChaosOptions } from './options.ts';
import { freePort, ProcessSet } from './processes.ts';
import { ProgressWatcher, type WorkspaceProgress } from './progress.ts';
import { SandboxControl } from './sandbox-control.ts';
import { activate, type SeededWorkspace, seedWorkspace } from './seed.ts';
import { type Verdict, verify } from './verify.ts';

// One chaos run from start to verdict: a fresh PostgreSQL database, the sandbox, the app
// processes and the workers as real child processes, the workspaces seeded and switched on,
// the faults and kills while they sync, and at the end 24SO's state against the workspaces.

export interface ChaosResult {
  /** The workspaces that finished. */
  verdict?: Verdict;
  /** The workspaces still syncing at the timeout (their `missing` were not sent yet). */
  unfinished?: Verdict;
  /** From switching on until every workspace was done (or the timeout). */
  wallMs: number;
  seedMs: number;
  timedOut: boolean;
  /** Workspaces not done at the end, with what they still wait for. */
  waiting: WorkspaceProgress[];
  /** Time to done of each small workspace (all but the `--big-hours` one), ms. */
  smallDoneMs: number[];
  /** The big workspace's hours (0: none) and its time to done, if it got there. */
  bigHours: number;
  bigDoneMs?: number;
  calls: number;
  callsByOperation: Record<string, number>;
  /** Answers the sandbox dropped among all its calls, and the Login calls by outcome. */
  lostAnswers: { lost: number; of: number; logins: Record<string, number> };
  /** «Aktiver» presses each workspace needed before it was switched on (1: the first worked). */
  activationPresses: number[];
  /** Why the presses before the last were refused (status and messages). */
  activationRefusals: string[];
  /** Records in 24SO: every finished workspace's, and what the unfinished ones had sent. */
  records: number;
  peakRss: Map<string, number>;
  kills: { done: number; midJob: number; asked: number };
  expiries: number;
  quarantines: number;
  nudges: number;
  transferCalls: number;
  unexpectedExits: string[];
}

const SEED_CONCURRENCY = 4;

export async function runChaos(
  options: ChaosOptions,
  log: (line: string) => void = () => {},
): Promise<ChaosResult> {
  const database = await createChaosDatabase(options.postgresUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-chaos-'));
  const processes = new ProcessSet();
  const db = openDatabase({ databaseUrl: database.url, pgPoolSize: 4 });
  let agent: ChaosAgent | undefined;
  try {
    await migrateToLatest(db);
    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      TWENTYFOUR_BASE_URL: sandboxUrl,
      TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
      // The limit under test is the sandbox's (24SO's); Broen's own budget is set out of the way.
      TWENTYFOUR_CALLS_PER_HOUR: '10000000',
      BROEN_JOB_LEASE_MS: String(options.leaseMs),
      // Time is compressed like the lease: a job that met a fault retries after 0.25 s, 1 s, 4 s …
      // instead of 5 s, 20 s, 80 s, so the suite measures duplicates, not the backoff's patience.
      BROEN_JOB_BACKOFF_MS: '250',
      LOG_LEVEL: 'warn',
      ...(options.jobs ? { BROEN_JOBS: options.jobs } : {}),
      ...(options.workerConcurrency ? { BROEN_WORKER_CONCURRENCY: options.workerConcurrency } : {}),
    };
    // Everything starts at once (the apps and workers need 24SO only when asked to call it).
    processes.start({
      name: 'sandbox',
      args: ['sandbox', '--port', String(sandboxPort), '--in-memory'],
      env,
    });
    const sandbox = new SandboxControl(sandboxUrl);
    const appUrls: string[] = [];
    for (let i = 1; i <= options.apps; i++) {
      const port = await freePort();
      processes.start({
        name: `app-${i}`,
        args: ['serve', '--no-worker'],
        env: { ...env, PORT: String(port) },
      });
      appUrls.push(`http://127.0.0.1:${port}`);
    }
    const workers: string[] = [];
    for (let i = 1; i <= options.workers; i++) {
      workers.push(`worker-${i}`);
      // Info level for its one start-up line (the kills wait for it); workers say little else.
      processes.start({
        name: `worker-${i}`,
        args: ['worker'],
        env: { ...env, LOG_LEVEL: 'info' },
        readyWhen: 'Broen worker started',
      });
    }
    await waitFor(
      'the sandbox',
      () => sandbox.ready(),
      90_000,
      () => processes.tail('sandbox'),
    );
    await sandbox.setFaults({ requestsPerHour: null });
    for (const [i, url] of appUrls.entries()) {
      await waitFor(
        `app-${i + 1}`,
        () => healthy(url),
        90_000,
        () => processes.tail(`app-${i + 1}`),
      );
    }
    log(`processes up: sandbox, ${options.apps} apps, ${options.workers} workers on ${database.name}`);

    const seedStart = Date.now();
    const small = {
      customers: options.customers,
      projects: options.projects,
      products: options.products,
      hours: options.hours,
      attachments: options.attachments,
    };
    const sizes = Array.from({ length: options.workspaces }, () => small);
    if (options.bigHours > 0) sizes.push({ ...small, hours: options.bigHours });
    const workspaces: SeededWorkspace[] = new Array(sizes.length);
    let nextIndex = 0;
    await Promise.all(
      Array.from({ length: Math.min(SEED_CONCURRENCY, sizes.length) }, async () => {
        for (let i = nextIndex++; i < sizes.length; i = nextIndex++) {
          workspaces[i] = await seedWorkspace({ db, sandbox, appUrls }, i, sizes[i] as typeof small);
        }
      }),
    );
    const seedMs = Date.now() - seedStart;
    const bigSlug = options.bigHours > 0 ? workspaces[workspaces.length - 1]?.slug : undefined;
    log(`seeded ${workspaces.length} workspaces in ${(seedMs / 1000).toFixed(1)} s`);

    await sandbox.setFaults({ dropResponseRate: options.dropResponseRate, failRate: options.failRate });
    const startedAt = Date.now();
    const activations = await Promise.all(workspaces.map((ws) => activate(ws)));
    const activationPresses = activations.map((a) => a.presses);
    const activationRefusals = activations.flatMap((a) => a.refusals);
    await Promise.all(
      workspaces.map((ws) =>
        ws.api.expect('POST', '/integration/sync', [202], { entity: null, dryRun: false }),
      ),
    );
    agent = new ChaosAgent(
      { db, processes, sandbox, workers },
      {
        kills: options.kills,
        killEveryMs: options.killEveryMs,
        expireEveryMs: options.expireEveryMs,
        quarantineSeconds: options.quarantineSeconds,
      },
    );
    agent.start();

    const watcher = new ProgressWatcher(db, workspaces, startedAt, options.nudgeAfterMs);
    const expected = workspaces.reduce(
      (n, ws) => n + ws.size.customers + ws.size.projects + ws.size.products + ws.size.hours,
      0,
    );
    let lastLog = Date.now();
    let timedOut = false;
    for (;;) {
      await watcher.tick();
      const synced = [...watcher.progress.values()].reduce(
        (n, p) => n + p.synced.customer + p.synced.project + p.synced.product + p.synced.hour,
        0,
      );
      if (options.quarantine && synced >= expected * 0.1) agent.forceQuarantine();
      if (watcher.allDone() && agent.killsComplete()) break;
      if (Date.now() - startedAt > options.timeoutMs) {
        timedOut = true;
        break;
      }
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        const done = [...watcher.progress.values()].filter((p) => p.done).length;
        log(
          `${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${synced}/${expected} records in 24SO, ${done}/${workspaces.length} workspaces done, kills ${agent.killsDone}/${options.kills}, quarantines ${agent.quarantines.size}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const doneTimes = [...watcher.progress.values()]
      .filter((p) => p.done && p.doneAfterMs !== undefined)
      .map((p) => ({ slug: p.slug, ms: p.doneAfterMs as number }));
    const wallMs = Math.max(0, ...doneTimes.map((d) => d.ms), timedOut ? Date.now() - startedAt : 0);
    await agent.stop();
    await watcher.settle();

    const clients = await sandbox.clients();
    const callsByOperation = await sandbox.callCounts();
    const lostAnswers = await sandbox.lostAnswers();
    // A workspace still syncing at the timeout has records not yet sent: not lost, so they are
    // judged apart (its duplicates and wrong links still count).
    const waiting = [...watcher.progress.values()].filter((p) => !p.done);
    const unfinishedSlugs = new Set(waiting.map((p) => p.slug));
    const verdict = await verify(
      db,
      workspaces.filter((ws) => !unfinishedSlugs.has(ws.slug)),
      clients,
    );
    const unfinished =
      waiting.length > 0
        ? await verify(
            db,
            workspaces.filter((ws) => unfinishedSlugs.has(ws.slug)),
            clients,
          )
        : undefined;
    const peakRss = processes.peakRss();
    const records =
      Object.values(verdict.byKind).reduce((n, k) => n + k.records, 0) +
      Object.values(unfinished?.byKind ?? {}).reduce((n, k) => n + k.records - k.missing, 0);
    return {
      verdict,
      unfinished,
      wallMs,
      seedMs,
      timedOut,
      waiting,
      smallDoneMs: doneTimes.filter((d) => d.slug !== bigSlug).map((d) => d.ms),
      bigHours: options.bigHours,
      bigDoneMs: doneTimes.find((d) => d.slug === bigSlug)?.ms,
      calls: Object.values(callsByOperation).reduce((a, b) => a + b, 0),
      callsByOperation,
      lostAnswers,
      activationPresses,
      activationRefusals,
      records,
      peakRss,
      kills: { done: agent.killsDone, midJob: agent.killsMidJob, asked: options.kills },
      expiries: agent.expiries,
      quarantines: agent.quarantines.size,
      nudges: watcher.nudges,
      transferCalls: watcher.transferCalls,
      unexpectedExits: [...processes.unexpectedExits],
    };
  } finally {
    await agent?.stop().catch(() => {});
    // Graceful stop is not what this measures (and a worker may be mid-run): a short grace.
    await processes.stopAll(1_000);
    await db.destroy();
    if (options.keepDatabase) log(`database kept: ${database.url}`);
    else await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  tail: () => string[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up:\n${tail().join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
