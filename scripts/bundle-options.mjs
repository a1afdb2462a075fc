// esbuild options for the CLI bundle, shared by scripts/build.mjs and the launcher test.
// `outdir` must sit one folder below the repository root (as pipeline/ and transforms/ do):
// asset paths are computed from import.meta.url and then resolve to the same files.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

export function bundleOptions(outdir) {
  return {
    ...SCRIPTS,
    // The worker thread is its own entry: worker-client.ts starts worker.cjs beside the CLI.
    entryPoints: { clusterfit: 'pipeline/cli.ts', worker: 'pipeline/worker.ts' },
    outdir,
    packages: 'external',
    plugins: [inlineCommonJs, requireCommonJs, asciiOnly],
    // The sources are ES modules: strict mode, and import.meta.url for their asset paths.
    define: { 'import.meta.url': '__cfImportMetaUrl' },
    banner: {
      js: "'use strict';\nconst __cfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    // The DuckDB bindings' shim below resolves @duckdb/node-api at run time, on purpose.
    logOverride: { 'require-resolve-not-external': 'silent' },
    sourcemap: 'linked',
  };
}

/** What every bundle of ours is. */
const SCRIPTS = {
  // CommonJS, not ESM: the launcher compiles the CLI (and the chart worker Vega) through
  // vm.Script with V8's code cache (bin/code-cache.js says why), which Node 20 offers for
  // scripts only, not for modules.
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The files written, for asciiOnly (and the build's list of sources).
  metafile: true,
  logLevel: 'warning',
};

/**
 * esbuild options for dist/vega.cjs: Vega and Vega-Lite (outputs/vega-engines.ts) with their
 * d3 and vega parts in one CommonJS script, which outputs/render-svg.ts runs through V8's code
 * cache (it says why). Only their packages are bundled; nothing of ours is.
 */
export function vegaBundleOptions(outdir) {
  return {
    ...SCRIPTS,
    entryPoints: { vega: 'outputs/vega-engines.ts' },
    outdir,
    plugins: [vegaCanvasOutsideBrowser, asciiOnly],
  };
}

/**
 * vega-canvas as its browser build. Its Node build awaits import('canvas') at its top level,
 * which a CommonJS script cannot hold, to draw through the optional canvas package: clusterfit
 * does not install it, so that build's canvas() is null, as the browser build's is wherever no
 * DOM is (here). Vega measures text with our metrics instead (render-svg.ts).
 */
const vegaCanvasOutsideBrowser = {
  name: 'vega-canvas-outside-browser',
  setup(build) {
    // The package exports the two builds under conditions only; they sit side by side.
    build.onResolve({ filter: /^vega-canvas$/ }, (args) => {
      const node = createRequire(`${args.resolveDir}/`).resolve('vega-canvas');
      return { path: join(dirname(node), 'vega-canvas.browser.js') };
    });
  },
};

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

/**
 * The platform's native module of DuckDB's bindings, as @duckdb/node-bindings would choose it on
 * this machine ("@duckdb/node-bindings-linux-x64/duckdb.node"), which the bundle then loads
 * directly: the package's own entry tells glibc from musl through detect-libc (four files read
 * and compiled, child_process, the executable's ELF header) at every start. Requiring the
 * package, fresh processes, 6 runs each: 16-19 -> 12.5-13 ms of CPU. A build is made where it
 * runs (`npm ci` runs it); a bundle moved to a machine without that module loads the package.
 */
function nativeBinding() {
  const bindingsPath = createRequire(packageRequire.resolve('@duckdb/node-api')).resolve(
    '@duckdb/node-bindings',
  );
  createRequire(bindingsPath)(bindingsPath);
  const native = Object.keys(packageRequire.cache).find((file) =>
    /[\\/]node_modules[\\/]@duckdb[\\/]node-bindings-[^\\/]+[\\/]duckdb\.node$/.test(file),
  );
  if (native === undefined) return './duckdb.js';
  return native.slice(native.lastIndexOf('@duckdb')).replaceAll('\\', '/');
}

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
      contents: `const { createRequire } = require('node:module');
const bindings = createRequire(createRequire(require.resolve('@duckdb/node-api')).resolve('@duckdb/node-bindings'));
try {
  module.exports = bindings(${JSON.stringify(nativeBinding())});
} catch {
  module.exports = bindings('./duckdb.js');
}`,
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

/**
 * The bundles made ASCII-only. esbuild escapes strings, but leaves a few comments and regular
 * expressions (ours and @duckdb/node-api's) with a character like '–' or '≥', and one such
 * character makes V8 hold and scan the whole 1.4 MB source as two bytes a character. Written as
 * \uXXXX (the same code unit in a pattern, inert in a comment) the source is one byte a character:
 * loading the bundle through its code cache, fresh processes, 9 runs each: 50-54 -> 46-48 ms of
 * CPU. A source map's columns shift on those few lines only.
 */
const asciiOnly = {
  name: 'ascii-only',
  setup(build) {
    build.onEnd((result) => {
      for (const output of Object.keys(result.metafile?.outputs ?? {})) {
        if (!output.endsWith('.cjs')) continue;
        const file = resolve(build.initialOptions.absWorkingDir ?? process.cwd(), output);
        const text = readFileSync(file, 'utf8');
        // A backslash before such a character would take the escape's: none is expected.
        if (/\\[^\p{ASCII}]/u.test(text))
          throw new Error(`${output}: an escaped non-ASCII character`);
        // Each UTF-16 code unit (a character past U+FFFF is two) as its own escape.
        const ascii = text.replace(/[^\p{ASCII}]/gu, (c) =>
          Array.from(
            { length: c.length },
            (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`,
          ).join(''),
        );
        if (ascii !== text) writeFileSync(file, ascii);
      }
    });
  },
};
