#!/usr/bin/env node
// Launcher. Runs the bundle (dist/clusterfit.cjs, built by `npm run build`, which `npm ci`
// runs) when it is newer than every source file, through V8's code cache (code-cache.js);
// otherwise runs the TypeScript through tsx's loader, so an edited checkout never runs stale
// code and needs no build step. CLUSTERFIT_LAUNCH=tsx always uses the loader.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';
import { freshBundle } from './fresh-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.env.CLUSTERFIT_LAUNCH === 'tsx' ? null : freshBundle(root);
if (bundle) {
  // Source maps are not enabled here (they add 0.1 s); NODE_OPTIONS=--enable-source-maps makes
  // an internal error's stack trace point at the TypeScript.
  const { exports, saveCache } = loadBundle(bundle);
  process.exitCode = await exports.main(process.argv.slice(2));
  // The first run that finishes leaves the bytecode of what it ran for the next ones.
  if (process.exitCode === 0) saveCache();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../pipeline/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
}
