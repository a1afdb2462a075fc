// esbuild options for the CLI bundle, shared by scripts/build.mjs and the launcher test.
// `outdir` must sit one folder below the repository root (as pipeline/ and transforms/ do):
// asset paths are computed from import.meta.url and then resolve to the same files.
import { createRequire } from 'node:module';

export function bundleOptions(outdir) {
  return {
    // The worker thread is its own entry: worker-client.ts starts worker.cjs beside the CLI.
    entryPoints: { clusterfit: 'pipeline/cli.ts', worker: 'pipeline/worker.ts' },
    outdir,
    // CommonJS, not ESM: the launcher compiles the CLI through vm.Script with V8's code cache
    // (bin/code-cache.js says why), which Node 20 offers for scripts only, not for modules.
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [inlineCommonJs, requireCommonJs],
    // The sources are ES modules: strict mode, and import.meta.url for their asset paths.
    define: { 'import.meta.url': '__cfImportMetaUrl' },
    banner: {
      js: "'use strict';\nconst __cfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    // The DuckDB bindings' shim below resolves @duckdb/node-api at run time, on purpose.
    logOverride: { 'require-resolve-not-external': 'silent' },
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

/**
 * CommonJS packages every run loads at start, bundled in rather than loaded from node_modules:
 * Node resolves, reads and compiles each file of a package on its own (@duckdb/node-api is ~40
 * files), and that was a third of the bundle's load. Importing the bundle, six pairs on the
 * reference machine: 0.195 -> 0.165 s of wall, 0.197 -> 0.157 s of CPU, with @duckdb/node-api
 * alone inlined. Their code still runs only when first required, as from node_modules.
 * DuckDB's native part (@duckdb/node-bindings, a .node file per platform) stays a package,
 * resolved from @duckdb/node-api's own folder as its require would be.
 */
const INLINED_PACKAGES = ['@duckdb/node-api', 'commander', 'papaparse', 'simple-statistics'];

const packageRequire = createRequire(import.meta.url);

const inlineCommonJs = {
  name: 'inline-commonjs',
  setup(build) {
    const filter = new RegExp(
      `^(${INLINED_PACKAGES.map((p) => p.replace('/', '\\/')).join('|')})$`,
    );
    build.onResolve({ filter }, (args) => ({ path: packageRequire.resolve(args.path) }));
    build.onResolve({ filter: /^@duckdb\/node-bindings$/ }, (args) =>
      args.namespace === 'duckdb-bindings'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'duckdb-bindings' },
    );
    build.onLoad({ filter: /.*/, namespace: 'duckdb-bindings' }, () => ({
      contents: `module.exports = require('node:module').createRequire(require.resolve('@duckdb/node-api'))('@duckdb/node-bindings');`,
      loader: 'js',
    }));
  },
};

/**
 * Packages loaded with require() rather than import. An import of a CommonJS package (render-
 * png.ts's `await import('@resvg/resvg-js')` too) makes Node parse every file of it with
 * cjs-module-lexer to find its export names (following each re-export): @duckdb/node-api's ~40
 * files took twice as long to load through import (0.14 s) as through require. The require()
 * runs when its module does, so a package only a module loaded on demand uses (apache-arrow, by
 * the Arrow writers) is not loaded by every run. ESM-only packages (vega, vega-lite) are
 * imported as before.
 */
const COMMONJS_PACKAGES = ['@resvg/resvg-js', 'apache-arrow'];

const requireCommonJs = {
  name: 'require-commonjs',
  setup(build) {
    const filter = new RegExp(
      `^(${COMMONJS_PACKAGES.map((p) => p.replace('/', '\\/')).join('|')})$`,
    );
    build.onResolve({ filter }, (args) =>
      args.namespace === 'require-commonjs'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'require-commonjs' },
    );
    build.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};
