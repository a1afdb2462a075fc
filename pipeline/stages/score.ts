/**
 * score: occupation rules, cluster metrics under every allocation (SQL), the employment-weighted
 * median wage of each cluster and the composite score (TypeScript, simple-statistics). Each
 * metric's contribution is kept so the recommendation can explain every score.
 */

import { ALLOCATIONS, type Allocation, type Config } from '../../kernel/config-types.ts';
import { col, type Database, type Row, sqlIdent, sqlString } from '../../kernel/database.ts';
import {
  allocatedColumns,
  readNullableColumns,
  readNumberGroups,
} from '../../kernel/number-groups.ts';
import type { Stage } from '../../kernel/run-context.ts';
import { evaluateRules } from '../../transforms/evaluate-rules.ts';
import { compileRule } from '../../transforms/rules.ts';
import { runModels } from '../../transforms/run-models.ts';
import { scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { normalizedWeights } from '../config.ts';

/** Rows of one area × vintage × framework group belong together for normalization and ranking. */
export const groupKey = (r: Row): string => `${r.area_code}\u0000${r.vintage}\u0000${r.framework}`;

/** Groups rows by area × vintage × framework, keeping their order. */
export function groupRows<T extends Row>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const key = groupKey(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

export const score: Stage = {
  name: 'score',
  reads: ['mart_occupations', 'stg_projections', 'stg_areas', 'ref_framework_clusters'],
  writes: [
    'int_occupation_facts',
    'mart_occupation_rules',
    'mart_cluster_metrics_by_allocation',
    'mart_cluster_rule_shares',
    'int_cluster_median_wage',
    'mart_cluster_metrics_all',
    'mart_cluster_metrics',
    'mart_cluster_contributions',
  ],
  async run(ctx) {
    const { db, config } = ctx;
    await runModels(db, ['intermediate/int_occupation_facts']);
    await evaluateRules(db, config.rules.map(compileRule), ctx.configFile);
    await runModels(db, ['intermediate/tmp_cluster_facts', 'marts/mart_cluster_metrics']);
    await loadMedianWages(db);
    await db.exec(wideMetricsSql(config));
    await db.exec(
      `create or replace table mart_cluster_metrics as
       select * exclude (allocation) from mart_cluster_metrics_all where allocation = ${sqlString(config.allocation)}`,
    );

    return await scoreAndExplain(db, config);
  },
};

/**
 * The composite score of every cluster, kept as each metric's contribution
 * (mart_cluster_contributions). Clusters are read as numbers in key order (the order the
 * normalization's sums add in), and the contributions go back by row number, joined to the keys
 * in SQL: 150,000 contribution rows at 1,000 areas, whose strings cost more than the scoring.
 */
async function scoreAndExplain(db: Database, config: Config): Promise<number> {
  const weights = normalizedWeights(config);
  const keys = 'area_code, vintage, framework, cluster';
  await db.exec(`create or replace temp table tmp_score_rows as
    select row_number() over (order by ${keys}) - 1 as row_id,
      dense_rank() over (order by area_code, vintage, framework) - 1 as group_id, ${keys}
    from mart_cluster_metrics`);
  const columns = await readNullableColumns(
    db,
    `select r.row_id, r.group_id, ${weights.map(([m]) => `m.${sqlIdent(m)}`).join(', ')}
     from tmp_score_rows r join mart_cluster_metrics m using (${keys})`,
    ['group_id', ...weights.map(([m]) => m)],
    'q.row_id',
  );
  const groupIds = columns.group_id as (number | null)[];
  const out = {
    row: [] as number[],
    metric: [] as number[],
    value: [] as (number | null)[],
    normalized: [] as number[],
    weight: [] as number[],
    contribution: [] as number[],
  };
  // Rows are in key order, so each group's rows are consecutive.
  for (let start = 0; start < groupIds.length; ) {
    let end = start + 1;
    while (end < groupIds.length && groupIds[end] === groupIds[start]) end++;
    const rows = Array.from({ length: end - start }, (_, i) => start + i);
    const scored = scoreClusters(
      rows.map((row) => ({
        key: String(row),
        metrics: Object.fromEntries(weights.map(([m]) => [m, columns[m]?.[row] ?? null])),
      })),
      weights,
      config.normalization,
    );
    scored.forEach((s, i) => {
      s.contributions.forEach((c, k) => {
        out.row.push(rows[i] as number);
        out.metric.push(k);
        out.value.push(c.value);
        out.normalized.push(c.normalized);
        out.weight.push(c.weight);
        out.contribution.push(c.contribution);
      });
    });
    start = end;
  }
  await db.loadColumns(
    'tmp_contributions',
    [
      col('row_id', 'INTEGER'),
      col('metric_index', 'INTEGER'),
      ...(['value', 'normalized', 'weight', 'contribution'] as const).map((c) => col(c, 'DOUBLE')),
    ],
    [out.row, out.metric, out.value, out.normalized, out.weight, out.contribution],
  );
  const names = weights.map(([m], k) => `(${k}, ${sqlString(m)})`).join(', ');
  await db.exec(`create or replace table mart_cluster_contributions as
    select r.area_code, r.vintage, r.framework, r.cluster, n.metric,
      c.value, c.normalized, c.weight, c.contribution
    from tmp_contributions c
    join tmp_score_rows r using (row_id)
    join (values ${names}) as n(metric_index, metric) using (metric_index)
    order by c.row_id, c.metric_index`);
  await db.exec('drop table tmp_contributions; drop table tmp_score_rows');
  return groupIds.length;
}

/**
 * The employment-weighted median wage of every cluster under every allocation. Occupations are
 * read as numbers (tmp_cluster_facts), cluster by cluster in wage order, ties in soc_code order (the order
 * weightedMedian's stable sort of soc_code-ordered rows adds their jobs in, so it has nothing left
 * to sort), and the medians go back by cluster number: at 1,000 areas that is 1.4 million
 * occupations, which as row objects took 7 s to read.
 */
async function loadMedianWages(db: Database): Promise<void> {
  const groups = await readNumberGroups(db, {
    table: 'tmp_median_wage_clusters',
    from: 'tmp_cluster_facts',
    where: 'true',
    keys: ['area_id', 'cluster_id'],
    order: 'median_wage, soc_code',
    columns: { wage: 'median_wage', ...allocatedColumns('base_employment') },
  });
  const { wage, ...jobs } = groups.columns as Record<'wage' | Allocation, Float64Array>;
  const medians = ALLOCATIONS.map(() => new Array<number | null>(groups.count));
  for (let g = 0; g < groups.count; g++) {
    const from = groups.start[g] as number;
    const to = groups.start[g + 1] as number;
    ALLOCATIONS.forEach((allocation, a) => {
      (medians[a] as (number | null)[])[g] = weightedMedian(
        wage.subarray(from, to),
        jobs[allocation].subarray(from, to),
      );
    });
  }
  await db.loadColumns(
    'tmp_median_wages',
    [col('group_id', 'INTEGER'), ...ALLOCATIONS.map((a) => col(a, 'DOUBLE'))],
    [Array.from({ length: groups.count }, (_, g) => g), ...medians],
  );
  await db.exec(`create or replace table int_cluster_median_wage as
    select r.area_code, r.vintage, c.framework, a.allocation, c.cluster,
      case a.allocation when 'split' then w.split when 'full' then w."full" else w."primary" end
        as median_wage
    from tmp_median_wage_clusters g
    join tmp_cluster_areas r using (area_id)
    join tmp_cluster_ids c using (cluster_id)
    join tmp_median_wages w using (group_id)
    cross join (values (0, 'split'), (1, 'full'), (2, 'primary')) as a(i, allocation)
    order by g.group_id, a.i`);
  await db.exec('drop table tmp_median_wages; drop table tmp_median_wage_clusters');
}

/** One wide row per area × framework × allocation × cluster: metrics, median wage, rule shares. */
function wideMetricsSql(config: Config): string {
  const ruleColumns = config.rules
    .map(
      (r) =>
        `, (select openings_share from mart_cluster_rule_shares s
            where s.area_code = m.area_code and s.vintage = m.vintage and s.framework = m.framework
              and s.allocation = m.allocation and s.cluster = m.cluster and s.rule = ${sqlString(r.id)})
           as ${sqlIdent(`${r.id}_share`)}`,
    )
    .join('');
  // The supply gap is computed under the configured allocation (mart_supply_gap) and stands for
  // every allocation the stability draws try.
  const supply = config.supply
    ? {
        column: ', g.supply_gap_share',
        join: '\n    left join mart_supply_gap g using (area_code, vintage, framework, cluster)',
      }
    : { column: '', join: '' };
  return `create or replace table mart_cluster_metrics_all as
    select m.area_code, m.area_name, m.vintage, m.framework, m.allocation, m.cluster,
      m.base_employment, m.projected_employment, m.change, m.pct_change, m.annual_openings,
      w.median_wage, m.high_wage_share, m.postsecondary_share${ruleColumns}${supply.column},
      m.occupations, m.hshwid_share, m.middle_skill_share, m.middle_skill_openings
    from mart_cluster_metrics_by_allocation m
    left join int_cluster_median_wage w using (area_code, vintage, framework, allocation, cluster)${supply.join}`;
}
