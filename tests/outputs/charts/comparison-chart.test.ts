import { describe, expect, it } from 'vitest';
import { type ComparisonRow, comparisonChart } from '../../../outputs/charts/comparison-chart.ts';
import { FRAME } from './chart-fixture.ts';
import { expectChartGolden } from './chart-golden.ts';

const row = (
  cluster: string,
  a: [number, number, boolean] | null,
  b: [number, number, boolean] | null,
): ComparisonRow => ({
  cluster,
  vintage_a: a ? '2016-2026' : null,
  vintage_b: b ? '2024-2034' : null,
  approved_a: a?.[2] ?? null,
  approved_b: b?.[2] ?? null,
  approval_change: !a
    ? 'only in B'
    : !b
      ? 'only in A'
      : a[2] === b[2]
        ? 'unchanged'
        : b[2]
          ? 'added'
          : 'dropped',
  rank_a: a?.[0] ?? null,
  rank_b: b?.[0] ?? null,
  score_a: a?.[1] ?? null,
  score_b: b?.[1] ?? null,
});

const ROWS = [
  row('Manufacturing', [2, 0.4, true], [3, -0.35, false]),
  row('Health Science', [1, 0.9, true], [1, 1.1, true]),
  row('Information Technology', [3, -0.2, false], [2, 0.61234, true]),
  row('Marketing', [4, -1.1, false], null),
];

describe('comparisonChart', () => {
  it('puts both runs’ scores on one row per cluster, in B’s rank order, naming approval changes', async () => {
    const spec = comparisonChart(ROWS, { ...FRAME, vintage: '2016-2026 vs 2024-2034' });
    const body = (spec as unknown as { vconcat: { data: { values: unknown[] } }[] }).vconcat[0];
    expect(body?.data.values).toEqual([
      { cluster: 'Health Science', run: 'A: 2016–2026', score: 0.9, rank: 1, status: 'Approved' },
      { cluster: 'Health Science', run: 'B: 2024–2034', score: 1.1, rank: 1, status: 'Approved' },
      {
        cluster: 'Information Technology (added)',
        run: 'A: 2016–2026',
        score: -0.2,
        rank: 3,
        status: 'Not approved',
      },
      {
        cluster: 'Information Technology (added)',
        run: 'B: 2024–2034',
        score: 0.612,
        rank: 2,
        status: 'Approved',
      },
      {
        cluster: 'Manufacturing (dropped)',
        run: 'A: 2016–2026',
        score: 0.4,
        rank: 2,
        status: 'Approved',
      },
      {
        cluster: 'Manufacturing (dropped)',
        run: 'B: 2024–2034',
        score: -0.35,
        rank: 3,
        status: 'Not approved',
      },
      // Only in A: one point, last.
      {
        cluster: 'Marketing (only in A)',
        run: 'A: 2016–2026',
        score: -1.1,
        rank: 4,
        status: 'Not approved',
      },
    ]);
    const svg = await expectChartGolden('comparison-chart', spec);
    expect(svg).toContain('Testland · 2016–2026 vs 2024–2034');
    expect(svg).toContain('Information Technology (added)');
  });
});
