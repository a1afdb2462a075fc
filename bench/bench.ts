/**
 * `npm run bench`: what a run costs and how the cost grows, measured on the real public files in
 * the data directory (CLUSTERFIT_DATA_DIR, default ../shared/data).
 *
 *   default run       process start to outputs written, `clusterfit run` as an analyst types it
 *   stages            each stage's duration from those runs' manifests
 *   33 areas          the California 2020-2030 run: the state, 29 metros, 3 rural consortia
 *   stability         analyzeStability alone at 1,000, 10,000 and 100,000 draws (one area ×
 *                     framework of the default run)
 *   scale series      synthetic inputs replicating California's statewide rows as 1×, 10×, 100×
 *                     and 1000× extra areas, with wall time and peak memory
 *
 * Every figure is the median of several repetitions with its min and max. Results go to
 * bench/results/<date>-<commit>.json; the table is printed. Budgets (the reference machine has 2
 * cores and 24 GiB) are reported as met or missed, never asserted: timing belongs here, not in
 * tests. Options: --quick (fewer repetitions, the scale series to 100×), --repeat N,
 * --max-scale N, --only default,areas,stability,scale, --out FILE.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database } from '../kernel/database.ts';
import { loadConfig } from '../pipeline/config.ts';
import { stabilityGroups } from '../pipeline/stages/rank.ts';
import { analyzeStability } from '../transforms/stability.ts';
import { median, spread, syntheticAreas, timeProcess } from './measure.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag('--quick');
/** `--only default,areas,stability,scale`: a subset, for the harness's own test. */
const only = new Set((option('--only') ?? 'default,areas,stability,scale').split(','));
const repeat = Number(option('--repeat') ?? (quick ? 1 : 5));
const maxScale = Number(option('--max-scale') ?? (quick ? 100 : 1000));
const dataDir = resolve(ROOT, process.env.CLUSTERFIT_DATA_DIR ?? '../shared/data');
if (!existsSync(join(dataDir, 'PROVENANCE.md'))) {
  throw new Error(`bench: no data directory at ${dataDir}; set CLUSTERFIT_DATA_DIR`);
}
const work = join(ROOT, 'bench', '.work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const BUDGETS = {
  default_run_s: 3,
  areas_33_s: 6,
  stability_10k_s: 1,
  scale_1000x_s: 60,
  scale_1000x_rss_mib: 2048,
};

const cli = (...more: string[]) => [
  join(ROOT, 'bin', 'clusterfit.js'),
  'run',
  '--data-dir',
  dataDir,
  ...more,
];
const env = { ...process.env, CLUSTERFIT_DATA_DIR: dataDir };

// ---- the default run, end to end, and its stages
const defaultRuns = Array.from({ length: repeat }, (_, i) => {
  const out = join(work, `default-${i}`);
  return { ...timeProcess(cli('--out', out), env), out };
});
const stageNames = readManifest(defaultRuns[0]?.out).stages.map((s) => s.name);
const stages = Object.fromEntries(
  stageNames.map((name) => {
    const ms = defaultRuns.map(
      (r) => readManifest(r.out).stages.find((s) => s.name === name)?.duration_ms ?? Number.NaN,
    );
    const rows = readManifest(defaultRuns[0]?.out).stages.find((s) => s.name === name)?.rows;
    return [name, { ...spread(ms.map((m) => m / 1000)), rows }];
  }),
);

// ---- 33 areas
const areaRuns = Array.from({ length: only.has('areas') ? repeat : 0 }, (_, i) =>
  timeProcess(
    cli(
      '--config',
      join(ROOT, 'configs', 'ca-2020-2030-areas.json'),
      '--out',
      join(work, `areas-${i}`),
    ),
    env,
  ),
);

// ---- stability alone, on the default run's California × legacy 16 group
const config = loadConfig(undefined);
const db = await Database.open(join(defaultRuns[0]?.out ?? '', 'clusterfit.duckdb'));
const groups = await stabilityGroups(db, config);
db.close();
const [groupKey, group] = [...groups.entries()].find(([k]) => k.endsWith('legacy16')) ?? [];
if (!group) throw new Error('no legacy16 group in the default run');
const stability = Object.fromEntries(
  [1_000, 10_000, 100_000]
    .filter(() => only.has('stability'))
    .map((draws) => {
      const seconds = Array.from(
        { length: draws >= 100_000 ? Math.min(repeat, 3) : repeat },
        () => {
          const t0 = performance.now();
          analyzeStability(
            group,
            {
              normalization: config.normalization,
              selection: config.selection,
              stability: { ...config.stability, draws },
            },
            config.stability.seed,
          );
          return (performance.now() - t0) / 1000;
        },
      );
      return [draws, spread(seconds)];
    }),
);

