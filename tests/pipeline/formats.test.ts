/**
 * Outputs on demand: `formats` (config) and `--formats` (command line) choose what publish
 * writes; the work behind a format left out is not done (its modules not even loaded); files an
 * earlier run wrote that this one does not are removed; the manifest lists what was written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../kernel/cli-error.ts';
import { outputFormats } from '../../kernel/config-types.ts';
import { main } from '../../pipeline/cli.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { bundleOptions } from '../../scripts/bundle-options.mjs';
import { captureIO, FIXTURES, miniRunArgs, REPO_ROOT, tempDir } from '../helpers.ts';
import { expectGoldenFile } from '../outputs/golden.ts';

function configError(json: unknown): string {
  try {
    parseConfig(json, 'job.json');
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error('expected a config error');
}

function manifest(dir: string): { formats: string[]; outputs: { file: string }[] } {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** Top-level names in the folder, working files (DuckDB, history, lock) left aside. */
function published(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.duckdb') && !f.startsWith('.'))
    .sort();
}

const TABLES_ONLY = [
  'area_differences.csv',
  'bridge.csv',
  'changes.json',
  'changes.md',
  'clusters.csv',
  'data_quality.csv',
  'manifest.json',
  'occupations.csv',
  'recommendation.md',
  'stability.csv',
  'sublevels.csv',
];

describe('formats in the config', () => {
  it('names the bad value and every allowed format', () => {
    expect(configError({ formats: ['csv', 'pdf'] })).toBe(
      'Config file job.json: key "formats[1]" must be one of "csv", "parquet", "arrow", "xlsx", "brief", "charts", but it is "pdf".',
    );
    expect(configError({ formats: 'csv' })).toBe(
      'Config file job.json: key "formats" must be a list, but it is "csv".',
    );
    expect(configError({ formats: [] })).toBe(
      'Config file job.json: key "formats" must list at least one of "csv", "parquet", "arrow", "xlsx", "brief", "charts" (recommendation.md and manifest.json are always written).',
    );
    expect(configError({ formats: ['csv', 'csv'] })).toBe(
      'Config file job.json: key "formats" lists a format twice.',
    );
  });

  it('is absent by default (every format), and the brief brings its charts', () => {
    const all = parseConfig({}, 'job.json');
    expect('formats' in all).toBe(false);
    expect([...outputFormats(all)]).toEqual(['csv', 'parquet', 'arrow', 'xlsx', 'brief', 'charts']);
    const brief = parseConfig({ formats: ['brief', 'csv'] }, 'job.json');
    expect(brief.formats).toEqual(['brief', 'csv']);
    expect([...outputFormats(brief)]).toEqual(['brief', 'csv', 'charts']);
  });
});

