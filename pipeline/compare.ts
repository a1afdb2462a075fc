/**
 * `clusterfit compare RUN_A RUN_B`: two finished runs of the same area side by side (typically
 * two projection vintages), with the clusters whose approval changed and why. Both run databases
 * are attached read-only to one in-memory DuckDB, so the comparison is plain SQL over their marts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { Database, sqlString } from '../kernel/database.ts';
import { FRAMEWORKS } from '../kernel/frameworks.ts';
import { messages } from '../kernel/messages.ts';
import { OutputFolder } from '../kernel/output-folder.ts';
import { VERSION } from '../kernel/version.ts';
import type { ChartFrame } from '../outputs/charts/chart-frame.ts';
import { type ComparisonRow, comparisonChart } from '../outputs/charts/comparison-chart.ts';
import { fmt, metricLabel } from '../outputs/format.ts';
import { publishRelation } from '../outputs/published-table.ts';
import type { PlannedChart, RenderedChart } from '../outputs/write-charts.ts';
import { writeCsv } from '../outputs/write-csv.ts';
import { runDatabase } from './finished-run.ts';
import { drawChartsOnWorker } from './worker-client.ts';

export const COMPARISON_COLUMNS = [
  'area',
  'framework',
  'cluster',
  'vintage_a',
  'vintage_b',
  'approved_a',
  'approved_b',
  'approval_change',
  'rank_a',
  'rank_b',
  'score_a',
  'score_b',
  'base_employment_a',
  'base_employment_b',
  'pct_change_a',
  'pct_change_b',
  'annual_openings_a',
  'annual_openings_b',
  'median_wage_a',
  'median_wage_b',
] as const;

interface Row extends ComparisonRow, Record<string, string | number | boolean | null> {
  area: string;
  framework: string;
}

/** Compares two runs and writes comparison.csv and comparison.md into `out`; returns the summary. */
export async function compareRuns(runA: string, runB: string, out: string): Promise<string> {
  const [dbA, dbB] = [runA, runB].map(runDatabase);
  const db = await Database.open(':memory:');
  try {
    await db.exec(`attach ${sqlString(dbA as string)} as a (read_only)`);
    await db.exec(`attach ${sqlString(dbB as string)} as b (read_only)`);
    const table = await publishRelation(
      db,
      'comparison',
      COMPARISON_COLUMNS,
      `
      select coalesce(x.area_code, y.area_code) as area, coalesce(x.framework, y.framework) as framework,
        coalesce(x.cluster, y.cluster) as cluster, x.vintage as vintage_a, y.vintage as vintage_b,
        x.approved as approved_a, y.approved as approved_b,
        case
          when x.cluster is null then 'only in B'
          when y.cluster is null then 'only in A'
          when x.approved and not y.approved then 'dropped'
          when y.approved and not x.approved then 'added'
          else 'unchanged'
        end as approval_change,
        x.rank as rank_a, y.rank as rank_b, round(x.score, 6) as score_a, round(y.score, 6) as score_b,
        round(x.base_employment, 2) as base_employment_a, round(y.base_employment, 2) as base_employment_b,
        round(x.pct_change, 4) as pct_change_a, round(y.pct_change, 4) as pct_change_b,
        round(x.annual_openings, 2) as annual_openings_a, round(y.annual_openings, 2) as annual_openings_b,
        round(x.median_wage, 2) as median_wage_a, round(y.median_wage, 2) as median_wage_b
      from a.mart_clusters x
      full join b.mart_clusters y
        on x.area_code = y.area_code and x.framework = y.framework and x.cluster = y.cluster
      order by area, framework, coalesce(y.rank, x.rank), cluster`,
    );
    const rows = await db.all<Row>(`select * from ${table.source}`);
    if (rows.every((r) => r.approval_change.startsWith('only'))) {
      throw new CliError(messages.compareNothingInCommon(runA, runB), ExitCode.usage);
    }
    const drivers = await db.all<{
      area: string;
      framework: string;
      cluster: string;
      metric: string;
      value_a: number | null;
      value_b: number | null;
      delta: number;
    }>(`
      select x.area_code as area, x.framework, x.cluster, x.metric, x.value as value_a,
        y.value as value_b, y.contribution - x.contribution as delta
      from a.mart_cluster_contributions x
      join b.mart_cluster_contributions y
        on x.area_code = y.area_code and x.framework = y.framework and x.cluster = y.cluster
          and x.metric = y.metric
      order by area, framework, cluster, abs(delta) desc`);
    const methods = await db.all<{ run: string; methods: string }>(`
      select 'A' as run, string_agg(distinct openings_method, ', ') as methods from a.stg_projections
      union all
      select 'B', string_agg(distinct openings_method, ', ') from b.stg_projections`);

    const areaNames = new Map(
      (
        await db.all<{ area_code: string; area_name: string }>(`
          select area_code, any_value(area_name) as area_name
          from (select area_code, area_name from b.stg_areas
                union all select area_code, area_name from a.stg_areas)
          group by area_code`)
      ).map((r) => [r.area_code, r.area_name]),
    );
    const charts = await comparisonCharts(rows, areaNames, [dbA as string, dbB as string]);

    const folder = OutputFolder.prepare(out);
    try {
      await writeCsv(db, folder.path('comparison.csv'), table);
      // Imported here, as publish does, so commands that draw no chart never load the code.
      const { writeCharts } = await import('../outputs/write-charts.ts');
      await writeCharts(folder, charts);
      const md = renderComparison(runA, runB, rows, drivers, methods, charts);
      writeFileSync(folder.path('comparison.md'), md);
      folder.commit();
      return md;
    } catch (error) {
      folder.abort();
      throw error;
    }
  } finally {
    db.close();
  }
}

