import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { ProcessSet } from './processes.ts';
import type { SandboxControl } from './sandbox-control.ts';

// What goes wrong on purpose while the workspaces sync: workers SIGKILLed (and restarted) one
// at a time, preferring one that holds a job; every 24SO session ended at an interval; and once,
// a request limit low enough that 24SO puts Broen in quarantine, lifted again once Broen has
// recorded it.

export interface AgentSettings {
  kills: number;
  killEveryMs: number;
  expireEveryMs: number;
  quarantineSeconds: number;
}

export class ChaosAgent {
  killsDone = 0;
  /** Kills that hit a worker while it held a job. */
  killsMidJob = 0;
  expiries = 0;
  /** Distinct quarantine end times Broen recorded. */
  readonly quarantines = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private killing: Promise<void> = Promise.resolve();
  private lifting: Promise<void> = Promise.resolve();
  private quarantineForced = false;

  constructor(
    private readonly deps: { db: Db; processes: ProcessSet; sandbox: SandboxControl; workers: string[] },
    private readonly settings: AgentSettings,
  ) {}

  start(): void {
    if (this.settings.kills > 0) {
      const kill = setInterval(() => {
        if (this.killsDone >= this.settings.kills) return clearInterval(kill);
        this.killing = this.killing.then(() => this.killOne()).catch(() => {});
      }, this.settings.killEveryMs);
      this.timers.push(kill);
    }
    this.timers.push(
      setInterval(() => {
        this.deps.sandbox
          .setFaults({ expireSessions: true })
          .then(() => {
            this.expiries += 1;
          })
          .catch(() => {});
      }, this.settings.expireEveryMs),
    );
    this.timers.push(
      setInterval(() => {
        this.watchQuarantines().catch(() => {});
      }, 250),
    );
  }

  /** Sets the request limit that makes 24SO refuse (once); lifted when Broen has recorded it. */
  forceQuarantine(): void {
    if (this.quarantineForced) return;
    this.quarantineForced = true;
    this.lifting = (async () => {
      await this.deps.sandbox.setFaults({
        requestsPerHour: 1,
        limitWindowSeconds: this.settings.quarantineSeconds,
      });
      const deadline = Date.now() + 60_000;
      while (this.quarantines.size === 0 && Date.now() < deadline && !this.stopped) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await this.deps.sandbox.setFaults({ requestsPerHour: null, limitWindowSeconds: 3600 });
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.killing;
    await this.lifting;
    await this.watchQuarantines();
  }

  /** Whether every kill asked for has been made. */
  killsComplete(): boolean {
    return this.killsDone >= this.settings.kills;
  }

  private async killOne(): Promise<void> {
    if (this.stopped || this.killsDone >= this.settings.kills) return;
    const { processes, workers, db } = this.deps;
    // Never all at once: one worker stays up (a restarted one counts once it says it started).
    const up = workers.filter((name) => processes.isReady(name));
    if (up.length < 2) return;
    const holders = await sql<{ lease_owner: string }>`
      select lease_owner from jobs where state = 'running' and lease_owner is not null`.execute(db);
    const busy = workers.filter((name) => {
      const pid = processes.pid(name);
      return pid !== undefined && holders.rows.some((r) => r.lease_owner.includes(`:${pid}:`));
    });
    const busyUp = busy.filter((name) => up.includes(name));
    const pool = busyUp.length > 0 ? busyUp : up;
    const victim = pool[Math.floor(Math.random() * pool.length)] as string;
    await processes.killAndRestart(victim);
    this.killsDone += 1;
    if (busyUp.length > 0) this.killsMidJob += 1;
  }

  private async watchQuarantines(): Promise<void> {
    try {
      const rows = await sql<{ until: string }>`select until from twentyfour_quarantines`.execute(
        this.deps.db,
      );
      for (const r of rows.rows) this.quarantines.add(String(r.until));
    } catch {
      // The table is read again in 250 ms.
    }
  }
}