describe('--formats', () => {
  it('refuses an unknown format, naming the allowed ones, and publishes nothing', async () => {
    const out = tempDir();
    const io = captureIO();
    const code = await main([...miniRunArgs(out), '--formats', 'csv,pdf'], io);
    expect(code).toBe(2);
    expect(io.stderr).toContain(
      '"pdf" is not a format clusterfit writes; give a comma-separated list of csv, parquet, arrow, xlsx, brief, charts',
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it('writes only the tables, says so in the manifest, and retires what an earlier run wrote', async () => {
    const out = tempDir();
    // The mini config with `formats` (Parquet and the workbook), run as it is, then with
    // --formats csv overriding it, in the same folder.
    const config = join(tempDir(), 'job.json');
    const mini = JSON.parse(readFileSync(join(FIXTURES, 'configs', 'mini.json'), 'utf8'));
    writeFileSync(config, JSON.stringify({ ...mini, formats: ['parquet', 'xlsx'] }));
    const data = join(FIXTURES, 'mini-data');
    const args = ['run', '--config', config, '--data-dir', data, '--out', out, '--draws', '0'];
    const first = captureIO();
    expect(await main(args, first)).toBe(0);
    expect(published(out)).toEqual([
      'changes.json',
      'changes.md',
      'clusters.parquet',
      'data_quality.parquet',
      'manifest.json',
      'occupations.parquet',
      'recommendation.md',
      'results.xlsx',
      'stability.parquet',
      'sublevels.parquet',
    ]);
    expect(manifest(out).formats).toEqual(['parquet', 'xlsx']);
    expect(first.stdout).toContain(
      '(clusters.parquet, occupations.parquet, stability.parquet, recommendation.md, results.xlsx, manifest.json …)',
    );
    expect(first.stdout).toMatch(/extras +6 files .*\(results\.xlsx, Parquet\)/);
    // A refresh finds it published (no clusters.csv, but every file the manifest lists).
    const refresh = captureIO();
    expect(await main(['refresh', ...args.slice(1)], refresh)).toBe(0);
    expect(refresh.stdout).toContain(
      'unchanged: inputs, config and clusterfit version are those of run',
    );

    const io = captureIO();
    expect(await main([...args, '--formats', 'csv'], io)).toBe(0);
    // No Parquet, workbook, brief or charts: neither written now nor left from the first run.
    expect(published(out)).toEqual(TABLES_ONLY);
    const m = manifest(out);
    expect(m.formats).toEqual(['csv']);
    expect(m.outputs.map((o) => o.file)).toEqual(TABLES_ONLY.filter((f) => f !== 'manifest.json'));
    expect(io.stdout).not.toContain('extras');
    // One area: its approved clusters listed, as runs of up to ten areas print them.
    expect(io.stdout).toContain(
      '  California, legacy16: 3 approved: Information Technology; Health Science; Manufacturing',
    );
    expect(io.stdout).toContain(
      '(clusters.csv, occupations.csv, stability.csv, recommendation.md, manifest.json …)',
    );
    expect(readFileSync(join(out, 'changes.md'), 'utf8')).toContain(
      'config formats: \\["parquet","xlsx"\\] → \\["csv"\\]',
    );
  });
});

describe('a tables-only run', () => {
  it("writes occupations on a second connection, the tables straight from their queries, with the full run's bytes", async () => {
    // The golden files are a full run's (contract-golden.test.ts): every format, so there the
    // tables go through pub_<name> on the run's connection; here their CSVs come straight from
    // their queries, occupations.csv on a second connection while the first writes the rest.
    const out = tempDir('formats-');
    const io = captureIO();
    const args = [...miniRunArgs(out), '--draws', '50', '--seed', '7', '--formats', 'csv'];
    expect(await main(args, io)).toBe(0);
    for (const file of ['clusters.csv', 'sublevels.csv', 'occupations.csv', 'stability.csv']) {
      expectGoldenFile(`contract/mini/${file}`, join(out, file));
    }
    // The manifest counts their rows as written.
    const rows = Object.fromEntries(
      (manifest(out).outputs as { file: string; rows: number | null }[]).map((o) => [
        o.file,
        o.rows,
      ]),
    );
    expect([rows['clusters.csv'], rows['sublevels.csv'], rows['occupations.csv']]).toEqual([
      14, 15, 17,
    ]);
  });
});

describe('a tables-only run loads no chart or workbook code', () => {
  // A resolve hook reports every module specifier the run asks for to the main thread.
  const HOOK = `let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) {
      port.postMessage(specifier);
      return next(specifier, context);
    }`;
  const bundleDir = join(REPO_ROOT, `.bundle-formats-${process.pid}`);
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  function specifiersOf(entry: 'sources' | 'bundle', args: string[]): string[] {
    const load =
      entry === 'sources'
        ? `(await import('tsx/esm/api')).register();
           const { main } = await import('./pipeline/cli.ts');`
        : `const { main } = await import(${JSON.stringify(pathToFileURL(join(bundleDir, 'clusterfit.cjs')).href)});`;
    // The hook sees imports; the bundle loads CommonJS packages with require() (see
    // scripts/bundle-options.mjs), which Module._load sees.
    const script = `import Module, { register } from 'node:module';
      import { MessageChannel } from 'node:worker_threads';
      const { port1, port2 } = new MessageChannel();
      const seen = new Set();
      port1.on('message', (s) => seen.add(s));
      const load = Module._load;
      Module._load = function (request, ...rest) {
        seen.add(request);
        return load.call(this, request, ...rest);
      };
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), import.meta.url,
        { data: { port: port2 }, transferList: [port2] });
      ${load}
      const code = await main(${JSON.stringify(args)});
      await new Promise((r) => setTimeout(r, 200));
      port1.close();
      process.stdout.write(JSON.stringify({ code, seen: [...seen] }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const last = r.stdout.slice(r.stdout.lastIndexOf('{"code"'));
    const result = JSON.parse(last) as { code: number; seen: string[] };
    expect(result.code).toBe(0);
    return result.seen;
  }

  const heavy = (seen: string[]) =>
    seen.filter((s) =>
      /^(vega|vega-lite|@resvg\/resvg-js|apache-arrow)$|\/(write-charts|write-xlsx|render-brief|write-arrow)\.ts$/.test(
        s,
      ),
    );

  it('from the sources: no Vega, resvg, Arrow, chart, brief or workbook module; all of them for charts', () => {
    const tables = specifiersOf('sources', [...miniRunArgs(tempDir()), '--formats', 'csv']);
    // The hook saw the run's own imports, static and dynamic alike.
    expect(tables).toContain('@duckdb/node-api');
    expect(heavy(tables)).toEqual([]);
    const charts = specifiersOf('sources', [
      ...miniRunArgs(tempDir()),
      '--formats',
      'brief,xlsx',
      '--draws',
      '0',
    ]);
    expect(heavy(charts).sort()).toEqual([
      './render-brief.ts',
      './write-charts.ts',
      './write-xlsx.ts',
      '@resvg/resvg-js',
      // Loaded on the worker thread, whose imports the hook sees too.
      'vega',
      'vega-lite',
    ]);
  });

  it('from the bundle: resvg and Vega are not imported at start-up', async () => {
    await build({ ...bundleOptions(bundleDir), logLevel: 'silent' });
    const seen = specifiersOf('bundle', [...miniRunArgs(tempDir()), '--formats', 'csv']);
    // @duckdb/node-api is bundled in; its platform's native module is required directly, not
    // through @duckdb/node-bindings' entry and its libc detection.
    expect(seen).toContainEqual(
      expect.stringMatching(/^@duckdb\/node-bindings-[a-z0-9-]+\/duckdb\.node$/),
    );
    expect(seen).not.toContain('@duckdb/node-bindings');
    expect(seen).not.toContain('detect-libc');
    expect(heavy(seen)).toEqual([]);
    expect(existsSync(join(bundleDir, 'worker.cjs'))).toBe(true);
  });
});
