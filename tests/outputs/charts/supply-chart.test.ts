import { describe, expect, it } from 'vitest';
import { type SupplyChartRow, supplyChart } from '../../../outputs/charts/supply-chart.ts';
import { CLUSTERS, FRAME } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

const row = (
  cluster: string,
  award_level: string,
  completions: number,
  annual_openings: number,
): SupplyChartRow => ({
  area_code: 'TL',
  vintage: '2023-2033',
  framework: 'legacy16',
  cluster,
  award_level,
  completions,
  annual_openings,
});

// Both certificate levels of Health Science face the same 900 nondegree openings.
const ROWS = [
  row('Health Science', 'short_certificate', 150, 900),
  row('Health Science', 'certificate', 250, 900),
  row('Health Science', 'associate', 737, 500),
  row('Health Science', 'bachelor', 1678, 3100),
  row('Information Technology', 'bachelor', 1200, 2500),
  row('Manufacturing', 'certificate', 300, 400),
];

describe('supplyChart', () => {
  it('joins the certificate levels, keeps clusters in rank order, cites NCES, and matches its golden', async () => {
    const spec = supplyChart(CLUSTERS, ROWS, FRAME);
    const values = (spec as { vconcat: { data: { values: Record<string, unknown>[] } }[] })
      .vconcat[0]?.data.values;
    const health = values?.filter(
      (v) => v.cluster === 'Health Science' && v.level === 'Certificates',
    );
    // Awards added (150 + 250), openings drawn once.
    expect(health?.map((v) => v.value)).toEqual([900, 400]);
    const svg = await expectChartGolden('supply-chart', spec);
    expect(svg).toContain('Openings against awards, by Career Cluster and award level');
    expect(svg).toContain('NCES (IPEDS Completions)');
    expect(svg).toContain('Bachelor');
    expect(svg).toContain('font-family="DejaVu Sans"');
  });
});
