// Fails when src/ (tests aside) escapes the type checker with `as never`, `as unknown as` or
// `Kysely<any>` outside the allow-list below (decision 58). Biome has no rule for these casts.
// Usage: node --import tsx scripts/check-type-escapes.ts (part of `npm run lint`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

const ESCAPES: Array<[name: string, pattern: RegExp]> = [
  ['as never', /\bas never\b/g],
  ['as unknown as', /\bas unknown as\b/g],
  ['Kysely<any>', /\bKysely<any>/g],
];

interface Allowance {
  /** A file, or a folder ending in `/`. */
  path: string;
  escape: string;
  /** At most this many in the path. */
  count: number;
  why: string;
}

// Where a cast is truly unavoidable; each says why.
const ALLOWED: Allowance[] = [
  {
    path: 'src/db/database.ts',
    escape: 'Kysely<any>',
    count: 1,
    why: 'untypedTables: the one access for helpers over tables named at run time (keyed registers, soft delete, reference counts)',
  },
];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
  }
  return files;
}

const covers = (allowance: Allowance, file: string): boolean =>
  allowance.path.endsWith('/') ? file.startsWith(allowance.path) : file === allowance.path;

/**
 * Every escape beyond the allow-list under `root`/src, as readable lines; empty when all is well.
 * @example checkTypeEscapes('/work/broen') // []
 */
export function checkTypeEscapes(root = ROOT): string[] {
  const found = new Map<Allowance | undefined, string[]>();
  const problems: string[] = [];
  for (const path of sourceFiles(join(root, 'src'))) {
    const file = relative(root, path).split('\\').join('/');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, index) => {
      for (const [name, pattern] of ESCAPES) {
        for (const _ of line.matchAll(pattern)) {
          const allowance = ALLOWED.find((a) => a.escape === name && covers(a, file));
          const where = `${file}:${index + 1}: ${name}`;
          if (!allowance) problems.push(`${where} (type the value instead; see decision 58)`);
          else found.set(allowance, [...(found.get(allowance) ?? []), where]);
        }
      }
    });
  }
  for (const [allowance, places] of found) {
    if (allowance && places.length > allowance.count) {
      problems.push(
        `${allowance.path}: ${places.length} × ${allowance.escape}, at most ${allowance.count} allowed (${allowance.why}):\n  ${places.join('\n  ')}`,
      );
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const problems = checkTypeEscapes();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`check-type-escapes: ${problems.length} problem(s)`);
    process.exit(1);
  }
}
