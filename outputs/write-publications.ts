/**
 * Everything published beside the CSVs for policy briefs and for R, Python and Excel users:
 * charts/ (Vega-Lite spec, SVG, PNG), brief.md, brief.html, results.xlsx, and each CSV table
 * again as Parquet and Arrow IPC, each only when the run's formats ask for it. Called by the
 * publish stage with the published tables it wrote the CSVs from, so every format holds the same
 * values. The chart, brief and workbook writers are imported when asked for, so a tables-only
 * run never loads them (nor resvg and Vega).
 */
import { writeFileSync } from 'node:fs';
import { type Config, type Format, outputFormats } from '../kernel/config-types.ts';
import { col, sqlString } from '../kernel/database.ts';
import { frameworkOf } from '../kernel/frameworks.ts';
import { emit } from '../kernel/logger.ts';
import { messages, publishMessages } from '../kernel/messages.ts';
import type { RunContext } from '../kernel/run-context.ts';
import { VERSION } from '../kernel/version.ts';
import type { BridgeRow } from './charts/bridge-chart.ts';
import type { ChartFrame } from './charts/chart-frame.ts';
import { STABILITY_TABLE, type StabilityRow } from './charts/stability-chart.ts';
import type { SupplyChartRow } from './charts/supply-chart.ts';
import { type PublishedTable, publishRows } from './published-table.ts';
import type { SourceRow } from './render-brief.ts';
import type { AreaFacts, ClusterResult, Contribution } from './render-recommendation.ts';
import type { ChartDrawer, RenderedChart } from './write-charts.ts';
import { writeParquet } from './write-parquet.ts';
import type { Sheet } from './write-xlsx.ts';

/** The files this adds to a run's outputs (charts/ holds one .vl.json, .svg, .png per chart). */
export const PUBLICATION_FILES = [
  'charts/',
  'brief.md',
  'brief.html',
  'results.xlsx',
  '*.parquet',
  '*.arrow',
] as const;

/** Columns of the workbook's sources sheet: one row per input file of the run. */
const SOURCE_COLUMNS = [
  col('source', 'VARCHAR'),
  col('title', 'VARCHAR'),
  col('publisher', 'VARCHAR'),
  col('vintage', 'VARCHAR'),
  col('file', 'VARCHAR'),
  col('rows', 'INTEGER'),
  // INTEGER holds 2 GiB, more than any input a run can read into memory.
  col('bytes', 'INTEGER'),
  col('sha256', 'VARCHAR'),
  col('url', 'VARCHAR'),
  col('notes', 'VARCHAR'),
];

/** The published tables, each written to CSV by the publish stage (supply.csv by supply). */
export interface PublishedTables {
  clusters: PublishedTable;
  sublevels: PublishedTable;
  occupations: PublishedTable;
  stability: PublishedTable;
  dataQuality: PublishedTable;
  /** recommendation.md as written. */
  recommendation: string;
  /** With `supply`: supply and supply_sublevels. */
  supply?: PublishedTable[];
}

function sourceRows(ctx: RunContext): SourceRow[] {
  return ctx.inputs.map((i) => ({
    source: i.source,
    title: i.title,
    publisher: i.publisher,
    vintage: i.vintage,
    file: i.file,
    rows: i.rows,
    bytes: i.bytes,
    sha256: i.sha256,
    url: ctx.resolved.get(i.source)?.source.url ?? null,
    notes: i.notes.join(' '),
  }));
}

function frames(ctx: RunContext, areas: readonly AreaFacts[]): ChartFrame[] {
  const { config } = ctx;
  const publisherOf = (id: string): string | undefined =>
    ctx.inputs.find((i) => i.source === id)?.publisher ?? ctx.resolved.get(id)?.source.publisher;
  const metrics = Object.values(config.weights).filter((w) => (w ?? 0) > 0).length;
  const method =
    `clusterfit ${VERSION}; ${config.normalization === 'zscore' ? 'z-score' : 'percentile'} ` +
    `composite of ${metrics} weighted metrics, ${config.allocation} allocation`;
  const scoreTitle =
    config.normalization === 'zscore'
      ? 'Composite score (standard deviations from the framework average)'
      : 'Composite score (weighted share of clusters beaten)';
  const out: ChartFrame[] = [];
  for (const area of chartedAreas(config, areas)) {
    for (const id of config.frameworks) {
      const fw = frameworkOf(config, id);
      const projectionSources = config.derive
        ? [config.derive.employment, config.derive.rates]
        : [config.projections];
      const publishers = [...projectionSources.map(publisherOf), publisherOf(fw.crosswalkSource)];
      out.push({
        areaName: area.area_name,
        areaCode: area.area_code,
        vintage: area.vintage,
        frameworkId: id,
        frameworkTitle: fw.title,
        publishers: [...new Set(publishers.filter((p): p is string => !!p))],
        method,
        scoreTitle,
      });
    }
  }
  return out;
}

