import { parseChaosArgs, USAGE } from './options.ts';
import { formatReport, missedTargets } from './report.ts';
import { runChaos } from './run.ts';

// `npm run chaos [-- flags]`: one chaos run, its figures printed; exit code 1 when a target
// is missed. Not part of `npm test` (test/chaos-short.test.ts runs the short form there).

let options: ReturnType<typeof parseChaosArgs>;
try {
  options = parseChaosArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const result = await runChaos(options, (line) => console.log(line));
for (const line of formatReport(result, options.quarantine)) console.log(line);
process.exit(missedTargets(result, options.quarantine).length > 0 ? 1 : 0);
