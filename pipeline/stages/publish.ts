/**
 * publish: write the run's tables and recommendation into the staging folder. The run moves them
 * into the output folder only after the manifest is written too.
 */
import { writeFileSync } from 'node:fs';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { type Config, outputFormats } from '../../kernel/config-types.ts';
import { col, duckdbMemoryMb, sqlIdent, sqlString } from '../../kernel/database.ts';
import { frameworkOf } from '../../kernel/frameworks.ts';
import { messages } from '../../kernel/messages.ts';
import type { RunContext, Stage } from '../../kernel/run-context.ts';
import { VERSION } from '../../kernel/version.ts';
import { loadExplanations } from '../../outputs/load-explanations.ts';
import {
  type PublishedTable,
  publishRelation,
  publishRows,
  publishTable,
} from '../../outputs/published-table.ts';
import type {
  AreaDifference,
  AreaFacts,
  BridgeFlow,
  SupplyGap,
} from '../../outputs/render-recommendation.ts';
import { renderRecommendation } from '../../outputs/render-recommendation.ts';
import { writeCsv, writeQueryCsv } from '../../outputs/write-csv.ts';
import {
  PUBLICATION_FILES,
  startRunCharts,
  writePublications,
} from '../../outputs/write-publications.ts';
import { compileRule } from '../../transforms/rules.ts';
import { drawChartsOnWorker, retireWorker } from '../worker-client.ts';
import { publishModel } from './publish-model.ts';
import { bridgesFrameworks } from './rank.ts';
import { SUPPLY_COLUMNS, SUPPLY_SUBLEVELS_COLUMNS } from './supply.ts';

/** A framework's place in the config's list (run_frameworks), the order tables list them in. */
const FRAMEWORK_ORDER =
  'list_position((select list(framework order by position) from run_frameworks), framework)';

/** DuckDB's memory limit in MB while occupations.csv is written on a second connection. */
const PUBLISH_MEMORY_MB = 512;

/** Metrics added after the contract's first columns: written last in clusters.csv and sublevels.csv. */
const APPENDED_METRICS = ['hshwid_share', 'middle_skill_share', 'middle_skill_openings'];
const appendedMetricsSql = APPENDED_METRICS.map(
  (m) => `round(${m}, ${m.endsWith('_share') ? 6 : 2}) as ${m}`,
).join(', ');

/**
 * A rule's id names published columns (`<id>`, `<id>_class`, `<id>_share`): an id that makes
 * one of them repeat a column the tables already have ("high_wage", "soc_code") stops the run
 * before any work, naming the key, instead of writing a table with two columns of one name.
 */
export function checkRuleColumns(config: Pick<Config, 'rules'>, configFile: string | null): void {
  const tables = [clustersColumns(config), sublevelsColumns(config), occupationsColumns(config)];
  for (const [i, r] of config.rules.entries()) {
    for (const columns of tables) {
      const clash = [r.id, `${r.id}_class`, `${r.id}_share`].find(
        (name) => columns.indexOf(name) !== columns.lastIndexOf(name),
      );
      if (clash !== undefined) {
        throw new CliError(
          messages.ruleColumnClash(configFile ?? '(default config)', i, r.id, clash),
          ExitCode.usage,
        );
      }
    }
  }
}

/** clusters.csv columns: the contract's, with one `<rule>_share` column per configured rule. */
export function clustersColumns(config: Pick<Config, 'rules'>): string[] {
  const i = CLUSTERS_COLUMNS.indexOf('postsecondary_share') + 1;
  return [
    ...CLUSTERS_COLUMNS.slice(0, i),
    ...config.rules.map((r) => `${r.id}_share`),
    ...CLUSTERS_COLUMNS.slice(i),
  ];
}

/**
 * The metric, score and rank columns clusters.csv and sublevels.csv share, rounded once here:
 * cents for money and jobs (split allocation gives fractions of a job), 4 decimals for percents,
 * 6 for shares and scores. Equal inputs give equal bytes.
 */
function metricColumnsSql(config: Pick<Config, 'rules'>): string {
  return [
    'round(base_employment, 2) as base_employment',
    'round(projected_employment, 2) as projected_employment',
    'round(change, 2) as change',
    'round(pct_change, 4) as pct_change',
    'round(annual_openings, 2) as annual_openings',
    'round(median_wage, 2) as median_wage',
    'round(high_wage_share, 6) as high_wage_share',
    'round(postsecondary_share, 6) as postsecondary_share',
    ...config.rules.map((r) => {
      const share = sqlIdent(`${r.id}_share`);
      return `round(${share}, 6) as ${share}`;
    }),
    'occupations',
    'round(score, 6) as score',
    'rank',
  ].join(',\n        ');
}

