// Hours to 24SO's time module: 20,000 eligible hours (of 100,000 in the workspace) sent to the
// in-process sandbox in a process of its own — 24SO calls per hour sent, hours per second, peak
// RSS — and a second run with nothing new (no write). 24SO has no batch save for hours, so one SaveHour per hour is the floor;
// at 24SO's 7,200 calls an hour the figure also says how long 20,000 hours take in real life.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Figures = Record<string, string>;

export async function runHoursBench(n = Number(process.env.BENCH_HOURS ?? 20_000)): Promise<Figures> {
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./hours-run.ts', import.meta.url)),
      String(n),
      String(process.env.BENCH_HOURS_TOTAL ?? 100_000),
    ],
    { encoding: 'utf8', timeout: 900_000 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{'))
    return { 'hours bench': `failed: ${child.stderr.slice(-400)}` };
  const r = JSON.parse(line) as {
    n: number;
    total: number;
    created: number;
    calls: number;
    saves: number;
    seconds: number;
    secondCalls: number;
    secondWrites: number;
    secondSeconds: number;
    rssMiB: number;
  };
  const quotaHours = r.calls / 7200;
  return {
    [`sqlite: send ${r.n} approved hours of ${r.total} in the workspace`]: `${r.created} created, ${r.calls} calls (${r.saves} SaveHour) in ${r.seconds.toFixed(1)} s`,
    'calls per hour sent': `${(r.calls / Math.max(1, r.created)).toFixed(4)} (floor 1: 24SO saves one hour per call)`,
    'hours per second (sandbox in process)': `${(r.created / r.seconds).toFixed(0)}`,
    "at 24SO's 7,200 calls an hour": `${quotaHours.toFixed(2)} h of quota (the run waits for each quarantine's end and goes on)`,
    'run with nothing new': `${r.secondCalls} calls, ${r.secondWrites} writes, ${r.secondSeconds.toFixed(1)} s (target: no write)`,
    'peak RSS (own process, sandbox included)': `${r.rssMiB} MiB (target < 300 MB)${r.rssMiB * 1.048576 < 300 ? '' : '  ** OVER TARGET **'}`,
  };
}
