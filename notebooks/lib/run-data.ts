/**
 * What the notebooks read from a finished run, gathered with the project's own modules: the
 * run's database through pipeline/finished-run.ts, its config through pipeline/config.ts, its
 * programs of study through pipeline/programs.ts and the vintage comparison through
 * pipeline/compare.ts. Nothing here recomputes a figure; the pages get the run's numbers as the
 * pipeline stored them (full precision, so the what-if page can rescore them exactly).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Papa from 'papaparse';
import type { Database, Row } from '../../kernel/database.ts';
import { frameworkOf } from '../../kernel/frameworks.ts';
import { messages } from '../../kernel/messages.ts';
import { compareRuns } from '../../pipeline/compare.ts';
import { metricIds, normalizedWeights, parseConfig } from '../../pipeline/config.ts';
import { queryFinishedRun, runDatabase } from '../../pipeline/finished-run.ts';
import { listPrograms } from '../../pipeline/programs.ts';

/** One chart the pipeline published: its file stem, title and Vega-Lite spec (data inlined). */
export interface PublishedChart {
  file: string;
  kind: string;
  title: string;
  spec: unknown;
}

export interface RunData {
  run: {
    folder: string;
    clusterfit: string | null;
    started_at: string | null;
    config_file: string | null;
    data_dir: string | null;
  };
  /** The run's resolved config, as its manifest records it. */
  config: {
    allocation: string;
    normalization: string;
    weights: Record<string, number>;
    selection: { method: string; top_n: number; top_share: number; min_score: number };
  };
  /** Every metric a weight may name, in the order the pipeline scores them. */
  metrics: string[];
  /** The weights the pipeline scored with (scaled to sum to 1, zero weights dropped). */
  scaledWeights: [string, number][];
  frameworks: { id: string; title: string; sublevel: string }[];
  areas: { area_code: string; area_name: string; vintage: string; area_type: string }[];
  clusters: Row[];
  contributions: Row[];
  stability: Row[];
  sublevels: Row[];
  bridge: Row[];
  occupations: Row[];
  programs: Record<string, string>[];
  areaDifferences: Row[];
  charts: PublishedChart[];
  recommendation: string;
}

interface Manifest {
  clusterfit?: string;
  started_at?: string;
  config_file?: string | null;
  data_dir?: string;
  config?: unknown;
}

/** Reads everything the pages show from the run in `folder` (an output folder of `clusterfit run`). */
export async function loadRunData(folder: string, dataDir: string): Promise<RunData> {
  runDatabase(folder);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const config = parseConfig(manifest.config ?? {}, join(folder, 'manifest.json'));
  const tables = await queryFinishedRun(folder, {}, async (db) => ({
    areas: await db.all<RunData['areas'][number] & Row>(
      'select area_code, area_name, vintage, area_type from r.stg_areas order by area_code, vintage',
    ),
    clusters: await db.all(
      'select * from r.mart_clusters order by area_code, vintage, framework, rank',
    ),
    contributions: await db.all(
      'select * from r.mart_cluster_contributions order by area_code, vintage, framework, cluster, metric',
    ),
    stability: await db.all(
      'select * from r.mart_stability order by area_code, vintage, framework, base_rank',
    ),
    sublevels: await db.all(
      'select * from r.mart_sublevels order by area_code, vintage, framework, cluster, rank',
    ),
    bridge: (await hasTable(db, 'mart_framework_bridge'))
      ? await db.all(
          'select * from r.mart_framework_bridge order by area_code, vintage, from_cluster, to_cluster',
        )
      : [],
    areaDifferences: (await hasTable(db, 'mart_area_differences'))
      ? await db.all('select * from r.mart_area_differences order by area_code, framework')
      : [],
    occupations: await db.all(
      `select area_code, vintage, framework, cluster, soc_code, soc_title, mapped_via,
         allocation_weight, base_employment, projected_employment, change, pct_change,
         annual_openings, allocation_weight * base_employment as allocated_base_employment,
         allocation_weight * annual_openings as allocated_annual_openings, median_wage,
         education, high_wage, postsecondary
       from r.mart_occupations where allocation_weight > 0
       order by area_code, vintage, framework, cluster, soc_code`,
    ),
  }));
  return {
    run: {
      folder,
      clusterfit: manifest.clusterfit ?? null,
      started_at: manifest.started_at ?? null,
      config_file: manifest.config_file ?? null,
      data_dir: manifest.data_dir ?? null,
    },
    config: {
      allocation: config.allocation,
      normalization: config.normalization,
      weights: config.weights,
      selection: config.selection,
    },
    metrics: metricIds(config),
    scaledWeights: normalizedWeights(config),
    frameworks: config.frameworks.map((id) => {
      const f = frameworkOf(config, id);
      return { id, title: f.title, sublevel: f.sublevel };
    }),
    ...tables,
    programs: await programsOf(folder, dataDir),
    charts: publishedCharts(folder),
    recommendation: readFileSync(join(folder, 'recommendation.md'), 'utf8'),
  };
}