/** sublevels.csv columns: the level and its name, then the clusters.csv metrics and score. */
export function sublevelsColumns(config: Pick<Config, 'rules'>): string[] {
  const metrics = clustersColumns(config).filter(
    (c) =>
      ![
        'area',
        'area_name',
        'vintage',
        'framework',
        'cluster',
        'approved',
        ...APPENDED_METRICS,
      ].includes(c),
  );
  return [
    'area',
    'area_name',
    'vintage',
    'framework',
    'level',
    'cluster',
    'name',
    ...metrics,
    'cluster_approved',
    ...APPENDED_METRICS,
  ];
}

/** occupations.csv columns: one flag (and, for class rules, a class) per configured rule. */
export function occupationsColumns(config: Pick<Config, 'rules'>): string[] {
  const i = OCCUPATIONS_COLUMNS.indexOf('postsecondary') + 1;
  const ruleColumns = config.rules.flatMap((r) => {
    const compiled = compileRule(r);
    return compiled.classSql === null ? [r.id] : [r.id, `${r.id}_class`];
  });
  return [...OCCUPATIONS_COLUMNS.slice(0, i), ...ruleColumns, ...OCCUPATIONS_COLUMNS.slice(i)];
}

export const AREA_DIFFERENCES_COLUMNS = [
  'area',
  'area_name',
  'vintage',
  'framework',
  'state',
  'approved_count',
  'added',
  'dropped',
  'differs',
  'compared_with',
  'sharing',
  'states',
] as const;

export const BRIDGE_COLUMNS = [
  'area',
  'vintage',
  'from_framework',
  'from_cluster',
  'to_framework',
  'to_cluster',
  'employment',
  'share',
] as const;

export const STABILITY_CSV_COLUMNS = [
  'area',
  'vintage',
  'framework',
  'cluster',
  'p_approved',
  'median_rank',
  'rank_low',
  'rank_high',
  'approved',
  'base_rank',
  'decision',
  'flip_weight_shift',
  'flip_from',
  'flip_to',
  'draws',
  'seed',
] as const;

export const CLUSTERS_COLUMNS = [
  'area',
  'area_name',
  'vintage',
  'framework',
  'cluster',
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'median_wage',
  'high_wage_share',
  'postsecondary_share',
  'occupations',
  'score',
  'rank',
  'approved',
  // Appended last, so readers of the earlier columns by position keep working.
  'hshwid_share',
  'middle_skill_share',
  'middle_skill_openings',
] as const;

export const OCCUPATIONS_COLUMNS = [
  'area',
  'vintage',
  'framework',
  'cluster',
  'soc_code',
  'soc_title',
  'mapped_via',
  'via_codes',
  'allocation_weight',
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'allocated_base_employment',
  'allocated_annual_openings',
  'median_wage',
  'median_wage_source',
  'education',
  'education_source',
  'high_wage',
  'postsecondary',
  'soc_bridge',
  'from_codes',
  'source_file',
  'source_row',
  'source_rows',
] as const;

const DATA_QUALITY_COLUMNS = [
  col('severity', 'VARCHAR'),
  col('check', 'VARCHAR'),
  col('file', 'VARCHAR'),
  col('row', 'INTEGER'),
  col('column', 'VARCHAR'),
  col('value', 'VARCHAR'),
  col('message', 'VARCHAR'),
];