/**
 * The areas that get charts. A brief is a state-level document: in a multi-area run only the
 * state-level areas are charted (every area when there is none), unless the config asks for all;
 * the tables always hold every area. "none" is for refresh jobs that only need the tables.
 */
function chartedAreas(config: Config, areas: readonly AreaFacts[]): readonly AreaFacts[] {
  if (config.charts.areas === 'all') return areas;
  if (config.charts.areas === 'none') return [];
  const states = areas.filter(
    (a) => (a as AreaFacts & { area_type?: string }).area_type === 'state',
  );
  return states.length > 0 ? states : areas;
}

/** The bridge cells the chart draws (mart_framework_bridge, built when both frameworks run). */
async function bridgeRows(ctx: RunContext, where: string): Promise<BridgeRow[]> {
  if (!(await ctx.db.hasTable('mart_framework_bridge'))) return [];
  return (await ctx.db.all(`
    select area_code, vintage, from_cluster as legacy, to_cluster as modern, employment as jobs
    from mart_framework_bridge where to_cluster <> '(unmapped)' and ${where}
    order by all`)) as unknown as BridgeRow[];
}

/**
 * A SQL condition keeping the rows of the areas and vintages the frames chart (false for none):
 * the charts draw those alone, and a run of a thousand areas charts only its state.
 */
function chartedSql(charted: readonly ChartFrame[]): string {
  const pairs = [
    ...new Set(
      charted.map(
        (f) => `(area_code = ${sqlString(f.areaCode)} and vintage = ${sqlString(f.vintage)})`,
      ),
    ),
  ];
  return pairs.length > 0 ? `(${pairs.join(' or ')})` : 'false';
}

/** The run's charts being drawn (see startRunCharts). */
export interface ChartsDrawing {
  charts: Promise<RenderedChart[]>;
}

/**
 * Starts drawing the run's charts on the worker thread, from the marts alone, so the publish
 * stage can call it before writing any table and await it last.
 */
export async function startRunCharts(ctx: RunContext, draw: ChartDrawer): Promise<ChartsDrawing> {
  const { db } = ctx;
  const { renderCharts } = await import('./write-charts.ts');
  const areas = (await db.all(
    'select * from stg_areas order by area_code, vintage',
  )) as unknown as AreaFacts[];
  const charted = frames(ctx, areas);
  const where = chartedSql(charted);
  const clusters = (await db.all(
    `select * from mart_clusters where ${where}`,
  )) as unknown as ClusterResult[];
  const contributions = (await db.all(
    `select * from mart_cluster_contributions where ${where} order by all`,
  )) as unknown as Contribution[];
  const stability = (await ctx.db.hasTable(STABILITY_TABLE))
    ? ((await db.all(
        `select * from ${STABILITY_TABLE} where ${where}`,
      )) as unknown as StabilityRow[])
    : null;
  const drawing = renderCharts(
    {
      clusters,
      contributions,
      stability,
      bridge: await bridgeRows(ctx, where),
      frames: charted,
      ...(ctx.config.supply
        ? {
            supply: (await db.all(
              `select * from mart_supply where cluster <> '(unmapped)' and ${where} order by all`,
            )) as unknown as SupplyChartRow[],
          }
        : {}),
    },
    draw,
  );
  // Until it is awaited, a failure must not surface as an unhandled rejection.
  drawing.catch(() => {});
  // Wrapped: an async function returning the promise itself would make callers wait for it.
  return { charts: drawing };
}

/**
 * Writes the typed tables, workbook, charts and brief the run's formats ask for into its staging
 * folder. `drawing` is startRunCharts' promise (null when no charts are drawn); the charts are
 * awaited after the tables are written.
 */
