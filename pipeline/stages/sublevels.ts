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
import { normalizedWeights } from '../config.ts';
import { col, type Database, type Row } from '../database.ts';
import { readNumberGroups } from '../number-groups.ts';
import type { RunContext } from '../run-context.ts';
import { groupRows, metricValues } from './score.ts';

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

  const metrics = await db.all('select * from int_sublevel_metrics');
  const weights = normalizedWeights(config);
  const ranked: Row[] = [];
  for (const rows of groupRows(metrics).values()) {
    const scored = scoreClusters(
      rows.map((r) => ({ key: String(r.sublevel), metrics: metricValues(config, r) })),
      weights,
      config.normalization,
    );
    // Sub-level names can repeat across clusters; the cluster keeps the tie-break unique.
    const order = rankIndices(
      scored.map((s) => s.score),
      rows.map((r) => Number(r.annual_openings)),
      rows.map((r) => `${r.sublevel}\u0000${r.cluster}`),
    );
    order.forEach((i, position) => {
      const r = rows[i] as Row;
      ranked.push({
        ...Object.fromEntries(KEY_COLUMNS.map((k) => [k, r[k] ?? null])),
        score: scored[i]?.score ?? null,
        rank: position + 1,
      });
    });
  }
  await db.load(
    'int_sublevel_rank',
    [
      ...KEY_COLUMNS.map((name) => ({ name, type: 'VARCHAR' as const })),
      { name: 'score', type: 'DOUBLE' as const },
      { name: 'rank', type: 'INTEGER' as const },
    ],
    ranked,
  );
  await db.exec(`create or replace table mart_sublevels as
    select m.*, r.score, r.rank, c.approved as cluster_approved
    from int_sublevel_metrics m
    join int_sublevel_rank r using (area_code, vintage, framework, cluster, sublevel)
    join mart_clusters c using (area_code, vintage, framework, cluster)
    order by area_code, vintage, framework, r.rank`);
  return ranked.length;
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
