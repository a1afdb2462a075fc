/**
 * The launcher runs the esbuild bundle only while it is newer than every source file, and the
 * bundle does exactly what the sources do (asset paths included: framework definitions, SQL
 * models, package.json), run cold or through the code cache the first run leaves, so the faster
 * start never changes a result.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { freshBundle, SOURCES_FILE } from '../../bin/fresh-bundle.js';
import { bundleOptions, vegaBundleOptions } from '../../scripts/bundle-options.mjs';
import { cli, miniRunArgs, REPO_ROOT, tempDir } from '../helpers.ts';

describe('freshBundle', () => {
  const repo = tempDir('launcher-');
  const bundle = join(repo, 'dist', 'clusterfit.cjs');
  const source = join(repo, 'transforms', 'models', 'x.ts');
  mkdirSync(join(repo, 'dist'));
  mkdirSync(join(repo, 'transforms', 'models'), { recursive: true });

  it('is null without a bundle, the bundle when it is newer than its sources, null once one is newer or gone', () => {
    writeFileSync(source, 'export {};\n');
    expect(freshBundle(repo)).toBeNull();
    writeFileSync(bundle, '');
    utimesSync(source, new Date(2026, 0, 1), new Date(2026, 0, 1));
    utimesSync(bundle, new Date(2026, 0, 2), new Date(2026, 0, 2));
    // A build lists the files it bundled; without the list the bundle's age is unknown.
    expect(freshBundle(repo)).toBeNull();
    writeFileSync(join(repo, 'dist', SOURCES_FILE), JSON.stringify(['transforms/models/x.ts']));
    expect(freshBundle(repo)).toBe(bundle);
    // A nested source edited after the build sends the launcher back to tsx.
    utimesSync(source, new Date(2026, 0, 3), new Date(2026, 0, 3));
    expect(freshBundle(repo)).toBeNull();
    utimesSync(source, new Date(2026, 0, 1), new Date(2026, 0, 1));
    expect(freshBundle(repo)).toBe(bundle);
    rmSync(source);
    expect(freshBundle(repo)).toBeNull();
  });
});

describe('the bundle', () => {
  // Built into a folder of its own one level below the root (where asset paths resolve), so the
  // test neither needs nor disturbs the installed build in dist/.
  const outdir = join(REPO_ROOT, `.bundle-test-${process.pid}`);
  const outfile = join(outdir, 'clusterfit.cjs');
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('gives byte-identical tables and charts to the TypeScript sources on the mini fixture, cold and through its code cache', async () => {
    await build({ ...bundleOptions(outdir), logLevel: 'silent' });
    await build({ ...vegaBundleOptions(outdir), logLevel: 'silent' });
    expect(existsSync(join(outdir, 'worker.cjs'))).toBe(true);
    // Vega and Vega-Lite in one script of their own, which the chart worker loads: no ES module
    // import left in it, and none of our modules but its entry.
    const vega = readFileSync(join(outdir, 'vega.cjs'), 'utf8');
    expect(vega).toContain('node_modules/vega-lite/build/index.js');
    expect(vega).toContain('node_modules/vega-canvas/build/vega-canvas.browser.js');
    expect(vega).not.toMatch(/\bimport\(/);
    // The CommonJS packages every run loads are bundled in (Node reads and compiles each of
    // their files on its own); DuckDB's native bindings stay a package, loaded with require().
    const code = readFileSync(outfile, 'utf8');
    expect(code).toContain('// node_modules/@duckdb/node-api/lib/DuckDBInstance.js');
    expect(code).toContain('("@duckdb/node-bindings")');
    // Its platform's native module loaded directly (not through the package's libc detection),
    // and every bundle one byte a character for V8 (the en dash of a year range escaped).
    expect(code).toMatch(/bindings\("@duckdb\/node-bindings-[a-z0-9-]+\/duckdb\.node"\)/);
    expect(code).toContain('var PERIOD = /^(\\d{4})\\s*[-\\u2013]\\s*(\\d{4})$/;');
    for (const file of ['clusterfit.cjs', 'worker.cjs', 'vega.cjs']) {
      expect(readFileSync(join(outdir, file), 'latin1')).not.toMatch(/[^\p{ASCII}]/u);
    }
    expect(code).not.toMatch(
      /(from |__require\(|require\()"(@duckdb\/node-api|commander|papaparse|simple-statistics)"/,
    );
    const args = miniRunArgs;
    const fromSources = tempDir();
    expect(cli(args(fromSources), { CLUSTERFIT_LAUNCH: 'tsx' }).code).toBe(0);
    // As bin/clusterfit.js runs it: the first run without a cache writes one, the second takes
    // it; the chart worker's Vega likewise, once it has drawn a chart.
    const launch = (out: string) => {
      const script = `import { loadBundle } from ${JSON.stringify(join(REPO_ROOT, 'bin', 'code-cache.js'))};
        const { exports, cached, saveCache } = loadBundle(${JSON.stringify(outfile)});
        process.exitCode = await exports.main(${JSON.stringify(args(out))});
        saveCache();
        process.stdout.write(JSON.stringify({ cached }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{"cached"'))).cached;
    };
    const caches = () => readdirSync(outdir).filter((f) => f.endsWith('.cache'));
    expect(caches()).toEqual([]);
    const cold = tempDir();
    expect(launch(cold)).toBe(false);
    expect(caches().map((f) => f.slice(0, f.indexOf('.cjs')))).toEqual(['clusterfit', 'vega']);
    const warm = tempDir();
    expect(launch(warm)).toBe(true);
    const charts = readdirSync(join(fromSources, 'charts')).filter((f) => f.endsWith('.svg'));
    expect(charts.length).toBeGreaterThan(0);
    for (const fromBundle of [cold, warm]) {
      for (const file of [
        'clusters.csv',
        'occupations.csv',
        'sublevels.csv',
        'stability.csv',
        'brief.md',
        ...charts.map((c) => `charts/${c}`),
      ]) {
        expect(readFileSync(join(fromBundle, file), 'utf8')).toBe(
          readFileSync(join(fromSources, file), 'utf8'),
        );
      }
      const manifest = JSON.parse(readFileSync(join(fromBundle, 'manifest.json'), 'utf8'));
      expect(manifest.clusterfit).toBe(
        JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version,
      );
    }
  });
});