export const publish: Stage = {
  name: 'publish',
  // Run with publishModel (the tables with a column per rule are selected below), and by
  // loadExplanations for the recommendation.
  models: [
    'publish/pub_stability',
    'publish/pub_bridge',
    'publish/pub_supply_sublevels',
    'intermediate/tmp_explained',
  ],
  reads: ['mart_clusters', 'mart_occupations', 'mart_cluster_contributions', 'stg_areas'],
  writes: [
    'clusters.csv',
    'sublevels.csv',
    'bridge.csv',
    'occupations.csv',
    'stability.csv',
    'area_differences.csv',
    'data_quality.csv',
    'recommendation.md',
    ...PUBLICATION_FILES,
  ],
  async run(ctx) {
    const { out, config } = ctx;
    const csv = outputFormats(config).has('csv');
    // First, so the charts are drawn on their worker while the tables below are written.
    const drawing = outputFormats(config).has('charts')
      ? await startRunCharts(ctx, drawChartsOnWorker)
      : null;
    // The charts were the run's last tasks for its worker (stability's ran at rank).
    retireWorker();
    const occupationsWriting: Promise<PublishedTable> =
      ((ctx.startOccupationsCsv?.() ?? startOccupationsCsv(ctx, { holdMemory: false })) as
        | Promise<PublishedTable>
        | undefined) ??
      Promise.resolve(
        await published(ctx, 'occupations', occupationsColumns(config), occupationsQuery(config)),
      );
    const [occupations, { clusters, sublevels, stability, supply, dataQuality, markdown }] =
      await bothSettled(occupationsWriting, async () => {
        const clusters = await published(
          ctx,
          'clusters',
          clustersColumns(config),
          `select area_code as area, area_name, vintage, framework, cluster,
            ${metricColumnsSql(config)},
            approved, ${appendedMetricsSql}
          from mart_clusters
          order by area, vintage, ${FRAMEWORK_ORDER}, rank`,
        );

        const sublevels = await published(
          ctx,
          'sublevels',
          sublevelsColumns(config),
          `select area_code as area, area_name, vintage, framework,
            (select sublevel from run_frameworks f where f.framework = s.framework) as level,
            cluster, sublevel as name,
            ${metricColumnsSql(config)},
            cluster_approved, ${appendedMetricsSql}
          from mart_sublevels s
          order by area, vintage, ${FRAMEWORK_ORDER}, rank`,
        );

        const stability = await publishModel(ctx, 'stability', STABILITY_CSV_COLUMNS);

        const supply = config.supply ? await publishSupply(ctx) : [];

        const dataQuality = await publishRows(
          ctx.db,
          'data_quality',
          DATA_QUALITY_COLUMNS,
          ctx.findings,
        );
        if (csv) await writeCsv(ctx.db, out.path('data_quality.csv'), dataQuality);

        const markdown = await writeRecommendation(ctx);
        return { clusters, sublevels, stability, supply, dataQuality, markdown };
      });
    await writePublications(
      ctx,
      {
        clusters,
        sublevels,
        occupations,
        stability,
        dataQuality,
        recommendation: markdown,
        supply,
      },
      drawing,
    );
    return clusters.rows + sublevels.rows + occupations.rows + stability.rows;
  },
};

/**
 * occupations.csv written straight from its query to the file by a second connection
 * (Database.beside), when the run writes no typed tables (straightToCsv): it needs nothing of
 * the run's connection (no temporary table). Undefined in any other run. At 1,000 areas its sort
 * and CSV (1.4 million rows) took ~5 s of mostly one core. Started through
 * RunContext.startOccupationsCsv: by rank in a large run, by run.ts once the stages have committed
 * in a small one; else by publish, beside its other tables and the recommendation.
 */
export function startOccupationsCsv(
  ctx: RunContext,
  { holdMemory }: { holdMemory: boolean },
): Promise<PublishedTable> | undefined {
  if (!straightToCsv(ctx.config)) return undefined;
  return ctx.db.beside(async (db) => {
    // A large run: two statements at once and JavaScript beside them, so DuckDB is held to less
    // memory, and its allocator's freed pages returned to the system as it goes. At 1,000 areas
    // the process peaked at 1.56-1.66 GiB with 768 MB kept, 1.16-1.24 GiB with this (main, one
    // connection: 1.17-1.42 GiB); at 448 MB some runs spent 2-4 s more CPU. Both settings are
    // the instance's: set on this connection, so the run's is never asked two things at once.
    // A small run's DuckDB holds a few MB, and setting them cost it 8-20 ms beside the checkpoint.
    if (holdMemory) {
      await db.exec(
        `set memory_limit = '${Math.min(duckdbMemoryMb(), PUBLISH_MEMORY_MB)}MB';
         set allocator_background_threads = true`,
      );
    }
    return writeQueryCsv(
      db,
      ctx.out.path('occupations.csv'),
      'occupations',
      occupationsColumns(ctx.config),
      occupationsQuery(ctx.config),
    );
  });
}

