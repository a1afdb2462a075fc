#!/usr/bin/env node
// Bundles the CLI into dist/clusterfit.cjs with esbuild; `npm ci` runs it through `prepare`.
// Why: tsx's loader transpiles every module at start-up and hooks every import Vega, exceljs,
// DuckDB and Arrow make; the bundle starts about 0.4 s sooner, a seventh of a default run.
// Packages stay external (loaded from node_modules as usual) but for the CommonJS ones every
// run loads at start, which are bundled in (scripts/bundle-options.mjs says why).
// bin/clusterfit.js runs it only while it is newer than every source file.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCES_FILE } from '../bin/fresh-bundle.js';
import { bundleOptions, vegaBundleOptions } from './bundle-options.mjs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // An install without dev dependencies: the launcher runs the sources through tsx instead.
  console.warn('clusterfit: esbuild is not installed; the CLI will run through tsx');
  process.exit(0);
}
// A new bundle starts without the old one's code cache (bin/code-cache.js) or stale files.
rmSync('dist', { recursive: true, force: true });
const builds = await Promise.all([
  esbuild.build(bundleOptions('dist')),
  esbuild.build(vegaBundleOptions('dist')),
]);
// The files the launcher compares the bundle's age with (bin/fresh-bundle.js): ours, not the
// packages', which `npm ci` replaces only before it builds again.
const inputs = new Set(builds.flatMap(({ metafile }) => Object.keys(metafile.inputs)));
const sources = [...inputs].filter(
  (file) => !/(^|\/)node_modules\//.test(file) && existsSync(file),
);
writeFileSync(join('dist', SOURCES_FILE), `${JSON.stringify(sources.sort(), null, 1)}\n`);
