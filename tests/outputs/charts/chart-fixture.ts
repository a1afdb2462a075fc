/**
 * Hand-made cluster results for chart tests: five clusters of one area and framework, with
 * round numbers so the golden specs and SVGs are easy to read and never depend on the shared
 * data folder.
 */
import type { ChartFrame } from '../../../outputs/charts/chart-frame.ts';
import type { StabilityRow } from '../../../outputs/charts/stability-chart.ts';
import type { ClusterResult, Contribution } from '../../../outputs/render-recommendation.ts';

export const FRAME: ChartFrame = {
  areaName: 'Testland',
  areaCode: 'TL',
  vintage: '2023-2033',
  frameworkId: 'legacy16',
  frameworkTitle: 'National Career Clusters Framework, legacy 16 clusters',
  publishers: ['Testland Department of Labor', 'O*NET Resource Center'],
  method: 'clusterfit 0.0.0-test; z-score composite of 2 weighted metrics, split allocation',
  scoreTitle: 'Composite score (standard deviations from the framework average)',
};

const base = {
  area_code: 'TL',
  area_name: 'Testland',
  vintage: '2023-2033',
  framework: 'legacy16',
};

function cluster(
  cluster: string,
  rank: number,
  score: number,
  approved: boolean,
  employment: number,
  pct: number,
  openings: number,
  wage: number | null,
): ClusterResult {
  return {
    ...base,
    cluster,
    base_employment: employment,
    projected_employment: employment * (1 + pct / 100),
    change: (employment * pct) / 100,
    pct_change: pct,
    annual_openings: openings,
    median_wage: wage,
    high_wage_share: 0.5,
    postsecondary_share: 0.25,
    occupations: 10,
    score,
    rank,
    approved,
  };
}

export const CLUSTERS: ClusterResult[] = [
  cluster('Health Science', 1, 0.9, true, 1_900_000, 17.5, 232_000, 56_841),
  cluster('Information Technology', 2, 0.6, true, 800_000, 13, 60_000, 132_249),
  cluster('Hospitality & Tourism', 3, 0.1, true, 2_300_000, 12.6, 473_800, 38_504),
  cluster('Manufacturing', 4, -0.6, false, 1_300_000, 3.8, 146_000, 49_647),
  cluster('Agriculture, Food & Natural Resources', 5, -1, false, 600_000, -4.4, 85_000, null),
];

const WEIGHTS = { annual_openings: 0.6, pct_change: 0.4 } as const;

export const CONTRIBUTIONS: Contribution[] = CLUSTERS.flatMap((c, i) =>
  Object.entries(WEIGHTS).map(([metric, weight]) => {
    const normalized = metric === 'annual_openings' ? 1 - i * 0.5 : 0.5 - i * 0.4;
    return {
      ...base,
      cluster: c.cluster,
      metric,
      value: metric === 'annual_openings' ? c.annual_openings : c.pct_change,
      normalized,
      weight,
      contribution: normalized * weight,
    };
  }),
);

export const STABILITY: StabilityRow[] = CLUSTERS.map((c, i) => ({
  ...base,
  cluster: c.cluster,
  p_approved: [0.98, 0.9, 0.55, 0.3, 0.02][i] ?? 0,
  rank_low: Math.max(1, c.rank - 1),
  rank_high: Math.min(5, c.rank + 1),
}));
