import { describe, expect, it } from 'vitest';
import { approvalCount, rankAndSelect } from '../../transforms/rank.ts';
import { normalize, scoreClusters } from '../../transforms/score.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';

describe('weightedMedian', () => {
  it('returns the value where the cumulative weight reaches half', () => {
    expect(weightedMedian([10, 20, 30], [1, 1, 1])).toBe(20);
    expect(weightedMedian([10, 20, 30], [5, 1, 1])).toBe(10);
    expect(weightedMedian([30, 10, 20], [1, 1, 5])).toBe(20);
  });
  it('ignores missing values and zero weights, and is null with nothing left', () => {
    expect(weightedMedian([null, 50, 70], [100, 1, 2])).toBe(70);
    expect(weightedMedian([10, 99], [1, 0])).toBe(10);
    expect(weightedMedian([null], [1])).toBeNull();
  });
  it('reads typed arrays as Database.numbers gives them, NaN standing for NULL', () => {
    const wages = new Float64Array([Number.NaN, 50, 70, 60]);
    const jobs = new Float64Array([100, 1, 2, Number.NaN]);
    expect(weightedMedian(wages, jobs)).toBe(70);
    expect(weightedMedian(wages.subarray(1, 2), jobs.subarray(1, 2))).toBe(50);
  });
});

describe('normalize', () => {
  it('gives population z-scores, and 0 for a missing value or no spread', () => {
    // mean 2, population sd sqrt(2/3)
    const z = normalize([1, 2, 3], 'zscore');
    expect(z[0]).toBeCloseTo(-1.224745, 5);
    expect(z[1]).toBe(0);
    expect(normalize([5, null, 7], 'zscore')).toEqual([-1, 0, 1]);
    expect(normalize([4, 4], 'zscore')).toEqual([0, 0]);
  });
  it('gives mid-rank percentiles with ties counting half', () => {
    expect(normalize([10, 20, 20, 40], 'percentile')).toEqual([0.125, 0.5, 0.5, 0.875]);
    expect(normalize([null, 1], 'percentile')).toEqual([0.5, 0.5]);
  });
});

describe('scoreClusters', () => {
  it('sums weight × normalized value and keeps each contribution', () => {
    const metrics = (openings: number, wage: number) => ({
      base_employment: null,
      projected_employment: null,
      change: null,
      pct_change: null,
      annual_openings: openings,
      median_wage: wage,
      high_wage_share: null,
      postsecondary_share: null,
    });
    const scored = scoreClusters(
      [
        { key: 'A', metrics: metrics(100, 50000) },
        { key: 'B', metrics: metrics(300, 30000) },
      ],
      [
        ['annual_openings', 0.75],
        ['median_wage', 0.25],
      ],
      'zscore',
    );
    expect(scored[0]?.score).toBeCloseTo(-0.75 + 0.25, 10);
    expect(scored[1]?.contributions.map((c) => c.contribution)).toEqual([0.75, -0.25]);
  });
});

describe('rankAndSelect', () => {
  const rows = [
    { cluster: 'B', score: 0.5, annual_openings: 10 },
    { cluster: 'A', score: 0.5, annual_openings: 10 },
    { cluster: 'C', score: 0.5, annual_openings: 20 },
    { cluster: 'D', score: -1, annual_openings: 99 },
  ];
  it('breaks ties by openings, then by name', () => {
    const ranked = rankAndSelect(rows, { method: 'top_n', top_n: 2, top_share: 0, min_score: 0 });
    expect(ranked.map((r) => [r.cluster, r.rank, r.approved])).toEqual([
      ['C', 1, true],
      ['A', 2, true],
      ['B', 3, false],
      ['D', 4, false],
    ]);
  });
  it('approves by threshold or by share, rounding the share half up', () => {
    const t = rankAndSelect(rows, { method: 'threshold', top_n: 0, top_share: 0, min_score: 0 });
    expect(t.filter((r) => r.approved)).toHaveLength(3);
    const share = { method: 'top_share', top_n: 0, top_share: 0.75, min_score: 0 } as const;
    expect(approvalCount(share, 16)).toBe(12);
    expect(approvalCount(share, 14)).toBe(11);
  });
});
