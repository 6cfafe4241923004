// CPU time of a benchmark's own PostgreSQL backends, read from /proc when the server runs on
// this machine. A client's wall time on a busy shared machine mostly measures the neighbours;
// the server's CPU time for the work does not, so before/after comparisons use it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';

const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * A reader of the summed CPU seconds of every backend of `db`'s pool (those connected with its
 * application_name, which onEachBenchDatabase makes unique), or undefined when the server's
 * processes are not visible here (a remote server).
 * @example const cpu = await pgServerCpu(db); const before = await cpu?.(); await work(); (await cpu?.()) - before;
 */
export async function pgServerCpu(db: Db): Promise<(() => Promise<number>) | undefined> {
  const applicationName = (
    await sql<{ name: string }>`select current_setting('application_name') as name`.execute(db)
  ).rows[0]?.name;
  if (!applicationName) return undefined;
  const pids = async () =>
    (
      await sql<{
        pid: number;
      }>`select pid from pg_stat_activity where application_name = ${applicationName}`.execute(db)
    ).rows.map((r) => r.pid);
  const seen = new Map<number, number>();
  const read = async () => {
    for (const pid of await pids()) {
      const stat = `/proc/${pid}/stat`;
      if (!existsSync(stat)) continue;
      // Fields 14 and 15 (utime, stime) in clock ticks, counted after the ")" that ends the name.
      const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
      seen.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    }
    // A backend that has gone keeps its last reading, so the sum never drops.
    let total = 0;
    for (const seconds of seen.values()) total += seconds;
    return total;
  };
  const [first] = await pids();
  if (first === undefined || !existsSync(`/proc/${first}/stat`)) return undefined;
  return read;
}
