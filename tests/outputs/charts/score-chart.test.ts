import { describe, expect, it } from 'vitest';
import { scoreChart } from '../../../outputs/charts/score-chart.ts';
import { CLUSTERS, FRAME } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

describe('scoreChart', () => {
  it('ranks clusters, marks the cut above the first cluster left out, and matches its golden', async () => {
    const spec = scoreChart(CLUSTERS, FRAME);
    const values = (spec as { vconcat: { data: { values: Record<string, unknown>[] } }[] })
      .vconcat[0]?.data.values;
    expect(values?.map((v) => v.cluster)).toEqual(CLUSTERS.map((c) => c.cluster));
    expect(values?.filter((v) => v.cut).map((v) => v.cluster)).toEqual(['Manufacturing']);
    const svg = await expectChartGolden('score-chart', spec);
    expect(svg).toContain('Composite score by Career Cluster, ranked');
    expect(svg).toContain(
      'Testland · 2023–2033 · National Career Clusters Framework, legacy 16 clusters',
    );
    expect(svg).toContain('Source: Testland Department of Labor; O*NET Resource Center.');
    expect(svg).toContain('approval cut');
    expect(svg).toContain('+0.90');
    expect(svg).toContain('font-family="DejaVu Sans"');
  });
});
