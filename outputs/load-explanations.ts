/**
 * Everything that explains one cluster's result, read from a run's database: its metrics, score,
 * rank and decision, each metric's contribution, its stability, and the occupations that drive
 * it. Used by recommendation.md and by `clusterfit explain`, so both say the same thing.
 */
import type { Database } from '../pipeline/database.ts';
import type { ClusterResult, Contribution } from './render-recommendation.ts';

export interface StabilityResult {
  p_approved: number;
  median_rank: number;
  rank_low: number;
  rank_high: number;
  flip_weight_shift: number | null;
  flip_from: string | null;
  flip_to: string | null;
  robust: boolean;
  draws: number;
  seed: number;
}

export interface Driver {
  soc_code: string;
  soc_title: string;
  allocated_openings: number;
  allocated_change: number;
}

export interface Explanation {
  result: ClusterResult;
  contributions: Contribution[];
  stability: StabilityResult | null;
  /** Largest contributors to the cluster's annual openings, and to its employment change. */
  byOpenings: Driver[];
  byGrowth: Driver[];
}

const key = (r: { area_code: string; vintage: string; framework: string; cluster: string }) =>
  `${r.area_code}\u0000${r.vintage}\u0000${r.framework}\u0000${r.cluster}`;

export async function loadExplanations(db: Database, top = 3): Promise<Explanation[]> {
  const results = (await db.all(
    'select * from mart_clusters order by area_code, vintage, framework, rank',
  )) as unknown as ClusterResult[];
  const contributions = (await db.all(
    'select * from mart_cluster_contributions order by all',
  )) as unknown as Contribution[];
  const stability = (await db.all(
    'select * from mart_stability',
  )) as unknown as (StabilityResult & {
    area_code: string;
    vintage: string;
    framework: string;
    cluster: string;
  })[];
  const drivers = (await db.all(`
    with d as (
      select area_code, vintage, framework, cluster, soc_code, soc_title,
        allocation_weight * annual_openings as allocated_openings,
        allocation_weight * change as allocated_change
      from mart_occupations where allocation_weight > 0 and cluster <> '(unmapped)'
    ),
    ranked as (
      select *,
        row_number() over (partition by area_code, vintage, framework, cluster
                           order by allocated_openings desc, soc_code) as by_openings,
        row_number() over (partition by area_code, vintage, framework, cluster
                           order by allocated_change desc, soc_code) as by_growth
      from d
    )
    select * exclude (by_openings, by_growth), 'openings' as kind, by_openings as place
    from ranked where by_openings <= ${top}
    union all
    select * exclude (by_openings, by_growth), 'growth' as kind, by_growth as place
    from ranked where by_growth <= ${top}
    order by area_code, vintage, framework, cluster, kind, place`)) as unknown as (Driver & {
    area_code: string;
    vintage: string;
    framework: string;
    cluster: string;
    kind: 'openings' | 'growth';
  })[];

  const contributionsBy = new Map<string, Contribution[]>();
  for (const c of contributions)
    contributionsBy.set(key(c), [...(contributionsBy.get(key(c)) ?? []), c]);
  const stabilityBy = new Map(stability.map((s) => [key(s), s]));
  const driversBy = new Map<string, typeof drivers>();
  for (const d of drivers) driversBy.set(key(d), [...(driversBy.get(key(d)) ?? []), d]);

  return results.map((result) => {
    const k = key(result);
    const s = stabilityBy.get(k);
    const own = driversBy.get(k) ?? [];
    return {
      result,
      contributions: contributionsBy.get(k) ?? [],
      stability: s ?? null,
      byOpenings: own.filter((d) => d.kind === 'openings'),
      byGrowth: own.filter((d) => d.kind === 'growth'),
    };
  });
}