export async function writePublications(
  ctx: RunContext,
  tables: PublishedTables,
  drawing: ChartsDrawing | null,
): Promise<void> {
  const { db, out, io } = ctx;
  const formats = outputFormats(ctx.config);
  const t0 = io.now();
  const sources = sourceRows(ctx);

  const supply = tables.supply ?? [];
  const typed = [
    tables.clusters,
    tables.sublevels,
    tables.occupations,
    tables.stability,
    ...supply,
    tables.dataQuality,
  ];
  let files = 0;
  let charts: RenderedChart[] = [];
  if (formats.has('parquet')) {
    for (const t of typed) await writeParquet(db, out.path(`${t.name}.parquet`), t);
    files += typed.length;
  }
  if (formats.has('arrow')) {
    // Loaded here: apache-arrow costs a tables-only run ~0.1 s of start-up for nothing.
    const { writeArrow } = await import('./write-arrow.ts');
    for (const t of typed) await writeArrow(db, out.path(`${t.name}.arrow`), t);
    files += typed.length;
  }
  if (formats.has('xlsx')) {
    await writeWorkbook(ctx, [
      { title: 'clusters', table: tables.clusters },
      { title: 'sub-levels', table: tables.sublevels },
      { title: 'occupations', table: tables.occupations },
      { title: 'stability', table: tables.stability },
      ...supply.map((t) => ({ title: t.name.replace('_', ' '), table: t })),
      { title: 'data quality', table: tables.dataQuality },
      { title: 'sources', table: await publishRows(db, 'sources', SOURCE_COLUMNS, sources) },
    ]);
    files += 1;
  }
  if (drawing) {
    const stability = formats.has('brief') && (await ctx.db.hasTable(STABILITY_TABLE));
    // The run's ending that needs no chart, done while the worker draws them; it closes the
    // database.
    await ctx.endTables?.();
    charts = await drawing.charts;
    if (formats.has('brief')) {
      const { renderBriefHtml, renderBriefMarkdown } = await import('./render-brief.ts');
      const notCharted = stability ? [] : [publishMessages.stabilityNotCharted];
      const briefMd = renderBriefMarkdown({
        recommendation: tables.recommendation,
        charts,
        sources,
        notCharted,
      });
      writeFileSync(out.path('brief.md'), briefMd);
      writeFileSync(out.path('brief.html'), renderBriefHtml(briefMd, charts));
      files += 2;
    }
    const { writeCharts } = await import('./write-charts.ts');
    files += writeCharts(out, charts).length;
  }
  if (files === 0) return;
  // What was written, in the order the line always gave it.
  const kinds = [
    ...(drawing ? [messages.chartsWritten(charts.length)] : []),
    ...(formats.has('brief') ? ['brief.md', 'brief.html'] : []),
    ...(formats.has('xlsx') ? ['results.xlsx'] : []),
    ...(formats.has('parquet') ? ['Parquet'] : []),
    ...(formats.has('arrow') ? ['Arrow'] : []),
  ];
  const ms = io.now() - t0;
  emit(
    io,
    { event: 'publications', charts: charts.length, files, duration_ms: Math.round(ms) },
    publishMessages.publicationsWritten(files, ms, kinds),
  );
}

/**
 * results.xlsx. A table longer than a sheet holds is left out, with a notes sheet (first, where
 * the workbook opens) and a warning naming the files of this run that hold it: a workbook of
 * split sheets past a million rows is one no one opens.
 */
async function writeWorkbook(ctx: RunContext, sheets: Sheet[]): Promise<void> {
  const { sheetRowLimit, writeXlsx } = await import('./write-xlsx.ts');
  const formats = outputFormats(ctx.config);
  const limit = sheetRowLimit();
  const tooLong = sheets.filter((s) => s.table.rows > limit);
  const notes = tooLong.map((s) => {
    const files = (['parquet', 'csv', 'arrow'] as Format[])
      .filter((f) => formats.has(f))
      .map((f) => `${s.table.name}.${f}`);
    return messages.sheetLeftOut(s.title, s.table.rows, limit, files);
  });
  for (const note of notes) {
    ctx.warnings.push(note);
    ctx.io.warn(note);
  }
  const notesSheet =
    notes.length > 0
      ? [
          {
            title: 'notes',
            table: await publishRows(
              ctx.db,
              'notes',
              [col('note', 'VARCHAR')],
              notes.map((note) => ({ note })),
            ),
          },
        ]
      : [];
  await writeXlsx(ctx.db, ctx.out.path('results.xlsx'), [
    ...notesSheet,
    ...sheets.filter((s) => !tooLong.includes(s)),
  ]);
}
