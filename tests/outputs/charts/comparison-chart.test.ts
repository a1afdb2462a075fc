import { describe, expect, it } from 'vitest';
import { type ComparisonRow, comparisonChart } from '../../../outputs/charts/comparison-chart.ts';
import { renderSvg } from '../../../outputs/render-svg.ts';
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
      {
        cluster: 'Health Science',
        run: 'A: 2016–2026',
        score: 0.9,
        rank: 1,
        status: 'Approved',
        filled: false,
      },
      {
        cluster: 'Health Science',
        run: 'B: 2024–2034',
        score: 1.1,
        rank: 1,
        status: 'Approved',
        filled: true,
      },
      {
        cluster: 'Information Technology (added)',
        run: 'A: 2016–2026',
        score: -0.2,
        rank: 3,
        status: 'Not approved',
        filled: false,
      },
      {
        cluster: 'Information Technology (added)',
        run: 'B: 2024–2034',
        score: 0.612,
        rank: 2,
        status: 'Approved',
        filled: true,
      },
      {
        cluster: 'Manufacturing (dropped)',
        run: 'A: 2016–2026',
        score: 0.4,
        rank: 2,
        status: 'Approved',
        filled: false,
      },
      {
        cluster: 'Manufacturing (dropped)',
        run: 'B: 2024–2034',
        score: -0.35,
        rank: 3,
        status: 'Not approved',
        filled: true,
      },
      // Only in A: one point, last.
      {
        cluster: 'Marketing (only in A)',
        run: 'A: 2016–2026',
        score: -1.1,
        rank: 4,
        status: 'Not approved',
        filled: false,
      },
    ]);
    const svg = await expectChartGolden('comparison-chart', spec);
    expect(svg).toContain('Testland · 2016–2026 vs 2024–2034');
    expect(svg).toContain('Information Technology (added)');
  });

  it('fills run B’s marks whatever its vintage says (no vintage text in a Vega expression)', async () => {
    const quoted = ROWS.map((r) => ({ ...r, vintage_b: r.vintage_b && "2024'-2034\\" }));
    const spec = comparisonChart(quoted, FRAME);
    expect(JSON.stringify(spec)).toContain('"test":"datum.filled"');
    const svg = await renderSvg(spec);
    // Hollow (white) points are run A's four; run B's three are filled by approval.
    expect(svg.match(/fill="#ffffff"/g)).toHaveLength(4);
    expect(svg).toContain("Run: B: 2024'–2034\\; Cluster: Health Science; Score: +1.10");
  });
});
