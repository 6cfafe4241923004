// `npm run bench`: every benchmark, printed as figures against their targets.
// Speed and memory targets live here, never in timed unit tests.
import { runApiBench } from './api.bench.ts';
import { runFoundationBench } from './foundation.bench.ts';
import { runHoursBench } from './hours.bench.ts';
import { runLoadBench } from './load.bench.ts';
import { runReconciliationBench } from './reconciliation.bench.ts';
import { runSyncBench } from './sync.bench.ts';
import { runTwentyFourBench } from './twentyfour.bench.ts';

const suites: Array<[string, () => Promise<Record<string, string>>]> = [
  ['Workspace storage and CSV import', runFoundationBench],
  ['24SO client and sandbox', runTwentyFourBench],
  ['REST API (in-process, through auth, validation and idempotency)', runApiBench],
  ['Activation reconciliation (20,000 customers read from the sandbox and matched)', runReconciliationBench],
  ['Sync engine (customers export to the in-process sandbox)', runSyncBench],
  ['Hours to 24SO (20,000 approved of 100,000 hours, to the in-process sandbox)', () => runHoursBench()],
  [
    'Load (20 REST clients, two `broen serve --no-worker` processes, PostgreSQL, 100,000 hours)',
    runLoadBench,
  ],
];

for (const [title, run] of suites) {
  console.log(`\n== ${title} ==`);
  const started = performance.now();
  const figures = await run();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(width)}  ${value}`);
  console.log(`  (suite took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\npeak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
