import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { freePort } from '../../test/free-port.ts';

// The chaos suite's child processes: each a real `broen …` command with its own environment,
// its output kept (the last lines, for the report when something goes wrong), its peak RSS read
// from /proc/<pid>/status (VmHWM) while it runs and just before it is killed.

const BIN = fileURLToPath(new URL('../../bin/broen.js', import.meta.url));
const TAIL_LINES = 40;

export interface Role {
  /** e.g. `sandbox`, `app-1`, `worker-2`. */
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A line the process prints once it is up (its log line); until then it is not ready. */
  readyWhen?: string;
}

interface Running {
  role: Role;
  child: ChildProcess;
  exited: Promise<void>;
}

/** Reads a process's peak resident set (VmHWM) in bytes; undefined once it is gone. */
export function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Every child of a run, by role; restarts keep the role's name and its peak RSS. */
export class ProcessSet {
  private readonly running = new Map<string, Running>();
  private readonly peaks = new Map<string, number>();
  private readonly tails = new Map<string, string[]>();
  private readonly ready = new Set<string>();
  private readonly sampler: NodeJS.Timeout;
  private stopping = false;
  /** Roles that exited without being killed by us (a crash is a finding). */
  readonly unexpectedExits: string[] = [];

  constructor() {
    this.sampler = setInterval(() => this.sample(), 500);
    this.sampler.unref();
  }

  start(role: Role): void {
    const child = spawn(process.execPath, [BIN, ...role.args], {
      env: role.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.ready.delete(role.name);
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      if (role.readyWhen && text.includes(role.readyWhen) && this.running.get(role.name)?.child === child) {
        this.ready.add(role.name);
      }
      const lines = this.tails.get(role.name) ?? [];
      lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
      if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
      this.tails.set(role.name, lines);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        const current = this.running.get(role.name);
        if (current?.child === child) {
          this.running.delete(role.name);
          if (!this.stopping && signal !== 'SIGKILL') {
            this.unexpectedExits.push(`${role.name} exited (code ${code}, signal ${signal})`);
          }
        }
        resolve();
      }),
    );
    this.running.set(role.name, { role, child, exited });
  }

  /** Whether the role's current process has printed its `readyWhen` line. */
  isReady(name: string): boolean {
    return this.ready.has(name);
  }

  pid(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /** SIGKILLs a role's process, waits for it to be gone, and starts it again. */
  async killAndRestart(name: string): Promise<void> {
    const current = this.running.get(name);
    if (!current) throw new Error(`no running process ${name}`);
    this.sample();
    current.child.kill('SIGKILL');
    await current.exited;
    this.start(current.role);
  }

  /** Peak RSS per role in bytes (the highest of all its incarnations). */
  peakRss(): Map<string, number> {
    this.sample();
    return new Map(this.peaks);
  }

  /** A role's current resident set (VmRSS) in bytes; undefined when it is not running. */
  rss(name: string): number | undefined {
    const pid = this.pid(name);
    if (pid === undefined) return undefined;
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Forgets the peaks so far: each running process's VmHWM is reset to its RSS now (writing 5
   * to /proc/<pid>/clear_refs, Linux ≥ 4.0), so a later peak belongs to the work that follows.
   */
  resetPeaks(): void {
    for (const [name, r] of this.running) {
      try {
        if (r.child.pid !== undefined) writeFileSync(`/proc/${r.child.pid}/clear_refs`, '5');
      } catch {
        // Not Linux, or not allowed: the peak then includes what came before.
      }
      this.peaks.delete(name);
    }
    this.sample();
  }

  tail(name: string): string[] {
    return [...(this.tails.get(name) ?? [])];
  }

  names(): string[] {
    return [...this.running.keys()];
  }

  /** SIGTERM to everyone, SIGKILL to whoever is still there after `graceMs`. */
  async stopAll(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.sampler);
    this.sample();
    const all = [...this.running.values()];
    for (const r of all) r.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const r of all) r.child.kill('SIGKILL');
    }, graceMs);
    await Promise.all(all.map((r) => r.exited));
    clearTimeout(timer);
  }

  private sample(): void {
    for (const [name, r] of this.running) {
      const peak = r.child.pid === undefined ? undefined : peakRssOf(r.child.pid);
      if (peak !== undefined && peak > (this.peaks.get(name) ?? 0)) this.peaks.set(name, peak);
    }
  }
}
