#!/usr/bin/env node
// Runs the TypeScript sources with no build step for `npm install`: they are compiled to plain
// JavaScript on the first start after a change (bin/compile.js, a few seconds) and run from
// there. Running them through tsx's loader instead cost every process ~55 MB of RSS (decision
// 83); BROEN_TSX=1 still does that (e.g. to debug with the TypeScript sources' line numbers),
// and so does a start whose compiling fails (node_modules not writable, say): slower
// and larger, but running.
let compiled;
if (process.env.BROEN_TSX !== '1') {
  try {
    const { compiledSources } = await import('./compile.js');
    compiled = await compiledSources();
  } catch (err) {
    process.stderr.write(
      `broen: could not compile the sources (${err instanceof Error ? err.message : String(err)}); running them through tsx instead\n`,
    );
  }
}
if (compiled) {
  const { pathToFileURL } = await import('node:url');
  await import(pathToFileURL(`${compiled}/cli/main.js`).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
