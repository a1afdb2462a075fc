/**
 * score: occupation rules, cluster metrics under every allocation (SQL models), the
 * employment-weighted median wage of each cluster and the composite score (TypeScript,
 * simple-statistics), which it writes into named tables the models join back to the keys. Each
 * metric's contribution is kept so the recommendation can explain every score.
 */

import { ALLOCATIONS, type Allocation, type Config } from '../../kernel/config-types.ts';
import { col, type Database, type Row, sqlIdent } from '../../kernel/database.ts';
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

/** The temporary tables that name each cluster's occupations by numbers (tmp_cluster_facts). */
const CLUSTER_FACTS = [
  'intermediate/tmp_cluster_areas',
  'intermediate/tmp_cluster_ids',
  'intermediate/tmp_cluster_facts',
];
const METRICS = ['marts/mart_cluster_metrics_by_allocation', 'marts/mart_cluster_rule_shares'];
const WIDE_METRICS = [
  'intermediate/int_added_metrics',
  'marts/mart_cluster_metrics_all',
  'marts/mart_cluster_metrics',
  'intermediate/tmp_score_rows',
];
const SCORES = ['marts/mart_cluster_contributions', 'intermediate/int_cluster_score'];

export const score: Stage = {
  name: 'score',
  models: [
    'intermediate/int_area_context',
    'intermediate/int_occupation_facts',
    ...CLUSTER_FACTS,
    ...METRICS,
    ...WIDE_METRICS,
    ...SCORES,
  ],
  reads: [],
  writes: [
    'mart_occupation_rules',
    'int_cluster_median_wage_groups',
    'int_score_contributions',
    'int_cluster_score_rows',
  ],
  async run(ctx) {
    const { db, config } = ctx;
    await runModels(db, ['intermediate/int_area_context', 'intermediate/int_occupation_facts']);
    await evaluateRules(db, config.rules.map(compileRule), ctx.configFile);
    await runModels(db, [...CLUSTER_FACTS, ...METRICS]);
    await loadMedianWages(db);
    await runModels(db, WIDE_METRICS);
    const scored = await scoreAndExplain(db, config);
    await runModels(db, SCORES);
    return scored;
  },
};

/**
 * The composite score of every cluster (simple-statistics), computed once: the scores go to
 * int_cluster_score_rows and each metric's contribution to int_score_contributions, by row
 * number (tmp_score_rows), which the models join back to the keys (int_cluster_score,
 * mart_cluster_contributions). Clusters are read as numbers in key order, the order the
 * normalization's sums add in.
 */
async function scoreAndExplain(db: Database, config: Config): Promise<number> {
  const weights = normalizedWeights(config);
  const keys = 'area_code, vintage, framework, cluster';
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
  const scores = new Array<number>(groupIds.length);
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
      scores[rows[i] as number] = s.score;
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
    'int_score_contributions',
    [
      col('row_id', 'INTEGER'),
      col('metric_index', 'INTEGER'),
      ...(['value', 'normalized', 'weight', 'contribution'] as const).map((c) => col(c, 'DOUBLE')),
    ],
    [out.row, out.metric, out.value, out.normalized, out.weight, out.contribution],
  );
  await db.loadColumns(
    'int_cluster_score_rows',
    [col('row_id', 'INTEGER'), col('score', 'DOUBLE')],
    [Array.from(scores, (_, row) => row), scores],
  );
  return groupIds.length;
}

/**
 * The employment-weighted median wage of every cluster under every allocation. Occupations are
 * read as numbers (tmp_cluster_facts), cluster by cluster in wage order, ties in soc_code order (the order
 * weightedMedian's stable sort of soc_code-ordered rows adds their jobs in, so it has nothing left
 * to sort), and the medians go back by area and cluster number (int_cluster_median_wage_groups,
 * which mart_cluster_metrics_all.sql joins to the keys): at 1,000 areas that is 1.4 million occupations,
 * which as row objects took 7 s to read.
 */
async function loadMedianWages(db: Database): Promise<void> {
  const groups = await readNumberGroups(db, {
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
    'int_cluster_median_wage_groups',
    [
      col('area_id', 'INTEGER'),
      col('cluster_id', 'INTEGER'),
      ...ALLOCATIONS.map((a) => col(a, 'DOUBLE')),
    ],
    [groups.keys.area_id ?? [], groups.keys.cluster_id ?? [], ...medians],
  );
}
