// Fails when code below src/http speaks in HTTP statuses instead of outcomes (decisions 60, 61):
// a result like `{ ok: false, status: 409, message }`, a type like `status: 404 | 422`, or hono's
// status-code types in src/integration, src/invoicing or src/workspace. Only src/http turns an
// outcome into a status, from the one table in src/http/outcome-status.ts.
// Usage: node --import tsx scripts/check-outcomes.ts (part of `npm run lint`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** The layers below src/http that must not know HTTP statuses (src/twentyfour reads 24SO's own). */
const BELOW_HTTP = ['src/integration', 'src/invoicing', 'src/workspace'];

// Test code (it drives the HTTP API and reads its statuses), as scripts/check-imports.ts names it.
const TEST_CODE = /(\.test\.tsx?|test-support\.ts|test-harness\.ts|test-fixtures\.ts)$/;

const STATUSES: Array<[name: string, pattern: RegExp]> = [
  ['an HTTP status in a result or type', /\bstatus\??\s*:\s*[1-5]\d\d\b/g],
  ['a comparison with an HTTP status', /\bstatus\s*[!=]==?\s*[1-5]\d\d\b/g],
  ["hono's status-code types", /\b(?:Contentful)?StatusCode\b|hono\/utils\/http-status/g],
];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !TEST_CODE.test(entry.name)) files.push(path);
  }
  return files;
}

/** The line without a trailing `//` comment; doc-comment lines are prose and left out entirely. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  const comment = line.search(/(^|[^:])\/\//);
  return comment < 0 ? line : line.slice(0, comment);
}

/**
 * Every HTTP status found below src/http under `root`, as readable lines; empty when all is well.
 * @example checkOutcomes('/work/broen') // []
 */
export function checkOutcomes(root = ROOT): string[] {
  const problems: string[] = [];
  for (const dir of BELOW_HTTP) {
    for (const path of sourceFiles(join(root, dir))) {
      const file = relative(root, path).split('\\').join('/');
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const code = codeOf(line);
          for (const [name, pattern] of STATUSES) {
            for (const match of code.matchAll(pattern)) {
              problems.push(
                `${file}:${index + 1}: ${name} (\`${match[0]}\`); return an outcome code and let src/http give the status (decision 61)`,
              );
            }
          }
        });
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const problems = checkOutcomes();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`check-outcomes: ${problems.length} problem(s)`);
    process.exit(1);
  }
}
