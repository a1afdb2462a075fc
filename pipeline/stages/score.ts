/**
 * score: cluster metrics (SQL), the employment-weighted median wage of each cluster and the
 * composite score (TypeScript, simple-statistics), with each metric's contribution kept so the
 * recommendation can explain every score.
 */
import { runModels } from '../../transforms/run-models.ts';
import { type ClusterInput, scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';
import { normalizedWeights, SCORABLE_METRICS, type ScorableMetric } from '../config.ts';
import type { Row } from '../database.ts';
import type { Stage } from '../run-context.ts';

/** Rows of one area × vintage × framework group belong together for normalization and ranking. */
export const groupKey = (r: Row): string => `${r.area_code}\u0000${r.vintage}\u0000${r.framework}`;

export const score: Stage = {
  name: 'score',
  reads: ['mart_occupations', 'stg_areas', 'ref_framework_clusters'],
  writes: ['mart_cluster_metrics', 'int_cluster_median_wage', 'mart_cluster_contributions'],
  async run(ctx) {
    const { db, config } = ctx;
    await runModels(db, ['marts/mart_cluster_metrics']);

    const occ = await db.all<{
      area_code: string;
      vintage: string;
      framework: string;
      cluster: string;
      median_wage: number | null;
      w: number;
    }>(`select area_code, vintage, framework, cluster, median_wage,
          allocation_weight * base_employment as w
        from mart_occupations
        where cluster <> '(unmapped)' and allocation_weight > 0
        order by area_code, vintage, framework, cluster, soc_code`);
    const byCluster = new Map<string, { values: (number | null)[]; weights: number[] }>();
    for (const o of occ) {
      const key = `${groupKey(o)}\u0000${o.cluster}`;
      const entry = byCluster.get(key) ?? { values: [], weights: [] };
      entry.values.push(o.median_wage);
      entry.weights.push(o.w);
      byCluster.set(key, entry);
    }
    const medians = [...byCluster].map(([key, e]) => {
      const [area_code, vintage, framework, cluster] = key.split('\u0000');
      return {
        area_code,
        vintage,
        framework,
        cluster,
        median_wage: weightedMedian(e.values, e.weights),
      };
    });
    await db.load(
      'int_cluster_median_wage',
      [
        { name: 'area_code', type: 'VARCHAR' },
        { name: 'vintage', type: 'VARCHAR' },
        { name: 'framework', type: 'VARCHAR' },
        { name: 'cluster', type: 'VARCHAR' },
        { name: 'median_wage', type: 'DOUBLE' },
      ],
      medians,
    );

    const metrics = await db.all(`select m.*, w.median_wage
      from mart_cluster_metrics m
      left join int_cluster_median_wage w using (area_code, vintage, framework, cluster)
      order by area_code, vintage, framework, cluster`);
    const groups = new Map<string, Row[]>();
    for (const m of metrics) groups.set(groupKey(m), [...(groups.get(groupKey(m)) ?? []), m]);

    const weights = normalizedWeights(config);
    const contributions: Row[] = [];
    for (const rows of groups.values()) {
      const inputs: ClusterInput[] = rows.map((r) => ({
        key: String(r.cluster),
        metrics: Object.fromEntries(
          SCORABLE_METRICS.map((m) => [m, typeof r[m] === 'number' ? (r[m] as number) : null]),
        ) as Record<ScorableMetric, number | null>,
      }));
      const scored = scoreClusters(inputs, weights, config.normalization);
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