async function hasTable(db: Database, name: string): Promise<boolean> {
  const n = await db.scalar(
    `select count(*) from duckdb_tables() where database_name = 'r' and table_name = '${name}'`,
  );
  return n > 0;
}

/** Programs of study kept per cluster (programs.csv is in order of openings within a cluster). */
export const PROGRAMS_PER_CLUSTER = 25;

/** The programs of study of the approved clusters (`clusterfit programs`), or none without the CIP files. */
async function programsOf(folder: string, dataDir: string): Promise<Record<string, string>[]> {
  const out = mkdtempSync(join(tmpdir(), 'clusterfit-notebook-programs-'));
  try {
    await listPrograms({ run: folder, out, dataDir });
    // The pages show the leading programs of each cluster; the full list is `clusterfit programs`.
    const seen = new Map<string, number>();
    return readCsvFile(join(out, 'programs.csv')).flatMap(({ cip_soc_rows: _, ...row }) => {
      const key = [row.area, row.vintage, row.framework, row.cluster].join('\t');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return n <= PROGRAMS_PER_CLUSTER ? [row] : [];
    });
  } catch (error) {
    process.stderr.write(`${messages.notebookProgramsSkipped((error as Error).message)}\n`);
    return [];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The Vega-Lite specs the run published under charts/, in file-name order. */
function publishedCharts(folder: string): PublishedChart[] {
  const dir = join(folder, 'charts');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.vl.json'))
    .sort()
    .map((f) => {
      const spec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
        title?: { text?: string };
      };
      const file = basename(f, '.vl.json');
      return { file, kind: chartKind(file), title: spec.title?.text ?? file, spec };
    });
}

/** "growth-wage-CA-2023-2033-legacy16" → "growth-wage": the kinds write-charts.ts names files by. */
function chartKind(file: string): string {
  for (const kind of [
    'growth-wage',
    'scores',
    'contributions',
    'stability',
    'bridge',
    'comparison',
  ]) {
    if (file.startsWith(`${kind}-`)) return kind;
  }
  return file;
}

export interface ComparisonData {
  runA: string;
  runB: string;
  rows: Record<string, string>[];
  charts: PublishedChart[];
  /** Run B's clusters by area (rank and approval), for the comparison of areas. */
  areasB: Row[];
  areaDifferencesB: Row[];
}

/** Two runs side by side through `clusterfit compare`, plus run B's clusters area by area. */
export async function loadComparison(runA: string, runB: string): Promise<ComparisonData> {
  const out = mkdtempSync(join(tmpdir(), 'clusterfit-notebook-compare-'));
  try {
    await compareRuns(runA, runB, out);
    const b = await queryFinishedRun(runB, {}, async (db) => ({
      areasB: await db.all(
        `select c.area_code, c.area_name, a.area_type, c.vintage, c.framework, c.cluster,
           c.rank, c.approved, c.score, c.annual_openings
         from r.mart_clusters c join r.stg_areas a using (area_code, vintage)
         order by c.area_code, c.framework, c.rank`,
      ),
      areaDifferencesB: (await hasTable(db, 'mart_area_differences'))
        ? await db.all('select * from r.mart_area_differences order by area_code, framework')
        : [],
    }));
    return {
      runA,
      runB,
      rows: readCsvFile(join(out, 'comparison.csv')),
      charts: publishedCharts(out),
      ...b,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function readCsvFile(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
}
