// esbuild options for the CLI bundle, shared by scripts/build.mjs and the launcher test.
// `outdir` must sit one folder below the repository root (as pipeline/ and transforms/ do):
// asset paths are computed from import.meta.url and then resolve to the same files.
import { createRequire } from 'node:module';

export function bundleOptions(outdir) {
  return {
    // The worker thread is its own entry: worker-client.ts starts worker.mjs beside the CLI.
    entryPoints: { clusterfit: 'pipeline/cli.ts', worker: 'pipeline/worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [inlineCommonJs, requireCommonJs],
    // The `require` the plugin's modules call (esbuild's __require shim takes it when defined).
    banner: {
      js: "import { createRequire as __cfCreateRequire } from 'node:module';\nconst require = __cfCreateRequire(import.meta.url);",
    },
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
 * Packages loaded with require() rather than import. An ESM import of a CommonJS package makes
 * Node parse every file of it with cjs-module-lexer to find its export names (following each
 * re-export): @duckdb/node-api's ~40 files took twice as long to load through import (0.14 s)
 * as through require, at the start of every run. And esbuild hoists every ESM import of an
 * external package to the top of the bundle, so a package imported only by a module loaded on
 * demand (apache-arrow, by the Arrow writers) was loaded by every run all the same; a require()
 * runs when its module does. ESM-only packages (vega, vega-lite) are imported as before.
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
