import { describe, expect, it } from 'vitest';
import { contributionsChart } from '../../../outputs/charts/contributions-chart.ts';
import { CLUSTERS, CONTRIBUTIONS, FRAME } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

describe('contributionsChart', () => {
  it('stacks each metric’s contribution per cluster, heaviest weight first', async () => {
    const spec = contributionsChart(CLUSTERS, CONTRIBUTIONS, FRAME);
    const values = (spec as { vconcat: { data: { values: Record<string, unknown>[] } }[] })
      .vconcat[0]?.data.values;
    expect(values).toHaveLength(10);
    expect(values?.[0]).toEqual({
      cluster: 'Health Science',
      rank: 1,
      metric: 'Annual openings',
      metric_order: 0,
      contribution: 0.6,
    });
    const svg = await expectChartGolden('contributions-chart', spec);
    expect(svg).toContain('Percent change');
  });
});
