import { describe, expect, it } from 'vitest';
import { growthWageChart } from '../../../outputs/charts/growth-wage-chart.ts';
import { CLUSTERS, FRAME } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

describe('growthWageChart', () => {
  it('plots wage against growth with openings as size, formatted for people', async () => {
    const spec = growthWageChart(CLUSTERS, FRAME);
    const values = (spec as { vconcat: { data: { values: Record<string, unknown>[] } }[] })
      .vconcat[0]?.data.values;
    // The cluster with no wage estimate cannot be placed on the wage axis.
    expect(values).toHaveLength(4);
    expect(values?.[0]).toEqual({
      cluster: 'Health Science',
      median_wage: 56841,
      growth: 0.175,
      annual_openings: 232000,
      status: 'Approved',
    });
    const svg = await expectChartGolden('growth-wage-chart', spec);
    expect(svg).toMatch(/\$\d{2,3},000/);
    expect(svg).toMatch(/\d+%/);
    expect(svg).toContain('200,000');
  });
});
