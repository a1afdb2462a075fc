import { describe, expect, it } from 'vitest';
import { type BridgeRow, bridgeChart } from '../../../outputs/charts/bridge-chart.ts';
import type { ChartFrame } from '../../../outputs/charts/chart-frame.ts';
import { planCharts } from '../../../outputs/write-charts.ts';
import { CLUSTERS, CONTRIBUTIONS, FRAME } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

const MODERN_FRAME: ChartFrame = {
  ...FRAME,
  frameworkId: 'acte2024',
  frameworkTitle: 'National Career Clusters Framework, 2024 (14 clusters)',
  publishers: ['Testland Department of Labor', 'Advance CTE'],
};
const MODERN = [
  { cluster: 'Healthcare & Human Services', rank: 1, approved: true },
  { cluster: 'Digital Technology', rank: 2, approved: true },
  { cluster: 'Advanced Manufacturing', rank: 3, approved: false },
];
const LEGACY = CLUSTERS.map((c) => ({ cluster: c.cluster, approved: c.approved }));
const row = (legacy: string, modern: string, jobs: number): BridgeRow => ({
  area_code: 'TL',
  vintage: '2023-2033',
  legacy,
  modern,
  jobs,
});
const ROWS: BridgeRow[] = [
  row('Health Science', 'Healthcare & Human Services', 1_899_650.4),
  row('Information Technology', 'Digital Technology', 640_000),
  row('Information Technology', 'Advanced Manufacturing', 0.3),
  row('Manufacturing', 'Advanced Manufacturing', 1_150_000),
  row('Manufacturing', 'Digital Technology', 12_500),
];

describe('bridgeChart', () => {
  it('maps legacy rows to 2024 columns in rank order, marks approvals, drops sub-job cells', async () => {
    const spec = bridgeChart(ROWS, LEGACY, MODERN, { ...FRAME, frameworkId: 'bridge' });
    interface Encoded {
      y: { sort: string[] };
      x: { sort: string[] };
    }
    const body = (
      spec as unknown as {
        vconcat: { data: { values: unknown[] }; layer: { encoding: Encoded }[] }[];
      }
    ).vconcat[0];
    if (!body) throw new Error('no chart body');
    expect(body.data.values).toEqual([
      { legacy: 'Health Science ✓', modern: 'Healthcare & Human Services ✓', jobs: 1_899_650 },
      { legacy: 'Information Technology ✓', modern: 'Digital Technology ✓', jobs: 640_000 },
      { legacy: 'Manufacturing', modern: 'Advanced Manufacturing', jobs: 1_150_000 },
      { legacy: 'Manufacturing', modern: 'Digital Technology ✓', jobs: 12_500 },
    ]);
    expect(body.layer[0]?.encoding.y.sort).toEqual([
      'Health Science ✓',
      'Information Technology ✓',
      'Hospitality & Tourism ✓',
      'Manufacturing',
      'Agriculture, Food & Natural Resources',
    ]);
    expect(body.layer[0]?.encoding.x.sort[2]).toBe('Advanced Manufacturing');
    const svg = await expectChartGolden('bridge-chart', spec);
    expect(svg).toContain('1.9M');
    expect(svg).toContain('13k');
  });

  it('is planned once per area and vintage, after the 2024 charts, only when both frameworks ran', () => {
    const modernClusters = MODERN.map((m) => ({
      ...(CLUSTERS[0] as (typeof CLUSTERS)[number]),
      framework: 'acte2024',
      ...m,
    }));
    const plan = (frames: ChartFrame[], bridge: BridgeRow[]) =>
      planCharts({
        clusters: [...CLUSTERS, ...modernClusters],
        contributions: CONTRIBUTIONS,
        stability: null,
        bridge,
        frames,
      }).map((p) => `${p.kind}:${p.frame.frameworkId}`);
    expect(plan([FRAME, MODERN_FRAME], ROWS).slice(-2)).toEqual([
      'contributions:acte2024',
      'bridge:bridge',
    ]);
    expect(plan([MODERN_FRAME], ROWS)).not.toContain('bridge:bridge');
    expect(plan([FRAME, MODERN_FRAME], [])).not.toContain('bridge:bridge');
  });
});
