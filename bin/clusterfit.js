#!/usr/bin/env node
// Launcher. Runs the bundle (dist/clusterfit.mjs, built by `npm run build`, which `npm ci`
// runs) when it is newer than every source file; otherwise runs the TypeScript through tsx's
// loader, so an edited checkout never runs stale code and needs no build step.
// CLUSTERFIT_LAUNCH=tsx always uses the loader.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './fresh-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.env.CLUSTERFIT_LAUNCH === 'tsx' ? null : freshBundle(root);
let main;
if (bundle) {
  // Source maps are not enabled here (they add 0.1 s); NODE_OPTIONS=--enable-source-maps makes
  // an internal error's stack trace point at the TypeScript.
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