// ---- scale series on synthetic areas
const scale = [];
for (const factor of [1, 10, 100, 1000].filter((f) => f <= maxScale && only.has('scale'))) {
  const { file, areas, rows } = syntheticAreas(dataDir, join(work, `scale-${factor}`), factor);
  const configFile = join(work, `scale-${factor}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      projections: 'ca-edd-longterm-2020-2030-areas',
      inputs: { 'ca-edd-longterm-2020-2030-areas': file },
    }),
  );
  // The 100× and 1000× runs take seconds to a minute each: three give a median and a spread.
  const times = factor >= 100 ? Math.min(repeat, 3) : repeat;
  const runs = Array.from({ length: times }, (_, i) => {
    const out = join(work, `scale-${factor}-${i}`);
    const run = timeProcess(cli('--config', configFile, '--out', out), env, {
      timeoutSeconds: 600,
    });
    // A 1000× run writes 1.5 GB of outputs; three of them need not wait for the end to go.
    rmSync(out, { recursive: true, force: true });
    return run;
  });
  scale.push({
    factor,
    areas,
    projection_rows: rows,
    ok: runs.every((r) => r.ok),
    ...spread(runs.map((r) => r.seconds)),
    peak_rss_mib: Math.max(...runs.map((r) => r.peakRssMib ?? Number.NaN)),
    error: runs.find((r) => !r.ok)?.error ?? null,
  });
  rmSync(join(work, `scale-${factor}`), { recursive: true, force: true });
}

// Linear growth: seconds per area should not rise from one factor to the next.
const perArea = scale.filter((s) => s.ok).map((s) => s.median / s.areas);
const linear = perArea.every((v, i) => i === 0 || v <= (perArea[i - 1] as number) * 1.1);

const defaultSeconds = spread(defaultRuns.map((r) => r.seconds));
const areaSeconds = spread(areaRuns.map((r) => r.seconds));
const largest = scale.find((s) => s.factor === 1000);
const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? '',
    memory_gib: Math.round(totalmem() / 2 ** 30),
    free_memory_gib: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  },
  settings: {
    repeat,
    quick,
    max_scale: maxScale,
    only: [...only],
    draws: config.stability.draws,
  },
  default_run: {
    ...defaultSeconds,
    peak_rss_mib: median(defaultRuns.map((r) => r.peakRssMib ?? Number.NaN)),
  },
  stages,
  areas_33: {
    ...areaSeconds,
    peak_rss_mib: median(areaRuns.map((r) => r.peakRssMib ?? Number.NaN)),
  },
  stability: { group: groupKey?.replaceAll('\u0000', ' '), draws: stability },
  scale,
  budgets: {
    default_run: {
      budget_s: BUDGETS.default_run_s,
      met: defaultSeconds.median < BUDGETS.default_run_s,
    },
    areas_33: { budget_s: BUDGETS.areas_33_s, met: areaSeconds.median < BUDGETS.areas_33_s },
    stability_10k: {
      budget_s: BUDGETS.stability_10k_s,
      met: (stability[10_000]?.median ?? Number.POSITIVE_INFINITY) < BUDGETS.stability_10k_s,
    },
    scale_1000x: largest
      ? {
          budget_s: BUDGETS.scale_1000x_s,
          budget_rss_mib: BUDGETS.scale_1000x_rss_mib,
          met:
            largest.ok &&
            largest.median < BUDGETS.scale_1000x_s &&
            largest.peak_rss_mib < BUDGETS.scale_1000x_rss_mib,
        }
      : { not_run: `--max-scale ${maxScale}` },
    linear_growth: { met: linear, seconds_per_area: perArea },
  },
};

const outFile =
  option('--out') ??
  join(
    ROOT,
    'bench',
    'results',
    `${results.date.slice(0, 10)}-${results.commit.slice(0, 7)}${quick ? '-quick' : ''}.json`,
  );
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
process.stdout.write(table(results));
process.stdout.write(`\nResults: ${outFile}\n`);

function readManifest(out: string | undefined): {
  stages: { name: string; rows: number; duration_ms: number }[];
} {
  return JSON.parse(readFileSync(join(out ?? '', 'manifest.json'), 'utf8'));
}

function gitCommit(): string {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

function table(r: typeof results): string {
  const s = (x: { median: number; min: number; max: number }) =>
    `${x.median.toFixed(2)} s (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
  const met = (b: { met?: boolean }) => (b.met ? 'met' : 'MISSED');
  const lines = [
    `clusterfit bench — ${r.machine.cpus} × ${r.machine.cpu_model}, ${r.machine.memory_gib} GiB, Node ${r.machine.node}, ${r.commit.slice(0, 7)}, ${r.settings.repeat} repetition(s)`,
    '',
    `| measure | median (min–max) | peak RSS | budget |`,
    `|---|---|---|---|`,
    `| default run, process start to outputs | ${s(r.default_run)} | ${r.default_run.peak_rss_mib} MiB | < ${BUDGETS.default_run_s} s: ${met(r.budgets.default_run)} |`,
    ...Object.entries(r.stages).map(
      ([name, x]) => `| · stage ${name} (${x.rows} rows) | ${s(x)} | | |`,
    ),
    ...(r.areas_33.n > 0
      ? [
          `| 33-area California run | ${s(r.areas_33)} | ${r.areas_33.peak_rss_mib} MiB | < ${BUDGETS.areas_33_s} s: ${met(r.budgets.areas_33)} |`,
        ]
      : []),
    ...Object.entries(r.stability.draws).map(
      ([draws, x]) =>
        `| stability, ${Number(draws).toLocaleString('en-US')} draws | ${s(x)} | | ${draws === '10000' ? `< ${BUDGETS.stability_10k_s} s: ${met(r.budgets.stability_10k)}` : ''} |`,
    ),
    ...r.scale.map(
      (x) =>
        `| scale ${x.factor}× (${x.areas} areas, ${x.projection_rows.toLocaleString('en-US')} rows) | ${x.ok ? s(x) : `failed: ${x.error}`} | ${x.peak_rss_mib} MiB | ${x.factor === 1000 ? `< ${BUDGETS.scale_1000x_s} s and < 2 GiB: ${met(r.budgets.scale_1000x)}` : ''} |`,
    ),
    `| growth with areas (s per area: ${r.budgets.linear_growth.seconds_per_area.map((v) => v.toFixed(3)).join(', ')}) | | | linear or better: ${met(r.budgets.linear_growth)} |`,
  ];
  return `${lines.join('\n')}\n`;
}
