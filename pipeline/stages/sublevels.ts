/**
 * Results one level below the cluster: pathways (legacy 16) and sub-clusters (2024). The same
 * metrics as the clusters (SQL in mart_sublevel_occupations.sql), the employment-weighted median
 * wage and the composite score (TypeScript), and a rank among all sub-levels of the area and
 * framework, so an analyst can see which pathways carry an approved cluster.
 *
 * A sub-level is named by two integers here, its area's position (area_id, as
 * tmp_cluster_facts numbers areas) and its path's (path_id: framework, cluster, sub-level, as
 * mart_sublevel_occupations.sql numbers them); the text keys come back only in the tables
 * written.
 */

import type { Config } from '../../kernel/config-types.ts';
import { col, type Database, sqlIdent, sqlString } from '../../kernel/database.ts';
import { readNullableColumns, readNumberGroups } from '../../kernel/number-groups.ts';
import type { RunContext } from '../../kernel/run-context.ts';
import { rankIndices } from '../../transforms/rank.ts';
import { ensureTemporary, runModels } from '../../transforms/run-models.ts';
import { scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { normalizedWeights } from '../config.ts';

/** Builds mart_sublevels (needs mart_occupations, mart_occupation_rules and mart_clusters). */
export async function buildSublevels(ctx: RunContext): Promise<number> {
  const { db, config } = ctx;
  await ensureTemporary(db, 'intermediate/tmp_cluster_facts');
  await runModels(db, ['marts/mart_sublevel_occupations']);
  // Tables of earlier versions, which the temporary tables below replace.
  await db.exec(`drop table if exists int_sublevel_median_wage;
    drop table if exists int_sublevel_metrics; drop table if exists int_sublevel_rank`);

  await loadSublevelMedianWages(db);

  // Rule shares as the clusters have them: the share of the sub-level's openings in flagged jobs.
  // Every rule in one pass over the occupations' rule rows (a correlated subquery per rule made
  // DuckDB join them once per rule: 7 s at 1,000 areas with three rules).
  const allocated = 'cast(s.weight * s.annual_openings as decimal(38, 6))';
  const ruleShares = config.rules.map(
    (r) => `cast(
        coalesce(sum(${allocated}) filter (where f.rule = ${sqlString(r.id)} and f.flag), 0)
        / nullif(sum(${allocated}) filter (where f.rule = ${sqlString(r.id)}), 0) as double)
      as ${sqlIdent(`${r.id}_share`)}`,
  );
  const ruleJoin =
    ruleShares.length === 0
      ? ''
      : `left join (
        select s.area_code, s.vintage, s.framework, s.cluster, s.sublevel, ${ruleShares.join(', ')}
        from mart_sublevel_occupations s
        join mart_occupation_rules f
          on f.area_code = s.area_code and f.vintage = s.vintage and f.soc_code = s.soc_code
        group by all
      ) r using (area_code, vintage, framework, cluster, sublevel)`;
  const ruleColumns = config.rules.map((r) => `, r.${sqlIdent(`${r.id}_share`)}`).join('');
  // The supply gap as the clusters have it, per sub-level (supply stage's int_supply_occupations).
  if (config.supply) {
    await runModels(db, ['marts/mart_supply_sublevels', 'marts/mart_supply_sublevel_gap']);
  }
  const supplyColumn = config.supply ? ', g.supply_gap_share' : '';
  const supplyJoin = config.supply
    ? 'left join mart_supply_sublevel_gap g using (area_code, vintage, framework, cluster, sublevel)'
    : '';
  await db.exec(`create or replace temp table tmp_sublevel_metrics as
    select a.area_id, p.path_id,
      m.area_code, m.area_name, m.vintage, m.framework, m.cluster, m.sublevel,
      m.base_employment, m.projected_employment, m.change, m.pct_change, m.annual_openings,
      w.median_wage, m.high_wage_share, m.postsecondary_share${ruleColumns}${supplyColumn},
      m.occupations, m.hshwid_share, m.middle_skill_share, m.middle_skill_openings
    from mart_sublevel_metrics m
    join tmp_cluster_areas a using (area_code, vintage)
    join (select distinct path_id, framework, cluster, sublevel from tmp_sublevel_paths) p
      using (framework, cluster, sublevel)
    left join tmp_sublevel_medians w using (area_id, path_id)
    ${ruleJoin}
    ${supplyJoin}`);

  const count = await rankSublevels(db, config);
  await db.exec(`create or replace table mart_sublevels as
    select m.* exclude (area_id, path_id), s.score, s.rank, c.approved as cluster_approved
    from tmp_sublevel_metrics m
    join tmp_sublevel_scores s using (area_id, path_id)
    join mart_clusters c using (area_code, vintage, framework, cluster)
    order by area_code, vintage, framework, s.rank`);
  await db.exec(`drop table tmp_sublevel_scores; drop table tmp_sublevel_metrics;
    drop table tmp_sublevel_medians; drop table tmp_sublevel_facts;
    drop table tmp_sublevel_codes; drop table tmp_sublevel_paths`);
  return count;
}

/**
 * The employment-weighted median wage of every sub-level into tmp_sublevel_medians. Occupations
 * are read as numbers, sub-level by sub-level in the order weightedMedian adds their jobs in
 * (wage, then jobs): 1.6 million rows at 1,000 areas, 11 s as row objects.
 */
async function loadSublevelMedianWages(db: Database): Promise<void> {
  const groups = await readNumberGroups(db, {
    table: 'tmp_sublevel_groups',
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
    [col('group_id', 'INTEGER'), col('median_wage', 'DOUBLE')],
    [medians.map((_, g) => g), medians],
  );
  await db.exec(`create or replace temp table tmp_sublevel_medians as
    select g.area_id, g.path_id, w.median_wage
    from tmp_sublevel_groups g join tmp_sublevel_group_medians w using (group_id)`);
  await db.exec('drop table tmp_sublevel_group_medians; drop table tmp_sublevel_groups');
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
