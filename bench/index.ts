// `npm run bench`: every benchmark, printed as figures against their targets.
// Speed and memory targets live here, never in timed unit tests.
import { runApiBench } from './api.bench.ts';
import { runFoundationBench } from './foundation.bench.ts';
import { runHoursBench } from './hours.bench.ts';
import { runLoadBench } from './load.bench.ts';
import { runReconciliationBench } from './reconciliation.bench.ts';
import { runRssBench } from './rss.bench.ts';
import { runSyncBench } from './sync.bench.ts';
import { runTwentyFourBench } from './twentyfour.bench.ts';

// `npm run bench -- foundation hours` runs only the suites whose key is named.
const suites: Array<[string, string, () => Promise<Record<string, string>>]> = [
  ['foundation', 'Workspace storage and CSV import', runFoundationBench],
  ['twentyfour', '24SO client and sandbox', runTwentyFourBench],
  ['api', 'REST API (in-process, through auth, validation and idempotency)', runApiBench],
  [
    'reconciliation',
    'Activation reconciliation (20,000 customers read from the sandbox and matched)',
    runReconciliationBench,
  ],
  ['sync', 'Sync engine (customers export to the in-process sandbox)', runSyncBench],
  [
    'hours',
    'Hours to 24SO (20,000 approved of 100,000 hours, to the in-process sandbox)',
    () => runHoursBench(),
  ],
  [
    'load',
    'Load (20 REST clients, two `broen serve --no-worker` processes, PostgreSQL, 100,000 hours)',
    runLoadBench,
  ],
  [
    'rss',
    'Memory (app and worker processes, PostgreSQL, 100,000 hours, a 20,000-hour export to the sandbox running)',
    runRssBench,
  ],
];

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !suites.some(([key]) => key === name));
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(', ')}; choose from ${suites.map(([key]) => key).join(', ')}`);
  process.exit(2);
}
for (const [key, title, run] of suites) {
  if (chosen.length > 0 && !chosen.includes(key)) continue;
  console.log(`\n== ${title} ==`);
  const started = performance.now();
  const figures = await run();
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [name, value] of Object.entries(figures)) console.log(`  ${name.padEnd(width)}  ${value}`);
  console.log(`  (suite took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\npeak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
