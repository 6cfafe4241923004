import { parseArgs } from 'node:util';

// The chaos suite's settings: the full run's sizes (issue 14) by default, every one a flag, and
// the short form CI runs (`SHORT_CHAOS`).

export interface ChaosOptions {
  /** Workspaces, each on a sandbox client of its own. */
  workspaces: number;
  customers: number;
  projects: number;
  products: number;
  /** Approved, eligible hours per workspace. */
  hours: number;
  /** Invoice attachments to transfer per workspace (one per project, the first N projects). */
  attachments: number;
  /**
   * One more workspace with this many hours (0: none); the others are the "small" ones. The full
   * run has one of 20,000 (issue 14: it must not hold up the others — the report prints the
   * slowest small workspace's time to done).
   */
  bigHours: number;
  apps: number;
  workers: number;
  /** SIGKILLs of a random worker (each restarted at once). */
  kills: number;
  /** Time between two kills. */
  killEveryMs: number;
  dropResponseRate: number;
  failRate: number;
  /** How often every 24SO session is ended. */
  expireEveryMs: number;
  /** Force a 24SO quarantine (requestsPerHour) once the sync is going. */
  quarantine: boolean;
  /** The quarantine's length (the sandbox's counting window). */
  quarantineSeconds: number;
  /**
   * A workspace idle this long with records not yet in 24SO gets «Synkroniser nå» (or «Prøv
   * igjen» when some failed), as an office user would; the automatic trigger looks every 20 s.
   */
  nudgeAfterMs: number;
  /** Give up after this long and report what still waits. */
  timeoutMs: number;
  /** The job lease; a killed worker's job is taken over after it. */
  leaseMs: number;
  /** PostgreSQL server (a fresh database is created on it and dropped afterwards). */
  postgresUrl: string;
  /** Passed to every process as BROEN_JOBS / BROEN_WORKER_CONCURRENCY when set. */
  jobs?: string;
  workerConcurrency?: string;
  keepDatabase: boolean;
}

export const FULL_CHAOS: ChaosOptions = {
  workspaces: 20,
  customers: 200,
  projects: 50,
  products: 20,
  hours: 2000,
  attachments: 5,
  bigHours: 20_000,
  apps: 2,
  workers: 3,
  kills: 50,
  killEveryMs: 6_000,
  dropResponseRate: 0.2,
  failRate: 0.05,
  expireEveryMs: 60_000,
  quarantine: true,
  quarantineSeconds: 15,
  nudgeAfterMs: 30_000,
  timeoutMs: 60 * 60_000,
  leaseMs: 5_000,
  postgresUrl: process.env.CHAOS_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
  keepDatabase: false,
};

/** The short form CI runs (test/chaos-short.test.ts): 3 workspaces, 5 kills, a little data. */
export const SHORT_CHAOS: ChaosOptions = {
  ...FULL_CHAOS,
  workspaces: 3,
  customers: 6,
  projects: 2,
  products: 3,
  hours: 12,
  attachments: 2,
  bigHours: 0,
  kills: 5,
  killEveryMs: 1_500,
  expireEveryMs: 8_000,
  quarantineSeconds: 4,
  nudgeAfterMs: 1_000,
  timeoutMs: 180_000,
  leaseMs: 2_000,
};

