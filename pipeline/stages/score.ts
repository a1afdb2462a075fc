/**
 * score: occupation rules, cluster metrics under every allocation (SQL), the employment-weighted
 * median wage of each cluster and the composite score (TypeScript, simple-statistics). Each
 * metric's contribution is kept so the recommendation can explain every score.
 */
import { compileRule, occupationRulesSql } from '../../transforms/rules.ts';
import { runModels } from '../../transforms/run-models.ts';
import { type ClusterInput, scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import {
  ALLOCATIONS,
  type Allocation,
  type Config,
  metricIds,
  normalizedWeights,
} from '../config.ts';
import { col, type Database, type Row } from '../database.ts';
import { messages } from '../messages.ts';
import { readNumberGroups } from '../number-groups.ts';
import type { Stage } from '../run-context.ts';

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

/** Turns a metrics row into the metric values the scorer reads. */
export function metricValues(config: Config, r: Row): ClusterInput['metrics'] {
  return Object.fromEntries(
    metricIds(config).map((m) => [m, typeof r[m] === 'number' ? (r[m] as number) : null]),
  );
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
    const rules = config.rules.map(compileRule);
    for (const rule of rules) await checkRule(db, rule.id, rule.flagSql);
    await db.exec(occupationRulesSql(rules));
    await runModels(db, ['marts/mart_cluster_metrics']);
    await loadMedianWages(db);
    await db.exec(wideMetricsSql(config));
    await db.exec(
      `create or replace table mart_cluster_metrics as
       select * exclude (allocation) from mart_cluster_metrics_all where allocation = '${config.allocation}'`,
    );

    const metrics = await db.all(
      'select * from mart_cluster_metrics order by area_code, vintage, framework, cluster',
    );
    const weights = normalizedWeights(config);
    const contributions: Row[] = [];
    for (const rows of groupRows(metrics).values()) {
      const scored = scoreClusters(
        rows.map((r) => ({ key: String(r.cluster), metrics: metricValues(config, r) })),
        weights,
        config.normalization,
      );
      scored.forEach((s, i) => {
        const r = rows[i] as Row;
        for (const c of s.contributions) {
          contributions.push({
            area_code: r.area_code ?? null,
            vintage: r.vintage ?? null,
            framework: r.framework ?? null,
            cluster: s.key,
            metric: c.metric,
            value: c.value,
            normalized: c.normalized,
            weight: c.weight,
            contribution: c.contribution,
          });
        }
      });
    }
    await db.load(
      'mart_cluster_contributions',
      [
        { name: 'area_code', type: 'VARCHAR' },
        { name: 'vintage', type: 'VARCHAR' },
        { name: 'framework', type: 'VARCHAR' },
        { name: 'cluster', type: 'VARCHAR' },
        { name: 'metric', type: 'VARCHAR' },
        { name: 'value', type: 'DOUBLE' },
        { name: 'normalized', type: 'DOUBLE' },
        { name: 'weight', type: 'DOUBLE' },
        { name: 'contribution', type: 'DOUBLE' },
      ],
      contributions,
    );
    return metrics.length;
  },
};

/** A user expression is tried on the real columns first, so a typo names the rule, not SQL internals. */
async function checkRule(db: Database, id: string, sql: string): Promise<void> {
  try {
    await db.exec(`select coalesce((${sql}), false)::boolean from int_occupation_facts limit 1`);
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0] ?? '';
    throw new CliError(messages.ruleInvalid(id, sql, detail), ExitCode.usage);
  }
}

/**
 * The employment-weighted median wage of every cluster under every allocation. Occupations are
 * read as numbers, cluster by cluster in soc_code order (the order weightedMedian adds their
 * jobs in), and the medians go back by cluster number: at 1,000 areas that is 1.4 million
 * occupations, which as row objects took 7 s to read.
 */
async function loadMedianWages(db: Database): Promise<void> {
  const groups = await readNumberGroups(db, {
    table: 'tmp_median_wage_clusters',
    from: 'mart_occupations',
    where: "cluster <> '(unmapped)'",
    keys: ['area_code', 'vintage', 'framework', 'cluster'],
    order: 'soc_code',
    columns: {
      wage: 'median_wage',
      split: 'weight_split * base_employment',
      full: 'weight_full * base_employment',
      primary: 'weight_primary * base_employment',
    },
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
    select g.area_code, g.vintage, g.framework, a.allocation, g.cluster,
      case a.allocation when 'split' then w.split when 'full' then w."full" else w."primary" end
        as median_wage
    from tmp_median_wage_clusters g
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
              and s.allocation = m.allocation and s.cluster = m.cluster and s.rule = '${r.id}')
           as ${r.id}_share`,
    )
    .join('');
  return `create or replace table mart_cluster_metrics_all as
    select m.area_code, m.area_name, m.vintage, m.framework, m.allocation, m.cluster,
      m.base_employment, m.projected_employment, m.change, m.pct_change, m.annual_openings,
      w.median_wage, m.high_wage_share, m.postsecondary_share${ruleColumns}, m.occupations
    from mart_cluster_metrics_by_allocation m
    left join int_cluster_median_wage w using (area_code, vintage, framework, allocation, cluster)`;
}
