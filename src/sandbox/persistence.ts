import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxData } from './state.ts';

// The sandbox lives in memory; with a data directory it is also written to
// `sandbox.json` so a demo survives a restart. Writes are debounced (a sync run saves many
// records in a burst) and atomic (temp file + rename), so a crash never leaves half a file.

export const STATE_FILE = 'sandbox.json';

/**
 * Reads saved state, or undefined when there is none. A file that cannot be read as sandbox
 * state is moved aside (`sandbox.json.unreadable-<time>`) so the demo starts from its seed
 * instead of refusing to start, and nothing is lost.
 * @example const data = loadSavedState('./data') ?? buildSeed('demo');
 */
export function loadSavedState(
  dataDir: string,
  onUnreadable?: (movedTo: string) => void,
): SandboxData | undefined {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as SandboxData;
    if (data?.version === 1 && Array.isArray(data.clients) && Array.isArray(data.users)) return data;
  } catch {
    // fall through: moved aside below
  }
  const movedTo = `${file}.unreadable-${Date.now()}`;
  renameSync(file, movedTo);
  onUnreadable?.(movedTo);
  return undefined;
}

export class StateWriter {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => SandboxData) | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly delayMs = 250,
  ) {}

  /** Schedules a save; several calls within the delay become one write. */
  schedule(snapshot: () => SandboxData): void {
    this.pending = snapshot;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }

  /** Writes now if anything is waiting. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.pending;
    this.pending = undefined;
    if (!snapshot) return;
    // Owner only: the state holds the sandbox users' passwords.
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const file = join(this.dataDir, STATE_FILE);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(snapshot()), { mode: 0o600 });
    chmodSync(temp, 0o600); // also when a crashed run left the temp file behind
    renameSync(temp, file);
  }
}
