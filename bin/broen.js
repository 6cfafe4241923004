#!/usr/bin/env node
// Runs the TypeScript sources with no build step for `npm install`: they are compiled to plain
// JavaScript on the first start after a change (bin/compile.js, a few seconds) and run from
// there. Running them through tsx's loader instead cost every process ~55 MB of RSS (decision
// 83); BROEN_TSX=1 still does that (e.g. to debug with the TypeScript sources' line numbers).
if (process.env.BROEN_TSX === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  const { compiledSources } = await import('./compile.js');
  const { pathToFileURL } = await import('node:url');
  await import(pathToFileURL(`${await compiledSources()}/cli/main.js`).href);
}