/** occupations.csv's rows, in the order written: its rule columns joined once (below). */
function occupationsQuery(config: Config): string {
  return `select area_code as area, vintage, framework, cluster,
      soc_code, soc_title, mapped_via, via_codes,
      round(allocation_weight, 6) as allocation_weight,
      base_employment, projected_employment, change, round(pct_change, 4) as pct_change,
      round(annual_openings, 2) as annual_openings,
      round(allocation_weight * base_employment, 2) as allocated_base_employment,
      round(allocation_weight * annual_openings, 2) as allocated_annual_openings,
      median_wage, median_wage_source, education, education_source, high_wage, postsecondary,
      ${config.rules.map((r) => `x.${sqlIdent(r.id)}, x.${sqlIdent(`${r.id}_class`)},`).join(' ')}
      bridge_rule as soc_bridge, from_codes, source_file, source_row, source_rows
    from mart_occupations o
    ${occupationRulesJoin(config)}
    order by area, vintage, ${FRAMEWORK_ORDER}, cluster, soc_code`;
}

/**
 * Each occupation's rule flags and classes as columns (mart_occupation_rules has a row per area ×
 * vintage × occupation × rule), joined once: a pair of correlated subqueries per rule made
 * DuckDB join the rule rows twice per rule, which at 1,000 areas with three rules cost seconds.
 */
function occupationRulesJoin(config: Config): string {
  if (config.rules.length === 0) return '';
  const columns = config.rules.map(
    (r) => `any_value(flag) filter (where rule = ${sqlString(r.id)}) as ${sqlIdent(r.id)},
      any_value(class) filter (where rule = ${sqlString(r.id)}) as ${sqlIdent(`${r.id}_class`)}`,
  );
  return `left join (
      select area_code as rule_area, vintage as rule_vintage, soc_code as rule_soc,
        ${columns.join(', ')}
      from mart_occupation_rules
      group by all
    ) x on x.rule_area = o.area_code and x.rule_vintage = o.vintage and x.rule_soc = o.soc_code`;
}

/**
 * bridge.csv, area_differences.csv and recommendation.md; returns the recommendation's text.
 */
export async function writeRecommendation(ctx: RunContext): Promise<string> {
  const { db, out, config } = ctx;
  let bridge: BridgeFlow[] = [];
  // rank's, made exactly then: no catalog lookup.
  if (bridgesFrameworks(config)) {
    await publishModel(ctx, 'bridge', BRIDGE_COLUMNS);
    bridge = await bridgeFlows(ctx);
  }

  await published(
    ctx,
    'area_differences',
    AREA_DIFFERENCES_COLUMNS,
    `select area_code as area, area_name, vintage, framework,
      state_code as state, approved_count, added, dropped, differs, compared_with,
      sharing, states
    from mart_area_differences order by area, vintage, framework`,
    true,
  );
  const differences = await db.all(`select * from ${publishedTable('area_differences')}`);

  const areas = (await db.all(
    'select * from stg_areas order by area_code, vintage',
  )) as unknown as AreaFacts[];
  const mappedShare = (await db.all(
    'select area_code, framework, mapped_share as share from mart_mapping_coverage',
  )) as unknown as { area_code: string; framework: string; share: number }[];
  const markdown = renderRecommendation({
    bridge,
    explanations: await loadExplanations(db),
    rules: config.rules.map(compileRule),
    areas,
    mappedShare,
    frameworks: config.frameworks.map((f) => frameworkOf(config, f)),
    config,
    ...projectionsSource(ctx),
    areaDifferences: differences as unknown as AreaDifference[],
    notes: [...ctx.inputs.flatMap((i) => i.notes), ...ctx.notes],
    warnings: ctx.warnings,
    version: VERSION,
    ...(config.supply
      ? {
          supply: (await db.all(
            'select * from mart_supply_gap order by all',
          )) as unknown as SupplyGap[],
        }
      : {}),
  });
  writeFileSync(out.path('recommendation.md'), markdown);
  return markdown;
}

/**
 * bridge.csv's cells as written (employment and share rounded), in its order, for the
 * recommendation: read as numbers, with the cluster names through a dictionary and the area and
 * vintage from each area's count of cells (120,000 cells at 1,000 areas).
 */