const FLAGS = {
  short: { type: 'boolean' },
  workspaces: { type: 'string' },
  customers: { type: 'string' },
  projects: { type: 'string' },
  products: { type: 'string' },
  hours: { type: 'string' },
  attachments: { type: 'string' },
  'big-hours': { type: 'string' },
  apps: { type: 'string' },
  workers: { type: 'string' },
  kills: { type: 'string' },
  'kill-every': { type: 'string' },
  'drop-response-rate': { type: 'string' },
  'fail-rate': { type: 'string' },
  'expire-every': { type: 'string' },
  'no-quarantine': { type: 'boolean' },
  'quarantine-seconds': { type: 'string' },
  'nudge-after': { type: 'string' },
  timeout: { type: 'string' },
  'lease-ms': { type: 'string' },
  postgres: { type: 'string' },
  jobs: { type: 'string' },
  'worker-concurrency': { type: 'string' },
  'keep-database': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

export const USAGE = `npm run chaos -- [flags]

  --short                  the CI form (3 workspaces, 5 kills, little data)
  --workspaces N           workspaces, each on its own sandbox client (20)
  --customers N --projects N --products N --hours N --attachments N
                           per workspace (200, 50, 20, 2000, 5)
  --big-hours N            one more workspace with N hours (20000; 0: none)
  --apps N --workers N     broen serve --no-worker / broen worker processes (2, 3)
  --kills N                SIGKILLs of a random worker, each restarted (50)
  --kill-every MS          time between kills (6000)
  --drop-response-rate R --fail-rate R   sandbox faults (0.2, 0.05)
  --expire-every MS        end every 24SO session this often (60000)
  --no-quarantine          do not force a 24SO quarantine
  --quarantine-seconds S   how long the forced quarantine lasts (15)
  --nudge-after MS         «Synkroniser nå» on a workspace idle this long with work left (30000)
  --timeout MS             give up and report what still waits (3600000)
  --lease-ms MS            BROEN_JOB_LEASE_MS for every process (5000)
  --postgres URL           server to create the database on (postgres://postgres@127.0.0.1:5432)
  --jobs NAME              BROEN_JOBS for every process (e.g. embedded, pg-boss)
  --worker-concurrency N   BROEN_WORKER_CONCURRENCY for every worker
  --keep-database          do not drop the database at the end (print its URL)`;

/**
 * Reads the command line; an unknown flag or a bad number throws with the flag's name.
 * @example parseChaosArgs(['--workspaces', '5']).workspaces // 5
 */
export function parseChaosArgs(argv: string[]): ChaosOptions & { help: boolean } {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true });
  const base = values.short ? SHORT_CHAOS : FULL_CHAOS;
  const int = (flag: keyof typeof FLAGS, fallback: number, min = 0): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${flag} must be a whole number ≥ ${min}, not ${raw}`);
    return n;
  };
  const rate = (flag: keyof typeof FLAGS, fallback: number): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!(n >= 0 && n <= 1)) throw new Error(`--${flag} must be between 0 and 1, not ${raw}`);
    return n;
  };
  return {
    workspaces: int('workspaces', base.workspaces, 1),
    customers: int('customers', base.customers, 1),
    projects: int('projects', base.projects, 1),
    products: int('products', base.products),
    hours: int('hours', base.hours),
    attachments: int('attachments', base.attachments),
    bigHours: int('big-hours', base.bigHours),
    apps: int('apps', base.apps, 1),
    workers: int('workers', base.workers, 1),
    kills: int('kills', base.kills),
    killEveryMs: int('kill-every', base.killEveryMs, 100),
    dropResponseRate: rate('drop-response-rate', base.dropResponseRate),
    failRate: rate('fail-rate', base.failRate),
    expireEveryMs: int('expire-every', base.expireEveryMs, 1000),
    quarantine: values['no-quarantine'] ? false : base.quarantine,
    quarantineSeconds: int('quarantine-seconds', base.quarantineSeconds, 1),
    nudgeAfterMs: int('nudge-after', base.nudgeAfterMs, 500),
    timeoutMs: int('timeout', base.timeoutMs, 1000),
    leaseMs: int('lease-ms', base.leaseMs, 500),
    postgresUrl: values.postgres ?? base.postgresUrl,
    jobs: values.jobs ?? process.env.BROEN_JOBS,
    workerConcurrency: values['worker-concurrency'] ?? process.env.BROEN_WORKER_CONCURRENCY,
    keepDatabase: values['keep-database'] ?? false,
    help: values.help ?? false,
  };
}
