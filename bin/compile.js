// Compiles src/ to plain JavaScript once, for bin/broen.js, so processes do not run through
// tsx's loader: Node 20 runs module loader hooks in a thread of their own, with a V8 heap of its
// own, and that cost every app and worker ~55 MB of RSS for as long as it ran (decision 83).
//
// One output file per source file, in the same folders (src/a/b.ts → <out>/a/b.js), so
// `import.meta.url` and the files beside a module (the sandbox's WSDLs, the UI's CSS and
// script, copied along) are where the code expects them. The output is kept under
// node_modules/.cache/broen/<hash of every source file's path, size and mtime> and reused
// until a source changes; several processes starting at once each build into a folder of
// their own and the first rename wins.
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/**
 * The folder holding the compiled src/ (built now if missing or stale).
 * @example const out = await compiledSources(); await import(`${out}/cli/main.js`);
 */
export async function compiledSources() {
  const files = listFiles(SRC);
  const hash = createHash('sha256');
  // This file too: a change to how sources are compiled must not reuse an older build.
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of files) {
    const s = statSync(file);
    hash.update(`${relative(SRC, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  const key = hash.digest('hex').slice(0, 16);
  const base = cacheBase();
  const out = join(base, key);
  if (existsSync(join(out, '.complete'))) return out;

  // esbuild comes with tsx (a dependency); asked for through tsx, so it is the one tsx uses.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const { build } = fromTsx('esbuild');
  const building = join(base, `${key}.${process.pid}.${Date.now()}`);
  const sources = files.filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  await build({
    entryPoints: sources,
    outdir: building,
    outbase: SRC,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [
      {
        // Every relative import stays an import of the other compiled file: each source file
        // is compiled on its own, never bundled into its importers.
        name: 'one-file-per-source',
        setup(b) {
          b.onResolve({ filter: /^\.\.?\// }, (args) =>
            args.kind === 'entry-point'
              ? undefined
              : { path: args.path.replace(/\.tsx?$/, '.js'), external: true },
          );
        },
      },
    ],
  });
  for (const file of files.filter((f) => !/\.tsx?$/.test(f))) {
    const target = join(building, relative(SRC, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  mkdirSync(join(building, '.complete'));
  try {
    renameSync(building, out);
  } catch {
    // Another process finished the same build first: use its.
    rmSync(building, { recursive: true, force: true });
  }
  pruneOld(base, key);
  return out;
}

function cacheBase() {
  // Under node_modules, so the compiled files find the packages they import as the sources do
  // (a folder elsewhere, e.g. the temporary one, would not). mkdir of a folder that is there
  // already succeeds whether or not it can be written, so that is asked apart; bin/broen.js runs
  // the sources through tsx when there is no such folder.
  const base = join(ROOT, 'node_modules', '.cache', 'broen');
  mkdirSync(base, { recursive: true });
  accessSync(base, constants.W_OK);
  return base;
}

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** Removes builds of older sources a day after they were made (a process still running one may read its WSDLs or UI files). */
function pruneOld(base, keep) {
  for (const name of readdirSync(base)) {
    if (name === keep || name.startsWith(`${keep}.`)) continue;
    const path = join(base, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already, or another process is removing it.
    }
  }
}