async function bridgeFlows(ctx: RunContext): Promise<BridgeFlow[]> {
  const { db } = ctx;
  const source = publishedTable('bridge');
  const names = (
    await db.all<{ name: string }>(
      `select name from (select from_cluster as name from ${source}
         union select to_cluster from ${source}) order by name`,
    )
  ).map((r) => r.name);
  const areas = await db.all<{ area: string; vintage: string; cells: number }>(
    `select area, vintage, count(*) as cells from ${source} group by all order by area, vintage`,
  );
  const dictionary = `[${names.map(sqlString).join(', ')}]`;
  const cells = await db.numbers(
    `select cast(list_position(${dictionary}, from_cluster) - 1 as double) as "from",
       cast(list_position(${dictionary}, to_cluster) - 1 as double) as "to",
       -- NULL as 0, as Number(null) read it.
       cast(coalesce(employment, 0) as double) as employment,
       cast(coalesce(share, 0) as double) as share
     from ${source} order by rowid`,
  );
  const { from, to, employment, share } = cells as Record<
    'from' | 'to' | 'employment' | 'share',
    Float64Array
  >;
  const flows: BridgeFlow[] = [];
  let row = 0;
  for (const { area, vintage, cells: n } of areas) {
    for (const end = row + n; row < end; row++) {
      flows.push({
        area_code: area,
        vintage,
        from_cluster: names[from[row] as number] as string,
        to_cluster: names[to[row] as number] as string,
        employment: employment[row] as number,
        share: share[row] as number,
      });
    }
  }
  return flows;
}

/** The temporary table that holds a published table's rows in the order they are written. */
function publishedTable(name: string): string {
  return `pub_${name}`;
}

/**
 * Publishes a table's query (published-table.ts) and writes its CSV from it (when the run writes
 * CSV). The workbook, the Arrow and the Parquet files are written from the same table, so every
 * format holds the same rows in the same order. A table only its CSV is written from, and that
 * the run does not read back (`readBack`), is written straight from its query (writeQueryCsv).
 */
export async function published(
  ctx: RunContext,
  name: string,
  columns: readonly string[],
  sql: string,
  readBack = false,
): Promise<PublishedTable> {
  // out.path records the file as written: asked only for a CSV the run writes.
  const csv = () => ctx.out.path(`${name}.csv`);
  if (!readBack && straightToCsv(ctx.config)) {
    return writeQueryCsv(ctx.db, csv(), name, columns, sql);
  }
  const table = await publishRelation(ctx.db, name, columns, sql);
  if (outputFormats(ctx.config).has('csv')) await writeCsv(ctx.db, csv(), table);
  return table;
}

/** Whether `published` writes a table the run does not read back straight to its CSV. */
function straightToCsv(config: Config): boolean {
  const formats = outputFormats(config);
  return formats.has('csv') && !TABLE_FORMATS.some((f) => formats.has(f));
}

/**
 * `work`'s result beside `other`'s (a statement on a second connection, started before), once
 * both have settled: the stage neither ends nor fails while the other connection still writes.
 * A failure of `work` is the stage's, else one of `other`.
 */
async function bothSettled<A, B>(other: Promise<A>, work: () => Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([other, work()]);
  if (b.status === 'rejected') throw b.reason;
  if (a.status === 'rejected') throw a.reason;
  return [a.value, b.value];
}

/** The formats written from a published table besides its CSV (write-publications.ts). */
const TABLE_FORMATS = ['parquet', 'arrow', 'xlsx'] as const;

/**
 * With `supply`: supply_sublevels.csv, written here because the sub-levels are built at rank,
 * and the supply tables (supply.csv's was written by the supply stage) for the workbook.
 */
async function publishSupply(ctx: RunContext): Promise<PublishedTable[]> {
  const sublevels = await publishModel(ctx, 'supply_sublevels', SUPPLY_SUBLEVELS_COLUMNS);
  return [await publishTable(ctx.db, 'supply', SUPPLY_COLUMNS), sublevels];
}

/** How the recommendation names where the projections came from. */
function projectionsSource(ctx: RunContext): {
  projectionsTitle: string;
  projectionsPublisher: string;
} {
  const { config, resolved } = ctx;
  if (config.derive) {
    const employment = resolved.get(config.derive.employment)?.source;
    const rates = resolved.get(config.derive.rates)?.source;
    return {
      projectionsTitle: `derived from ${employment?.title ?? config.derive.employment} and the national rates of ${rates?.title ?? config.derive.rates}`,
      projectionsPublisher: [employment?.publisher, rates?.publisher].filter(Boolean).join('; '),
    };
  }
  const source = resolved.get(config.projections)?.source;
  return {
    projectionsTitle: source?.title ?? config.projections,
    projectionsPublisher: source?.publisher ?? '',
  };
}
