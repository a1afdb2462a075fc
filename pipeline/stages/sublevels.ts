/**
 * Results one level below the cluster: pathways (legacy 16) and sub-clusters (2024). The same
 * metrics as the clusters (SQL in mart_sublevel_occupations.sql), the employment-weighted median
 * wage and the composite score (TypeScript), and a rank among all sub-levels of the area and
 * framework, so an analyst can see which pathways carry an approved cluster.
 */
import { rankIndices } from '../../transforms/rank.ts';
import { runModels } from '../../transforms/run-models.ts';
import { scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { type Config, normalizedWeights } from '../config.ts';
import { col, type Database } from '../database.ts';
import { readNullableColumns, readNumberGroups } from '../number-groups.ts';
import type { RunContext } from '../run-context.ts';

const KEY_COLUMNS = ['area_code', 'vintage', 'framework', 'cluster', 'sublevel'] as const;

/** Builds mart_sublevels (needs mart_occupations, mart_occupation_rules and mart_clusters). */
export async function buildSublevels(ctx: RunContext): Promise<number> {
  const { db, config } = ctx;
  await runModels(db, ['marts/mart_sublevel_occupations']);

  await loadSublevelMedianWages(db);

  // Rule shares as the clusters have them: the share of the sub-level's openings in flagged jobs.
  const ruleColumns = config.rules
    .map(
      (r) => `,
      (select cast(
          coalesce(sum(cast(s.weight * s.annual_openings as decimal(38, 6))) filter (where f.flag), 0)
          / nullif(sum(cast(s.weight * s.annual_openings as decimal(38, 6))), 0) as double)
        from mart_sublevel_occupations s
        join mart_occupation_rules f
          on f.area_code = s.area_code and f.vintage = s.vintage and f.soc_code = s.soc_code
        where f.rule = '${r.id}' and s.area_code = m.area_code and s.vintage = m.vintage
          and s.framework = m.framework and s.cluster = m.cluster and s.sublevel = m.sublevel
      ) as ${r.id}_share`,
    )
    .join('');
  await db.exec(`create or replace table int_sublevel_metrics as
    select m.area_code, m.area_name, m.vintage, m.framework, m.cluster, m.sublevel,
      m.base_employment, m.projected_employment, m.change, m.pct_change, m.annual_openings,
      w.median_wage, m.high_wage_share, m.postsecondary_share${ruleColumns}, m.occupations
    from mart_sublevel_metrics m
    left join int_sublevel_median_wage w using (area_code, vintage, framework, cluster, sublevel)
    order by all`);

  const count = await rankSublevels(db, config);
  await db.exec(`create or replace table mart_sublevels as
    select m.*, r.score, r.rank, c.approved as cluster_approved
    from int_sublevel_metrics m
    join int_sublevel_rank r using (area_code, vintage, framework, cluster, sublevel)
    join mart_clusters c using (area_code, vintage, framework, cluster)
    order by area_code, vintage, framework, r.rank`);
  return count;
}

/**
 * The employment-weighted median wage of every sub-level. Occupations are read as numbers,
 * sub-level by sub-level in the order weightedMedian adds their jobs in (wage, then jobs), and
 * the medians go back by sub-level number: 1.6 million rows at 1,000 areas, 11 s as row objects.
 */
async function loadSublevelMedianWages(db: Database): Promise<void> {
  const groups = await readNumberGroups(db, {
    table: 'tmp_sublevel_groups',
    from: 'mart_sublevel_occupations',
    where: 'true',
    keys: KEY_COLUMNS,
    order: 'median_wage, weight * base_employment',
    columns: { wage: 'median_wage', jobs: 'weight * base_employment' },
  });
  const { wage, jobs } = groups.columns as Record<'wage' | 'jobs', Float64Array>;
  const medians = Array.from({ length: groups.count }, (_, g) => {
    const from = groups.start[g] as number;
    const to = groups.start[g + 1] as number;
    return weightedMedian(wage.subarray(from, to), jobs.subarray(from, to));
  });
  await db.loadColumns(
    'tmp_sublevel_medians',
    [col('group_id', 'INTEGER'), col('median_wage', 'DOUBLE')],
    [medians.map((_, g) => g), medians],
  );
  await db.exec(`create or replace table int_sublevel_median_wage as
    select ${KEY_COLUMNS.join(', ')}, w.median_wage
    from tmp_sublevel_groups g join tmp_sublevel_medians w using (group_id)
    order by g.group_id`);
  await db.exec('drop table tmp_sublevel_medians; drop table tmp_sublevel_groups');
}

/**
 * Scores and ranks the sub-levels of every area × framework into int_sublevel_rank. They are
 * read as numbers in int_sublevel_metrics' own order (its `order by all`: the order the scores'
 * sums add in), with names through two small dictionaries for the tie-break; the scores and
 * ranks go back by row number (145,000 sub-levels at 1,000 areas: 1.4 s as row objects).
 */
async function rankSublevels(db: Database, config: Config): Promise<number> {
  const weights = normalizedWeights(config);
  const metrics = [...new Set(['annual_openings', ...weights.map(([m]) => m)])];
  await db.exec(`create or replace temp table tmp_sublevel_rows as
    select row_number() over (order by area_code, area_name, ${KEY_COLUMNS.slice(1).join(', ')}) - 1
        as row_id,
      dense_rank() over (order by area_code, vintage, framework) - 1 as group_id,
      dense_rank() over (order by cluster) - 1 as cluster_id,
      dense_rank() over (order by sublevel) - 1 as sublevel_id,
      ${KEY_COLUMNS.join(', ')}
    from int_sublevel_metrics`);
  const dictionary = async (name: string) =>
    (
      await db.all<{ name: string }>(
        `select any_value(${name}) as name from tmp_sublevel_rows group by ${name}_id order by ${name}_id`,
      )
    ).map((r) => r.name);
  const clusters = await dictionary('cluster');
  const sublevels = await dictionary('sublevel');
  const columns = await readNullableColumns(
    db,
    `select r.row_id, r.group_id, r.cluster_id, r.sublevel_id,
       ${metrics.map((m) => `m."${m}"`).join(', ')}
     from tmp_sublevel_rows r join int_sublevel_metrics m using (${KEY_COLUMNS.join(', ')})`,
    ['group_id', 'cluster_id', 'sublevel_id', ...metrics],
    'q.row_id',
  );
  const at = (name: string) => columns[name] as (number | null)[];
  // Rows of a group in int_sublevel_metrics' order, groups in order of first appearance.
  const groups = new Map<number, number[]>();
  at('group_id').forEach((g, row) => {
    const list = groups.get(g as number);
    if (list) list.push(row);
    else groups.set(g as number, [row]);
  });
  const rowCount = at('group_id').length;
  const scores = new Array<number | null>(rowCount);
  const ranks = new Array<number>(rowCount);
  for (const rows of groups.values()) {
    const scored = scoreClusters(
      rows.map((row) => ({
        key: sublevels[at('sublevel_id')[row] as number] as string,
        metrics: Object.fromEntries(metrics.map((m) => [m, at(m)[row] ?? null])),
      })),
      weights,
      config.normalization,
    );
    // Sub-level names can repeat across clusters; the cluster keeps the tie-break unique.
    const order = rankIndices(
      scored.map((s) => s.score),
      rows.map((row) => at('annual_openings')[row] ?? 0),
      rows.map(
        (row) =>
          `${sublevels[at('sublevel_id')[row] as number]}\u0000${clusters[at('cluster_id')[row] as number]}`,
      ),
    );
    order.forEach((i, position) => {
      const row = rows[i] as number;
      scores[row] = scored[i]?.score ?? null;
      ranks[row] = position + 1;
    });
  }
  await db.loadColumns(
    'tmp_sublevel_scores',
    [col('row_id', 'INTEGER'), col('score', 'DOUBLE'), col('rank', 'INTEGER')],
    [Array.from({ length: rowCount }, (_, row) => row), scores, ranks],
  );
  await db.exec(`create or replace table int_sublevel_rank as
    select ${KEY_COLUMNS.join(', ')}, s.score, s.rank
    from tmp_sublevel_rows r join tmp_sublevel_scores s using (row_id)
    order by r.group_id, s.rank`);
  await db.exec('drop table tmp_sublevel_scores; drop table tmp_sublevel_rows');
  return rowCount;
}
