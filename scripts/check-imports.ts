// Fails when src/ has an import cycle or an import that points up a layer (decision 57).
// Every specifier counts: value and type imports, re-exports and dynamic import(), because a
// type import ties modules together for the reader and the compiler just as much.
// Usage: node --import tsx scripts/check-imports.ts (part of `npm run lint`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

// Higher layers may import lower ones, never the other way round. A folder absent here gets the
// layer of its nearest listed parent; src/<dir> itself must be listed (an unlisted one fails).
type Layer = [prefix: string, rank: number];

const LAYERS: Layer[] = [
  ['src/cli', 6],
  ['src/http', 5],
  ['src/invoicing', 3],
  ['src/integration', 2],
  ['src/workspace', 1],
  ['src/twentyfour', 0],
  ['src/db', 0],
  ['src/config', 0],
  // The job queue is infrastructure like the database: the capabilities enqueue and handle jobs.
  ['src/jobs', 0],
  // Metrics and readiness: infrastructure that the runtime and the app both feed.
  ['src/observability', 0],
  // The 24SO stand-in is its own program: it may use the 24SO codec and the database, and
  // nothing in the product may import it (the CLI starts it, and is above it).
  ['src/sandbox', 1],
];

function layerOf(file: string, root: string): Layer | undefined {
  const rel = relative(root, file).split('\\').join('/');
  let best: Layer | undefined;
  for (const [prefix, layer] of LAYERS) {
    if ((rel === prefix || rel.startsWith(`${prefix}/`)) && (!best || prefix.length > best[0].length)) {
      best = [prefix, layer];
    }
  }
  return best;
}

// Helpers only tests import (they may start the sandbox, build whole apps): test code, outside
// the layers like the *.test.ts files themselves.
const TEST_CODE = /(\.test\.tsx?|test-support\.ts|test-harness\.ts|test-fixtures\.ts)$/;

// A capability's `tables.ts` holds only its row types; src/db/tables.ts composes them into the
// one `Database` type, so these are the schema layer wherever they live (they may import
// nothing above src/db, which is checked like every other import).
const SCHEMA_FILE = /\/tables\.ts$/;

// Cycles through folders other helpers own today, to be cut after their merge (decision 57):
// the import and hours phases take `RunState`/`SyncDeps` as types from the engine that calls
// them; those types belong in a module of their own under src/integration/sync/. Temporary:
// each entry names every file of one known cycle, so a new or larger cycle still fails.
const KNOWN_CYCLES = [
  ['src/integration/hours/phase.ts', 'src/integration/sync/engine.ts', 'src/integration/sync/import.ts'],
];

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !TEST_CODE.test(entry.name)) files.push(path);
  }
  return files;
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier));
}

/** Strongly connected components of more than one file (Tarjan), largest first. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, indexOf.get(next) ?? 0));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found.sort((a, b) => b.length - a.length);
}

/** One path through a cycle's files, so the report shows where to cut it. */
function cyclePath(component: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0] ?? '';
  const previous = new Map<string, string>([[start, start]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() ?? start;
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at) ?? start) path.splice(1, 0, at);
        return [...path, start];
      }
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

/**
 * Every layer breach and cycle under `root`/src, as readable lines; empty when all is well.
 * @example checkImports('/work/broen') // []
 */
export function checkImports(root = ROOT): string[] {
  const files = sourceFiles(join(root, 'src'));
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const problems: string[] = [];
  for (const [file, imports] of graph) {
    const from: Layer | undefined = SCHEMA_FILE.test(file) ? ['schema', 0] : layerOf(file, root);
    if (!from) {
      problems.push(`${relative(root, file)}: its folder has no layer in scripts/check-imports.ts`);
      continue;
    }
    for (const target of imports) {
      const to: Layer | undefined = SCHEMA_FILE.test(target) ? ['schema', 0] : layerOf(target, root);
      if (!to) continue;
      const sandboxBoundary = to[0] === 'src/sandbox' && from[0] !== 'src/sandbox' && from[0] !== 'src/cli';
      if (to[1] > from[1] || sandboxBoundary) {
        problems.push(
          `${relative(root, file)} imports ${relative(root, target)}: ${from[0]} may not import ${to[0]}`,
        );
      }
    }
  }
  for (const component of cycles(graph)) {
    const names = component.map((file) => relative(root, file)).sort();
    const known = KNOWN_CYCLES.some((k) => k.length === names.length && k.every((n, i) => n === names[i]));
    if (known) continue;
    const path = cyclePath(component, graph).map((file) => relative(root, file));
    problems.push(`import cycle of ${component.length} files: ${path.join(' -> ')}`);
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const problems = checkImports();
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(
      `check-imports: ${problems.length} problem(s); imports must point down a layer, without cycles`,
    );
    process.exit(1);
  }
}
