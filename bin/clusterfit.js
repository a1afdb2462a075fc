#!/usr/bin/env node
// Launcher. Runs the bundle (dist/clusterfit.cjs, built by `npm run build`, which `npm ci`
// runs) when it is newer than every source file, through V8's code cache (code-cache.js);
// otherwise runs the TypeScript through tsx's loader, so an edited checkout never runs stale
// code and needs no build step. CLUSTERFIT_LAUNCH=tsx always uses the loader.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { loadBundle } from './code-cache.js';
import { freshBundle } from './fresh-bundle.js';

// V8 optimizes a function once it has run ~67,000 bytecodes' worth (its interrupt budget); a
// run's stage, Vega, Vega-Lite and stability code crossed that at once, and TurboFan compiled it
// on background threads (0.4-0.5 s of a full default run's CPU) for code that then ran a few
// times before the process ended. Fifteen times the budget leaves only the hot loops optimized;
// optimization never changes what JavaScript computes. Set before the bundle is compiled, so
// every run has the same flags and V8 takes the code cache (it rejects a cache made under other
// flags). Full default run, 4+4 runs each (load 4-6): CPU 2.76-3.05 -> 2.28-2.72 s.
setFlagsFromString('--interrupt-budget=1000000');

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
// Every command has finished its work here (the run's worker retired, its databases closed):
// the process ends once stdout and stderr have flushed (asynchronous only for a pipe on macOS),
// rather than after Node tears down V8's heap and finalizes each object DuckDB's bindings left
// to the garbage collector. The tables-only job, 10 runs each (load 8): 15 -> 11 ms of CPU after
// the exit event, 30 -> 17 ms from it to the process's end.
process.stdout.write('', () => process.stderr.write('', () => process.exit()));