/** What a run's manifest says that a chart needs: its publishers and its normalization. */
function runFacts(db: string): { publishers: string[]; normalization: string | undefined } {
  const manifest = join(dirname(db), 'manifest.json');
  if (!existsSync(manifest)) return { publishers: [], normalization: undefined };
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
    inputs?: { publisher?: string }[];
    config?: { normalization?: string };
  };
  return {
    publishers: (m.inputs ?? []).flatMap((i) => (i.publisher ? [i.publisher] : [])),
    normalization: m.config?.normalization,
  };
}

/** One score dumbbell per area × framework the two runs share. */
async function comparisonCharts(
  rows: readonly Row[],
  areaNames: ReadonlyMap<string, string>,
  dbs: [string, string],
): Promise<RenderedChart[]> {
  const [a, b] = dbs.map(runFacts) as [ReturnType<typeof runFacts>, ReturnType<typeof runFacts>];
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.area}\t${r.framework}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const plans: PlannedChart[] = [];
  for (const group of groups.values()) {
    const first = group[0] as Row;
    const [va, vb] = [
      group.find((r) => r.vintage_a)?.vintage_a,
      group.find((r) => r.vintage_b)?.vintage_b,
    ];
    if (!va || !vb) continue;
    const sameScale = a.normalization === b.normalization;
    const frame: ChartFrame = {
      areaName: areaNames.get(first.area) ?? first.area,
      areaCode: first.area,
      vintage: `${va} vs ${vb}`,
      frameworkId: first.framework,
      frameworkTitle:
        FRAMEWORKS[first.framework as keyof typeof FRAMEWORKS]?.title ?? first.framework,
      publishers: [...new Set([...a.publishers, ...b.publishers])],
      method: `clusterfit ${VERSION}; clusterfit compare of two runs, each scored on its own`,
      scoreTitle:
        sameScale && a.normalization === 'percentile'
          ? 'Composite score (weighted share of clusters beaten)'
          : sameScale
            ? 'Composite score (standard deviations from the framework average)'
            : 'Composite score (the runs normalize differently)',
    };
    plans.push({ kind: 'comparison', frame, spec: comparisonChart(group, frame) });
  }
  const { drawCharts } = await import('../outputs/write-charts.ts');
  return drawCharts(plans, drawChartsOnWorker);
}

function renderComparison(
  runA: string,
  runB: string,
  rows: Row[],
  drivers: {
    area: string;
    framework: string;
    cluster: string;
    metric: string;
    value_a: number | null;
    value_b: number | null;
    delta: number;
  }[],
  methods: { run: string; methods: string }[],
  charts: readonly RenderedChart[],
): string {
  const first = rows.find((r) => r.vintage_a && r.vintage_b);
  const out = [
    `# Approved clusters compared: ${first?.vintage_a ?? '?'} (A) and ${first?.vintage_b ?? '?'} (B)`,
    '',
    `A: ${runA}. B: ${runB}. Every cluster of both runs is in comparison.csv.`,
    '',
  ];
  const [ma, mb] = [
    methods.find((m) => m.run === 'A')?.methods,
    methods.find((m) => m.run === 'B')?.methods,
  ];
  if (ma !== mb) {
    out.push(
      `**Caution:** the runs project openings by different methods (A: ${ma}; B: ${mb}); openings figures are not comparable between them.`,
      '',
    );
  }
  const changed = rows.filter(
    (r) => r.approval_change === 'added' || r.approval_change === 'dropped',
  );
  out.push(`## Clusters whose approval changed (${changed.length})`, '');
  if (changed.length === 0) out.push('None: both runs approve the same clusters.', '');
  for (const r of changed) {
    const why = drivers
      .filter((d) => d.area === r.area && d.framework === r.framework && d.cluster === r.cluster)
      .slice(0, 2)
      .map(
        (d) =>
          `${metricLabel(d.metric)} ${show(d.metric, d.value_a)} → ${show(d.metric, d.value_b)} (${d.delta >= 0 ? 'adds' : 'takes'} ${Math.abs(d.delta).toFixed(2)})`,
      );
    out.push(
      `- **${r.cluster}** (${r.area}, ${r.framework}): ${r.approval_change === 'added' ? 'approved in B, not in A' : 'approved in A, not in B'}; rank ${r.rank_a} → ${r.rank_b}, score ${fmt.score(Number(r.score_a))} → ${fmt.score(Number(r.score_b))}. Largest moves: ${why.join('; ') || 'n/a'}.`,
    );
  }
  out.push('');
  if (charts.length > 0) {
    out.push('## Scores in both runs', '');
    for (const c of charts) out.push(`![${c.title}](${c.file}.png)`, '');
  }
  return out.join('\n');
}

/** A metric's value as people read it: dollars, percent, share or jobs (calibrate uses it too). */
export function show(metric: string, v: number | null): string {
  if (metric === 'median_wage') return fmt.money(v);
  if (metric === 'pct_change') return fmt.pct(v);
  if (metric.endsWith('_share')) return fmt.share(v);
  return fmt.jobs(v);
}
