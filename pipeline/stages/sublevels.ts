/**
 * Results one level below the cluster: pathways (legacy 16) and sub-clusters (2024). The same
 * metrics as the clusters (SQL in mart_sublevel_metrics.sql), the employment-weighted median
 * wage and the composite score (TypeScript), and a rank among all sub-levels of the area and
 * framework, so an analyst can see which pathways carry an approved cluster.
 *
 * A sub-level is named by two integers here, its area's position (area_id, as
 * tmp_cluster_facts numbers areas) and its path's (path_id: framework, cluster, sub-level, as
 * tmp_sublevel_paths.sql numbers them); the text keys come back only in the tables
 * written.
 */

import type { Config } from '../../kernel/config-types.ts';
import { col, type Database, sqlIdent } from '../../kernel/database.ts';
import { readNullableColumns, readNumberGroups } from '../../kernel/number-groups.ts';
import type { RunContext } from '../../kernel/run-context.ts';
import { rankIndices } from '../../transforms/rank.ts';
import { ensureTemporary, runModels } from '../../transforms/run-models.ts';
import { scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { normalizedWeights } from '../config.ts';

/**
 * The models that build the sub-levels' facts, in order: each occupation's share of its
 * cluster's sub-levels (mart_sublevel_occupations) and those rows as numbers
 * (tmp_sublevel_facts), summed into mart_sublevel_metrics. They read tmp_cluster_facts.
 */
export const SUBLEVEL_FACT_MODELS = [
  'intermediate/int_sublevel_shares',
  'marts/mart_sublevel_occupations',
  'intermediate/tmp_sublevel_paths',
  'intermediate/tmp_sublevel_facts',
  'marts/mart_sublevel_metrics',
] as const;

/** With a supply key: the awards and the supply gap per sub-level. */
const SUPPLY_SUBLEVEL_MODELS = ['marts/mart_supply_sublevels', 'marts/mart_supply_sublevel_gap'];

/** The metrics the config adds per sub-level, and every metric in one row per sub-level. */
const SUBLEVEL_METRIC_MODELS = [
  'intermediate/int_sublevel_supply_gap',
  'intermediate/int_sublevel_added_metrics',
  'intermediate/tmp_sublevel_metrics',
];

/** Every model buildSublevels runs, for the rank stage's reads and writes. */
export const SUBLEVEL_MODELS = [
  ...SUBLEVEL_FACT_MODELS,
  ...SUPPLY_SUBLEVEL_MODELS,
  ...SUBLEVEL_METRIC_MODELS,
  'marts/mart_sublevels',
];

/** The tables buildSublevels' TypeScript writes for its models to read. */
export const SUBLEVEL_TABLES = ['tmp_sublevel_group_medians', 'tmp_sublevel_scores'];

/** Builds mart_sublevels (needs mart_occupations, mart_occupation_rules and mart_clusters). */
export async function buildSublevels(ctx: RunContext): Promise<number> {
  const { db, config } = ctx;
  await ensureTemporary(db, 'intermediate/tmp_cluster_facts');
  await runModels(db, SUBLEVEL_FACT_MODELS);
  await loadSublevelMedianWages(db);
  // The supply gap as the clusters have it, per sub-level (supply stage's int_supply_occupations).
  if (config.supply) await runModels(db, SUPPLY_SUBLEVEL_MODELS);
  await runModels(db, SUBLEVEL_METRIC_MODELS);
  const count = await rankSublevels(db, config);
  await runModels(db, ['marts/mart_sublevels']);
  // With the tables of earlier versions, which the temporary tables replaced.
  await db.exec(`drop table tmp_sublevel_scores; drop table tmp_sublevel_metrics;
    drop table tmp_sublevel_group_medians; drop table tmp_sublevel_facts; drop table tmp_sublevel_paths;
    drop table if exists int_sublevel_median_wage; drop table if exists int_sublevel_metrics;
    drop table if exists int_sublevel_rank`);
  return count;
}

/**
 * The employment-weighted median wage of every sub-level into tmp_sublevel_group_medians, by
 * area and path (tmp_sublevel_metrics.sql joins them). Occupations
 * are read as numbers, sub-level by sub-level in the order weightedMedian adds their jobs in
 * (wage, then jobs): 1.6 million rows at 1,000 areas, 11 s as row objects.
 */
async function loadSublevelMedianWages(db: Database): Promise<void> {
  const groups = await readNumberGroups(db, {
    from: 'tmp_sublevel_facts',
    where: 'true',
    keys: ['area_id', 'path_id'],
    order: 'wage, jobs',
    columns: { wage: 'wage', jobs: 'jobs' },
  });
  const { wage, jobs } = groups.columns as Record<'wage' | 'jobs', Float64Array>;
  const medians = Array.from({ length: groups.count }, (_, g) => {
    const from = groups.start[g] as number;
    const to = groups.start[g + 1] as number;
    return weightedMedian(wage.subarray(from, to), jobs.subarray(from, to));
  });
  await db.loadColumns(
    'tmp_sublevel_group_medians',
    [col('area_id', 'INTEGER'), col('path_id', 'INTEGER'), col('median_wage', 'DOUBLE')],
    [groups.keys.area_id ?? [], groups.keys.path_id ?? [], medians],
  );
}

/**
 * Scores and ranks the sub-levels of every area × framework into tmp_sublevel_scores. They are
 * read as numbers in the order of their keys (the order the scores' sums add in), with the
 * names of their paths for the tie-break; the scores and ranks go back by area and path (145,000
 * sub-levels at 1,000 areas: 1.4 s as row objects).
 */
async function rankSublevels(db: Database, config: Config): Promise<number> {
  const weights = normalizedWeights(config);
  const metrics = [...new Set(['annual_openings', ...weights.map(([m]) => m)])];
  const paths = await db.all<{
    path_id: number;
    framework: string;
    cluster: string;
    sublevel: string;
  }>(
    `select distinct path_id, framework, cluster, sublevel from tmp_sublevel_paths order by path_id`,
  );
  const pathOf = (id: number) =>
    paths[id] as { framework: string; cluster: string; sublevel: string };
  const columns = await readNullableColumns(
    db,
    `select area_id, path_id, ${metrics.map(sqlIdent).join(', ')} from tmp_sublevel_metrics`,
    ['area_id', 'path_id', ...metrics],
    'q.area_id, q.path_id',
  );
  const at = (name: string) => columns[name] as (number | null)[];
  const areaIds = at('area_id') as number[];
  const pathIds = at('path_id') as number[];
  // An area × framework's rows are consecutive, its paths in order (framework, cluster, sublevel).
  const rowCount = areaIds.length;
  const scores = new Array<number | null>(rowCount);
  const ranks = new Array<number>(rowCount);
  for (let start = 0; start < rowCount; ) {
    const area = areaIds[start] as number;
    const framework = pathOf(pathIds[start] as number).framework;
    let end = start + 1;
    while (
      end < rowCount &&
      areaIds[end] === area &&
      pathOf(pathIds[end] as number).framework === framework
    ) {
      end++;
    }
    const rows = Array.from({ length: end - start }, (_, i) => start + i);
    const scored = scoreClusters(
      rows.map((row) => ({
        key: pathOf(pathIds[row] as number).sublevel,
        metrics: Object.fromEntries(metrics.map((m) => [m, at(m)[row] ?? null])),
      })),
      weights,
      config.normalization,
    );
    // Sub-level names can repeat across clusters; the cluster keeps the tie-break unique.
    const order = rankIndices(
      scored.map((s) => s.score),
      rows.map((row) => at('annual_openings')[row] ?? 0),
      rows.map((row) => {
        const path = pathOf(pathIds[row] as number);
        return `${path.sublevel}\u0000${path.cluster}`;
      }),
    );
    order.forEach((i, position) => {
      const row = rows[i] as number;
      scores[row] = scored[i]?.score ?? null;
      ranks[row] = position + 1;
    });
    start = end;
  }
  await db.loadColumns(
    'tmp_sublevel_scores',
    [
      col('area_id', 'INTEGER'),
      col('path_id', 'INTEGER'),
      col('score', 'DOUBLE'),
      col('rank', 'INTEGER'),
    ],
    [areaIds, pathIds, scores, ranks],
  );
  return rowCount;
}
