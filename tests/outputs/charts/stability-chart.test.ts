import { describe, expect, it } from 'vitest';
import { stabilityChart } from '../../../outputs/charts/stability-chart.ts';
import { planCharts } from '../../../outputs/write-charts.ts';
import { CLUSTERS, CONTRIBUTIONS, FRAME, STABILITY } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

describe('stabilityChart', () => {
  it('draws approval probability and rank intervals when stability output exists', async () => {
    const svg = await expectChartGolden(
      'stability-chart',
      stabilityChart(CLUSTERS, STABILITY, FRAME),
    );
    expect(svg).toContain('Probability of approval');
    expect(svg).toContain('98%');
  });

  it('is planned only when the run has a stability table', () => {
    const kinds = (stability: typeof STABILITY | null) =>
      planCharts({
        clusters: CLUSTERS,
        contributions: CONTRIBUTIONS,
        stability,
        bridge: [],
        frames: [FRAME],
      }).map((p) => p.kind);
    expect(kinds(null)).toEqual(['scores', 'growth-wage', 'contributions']);
    expect(kinds(STABILITY)).toEqual(['scores', 'growth-wage', 'contributions', 'stability']);
  });
});
