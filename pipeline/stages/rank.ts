/** rank: order the clusters of each area × framework by score and decide which are approved. */
import { rankAndSelect } from '../../transforms/rank.ts';
import type { Row } from '../database.ts';
import type { Stage } from '../run-context.ts';
import { groupKey } from './score.ts';

export const CLUSTER_METRIC_COLUMNS = [
  'base_employment',
  'projected_employment',
  'change',
  'pct_change',
  'annual_openings',
  'median_wage',
  'high_wage_share',
  'postsecondary_share',
  'occupations',
] as const;

export const rank: Stage = {
  name: 'rank',
  reads: ['mart_cluster_metrics', 'int_cluster_median_wage', 'mart_cluster_contributions'],
  writes: ['mart_clusters'],
  async run(ctx) {
    const { db, config } = ctx;
    const rows = await db.all(`select m.area_code, m.area_name, m.vintage, m.framework, m.cluster,
        ${CLUSTER_METRIC_COLUMNS.filter((c) => c !== 'median_wage')
          .map((c) => `m.${c}`)
          .join(', ')},
        w.median_wage, s.score
      from mart_cluster_metrics m
      left join int_cluster_median_wage w using (area_code, vintage, framework, cluster)
      join (select area_code, vintage, framework, cluster, sum(contribution) as score
            from mart_cluster_contributions group by all) s
        using (area_code, vintage, framework, cluster)
      order by area_code, vintage, framework, cluster`);
    const groups = new Map<
      string,
      (Row & { cluster: string; score: number; annual_openings: number })[]
    >();
    for (const r of rows) {
      const typed = r as Row & { cluster: string; score: number; annual_openings: number };
      groups.set(groupKey(r), [...(groups.get(groupKey(r)) ?? []), typed]);
    }
    const ranked = [...groups.values()].flatMap((g) => rankAndSelect(g, config.selection));
    const columns = [
      { name: 'area_code', type: 'VARCHAR' },
      { name: 'area_name', type: 'VARCHAR' },
      { name: 'vintage', type: 'VARCHAR' },
      { name: 'framework', type: 'VARCHAR' },
      { name: 'cluster', type: 'VARCHAR' },
      ...CLUSTER_METRIC_COLUMNS.map((name) => ({
        name,
        type: name === 'occupations' ? ('INTEGER' as const) : ('DOUBLE' as const),
      })),
      { name: 'score', type: 'DOUBLE' },
      { name: 'rank', type: 'INTEGER' },
      { name: 'approved', type: 'BOOLEAN' },
    ] as const;
    return db.load('mart_clusters', columns, ranked);
  },
};
