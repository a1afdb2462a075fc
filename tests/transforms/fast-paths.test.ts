/**
 * The stability draws' fast paths against the plain implementations they replace: each must
 * give the very same numbers (not merely close ones), since stability.csv is compared byte for
 * byte between runs.
 */
import { describe, expect, it } from 'vitest';
import { Ranker } from '../../transforms/rank.ts';
import { normalize, normalizeInto } from '../../transforms/score.ts';
import { HighWageColumns, WageLadder } from '../../transforms/stability.ts';
import { DirichletSampler, Random } from '../../transforms/statistics/random.ts';
import { weightedMedian } from '../../transforms/statistics/weighted-median.ts';

/** The ordering rule as rankIndices wrote it before Ranker: one comparison, Array.prototype.sort. */
function referenceOrder(scores: number[], openings: number[], names: string[]): number[] {
  const keys = scores.map((s) => Math.round(s * 1e9));
  return keys
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = keys[a] as number;
      const kb = keys[b] as number;
      if (ka !== kb) return kb - ka;
      const oa = openings[a] as number;
      const ob = openings[b] as number;
      if (oa !== ob) return ob - oa;
      const na = names[a] as string;
      const nb = names[b] as string;
      return na < nb ? -1 : na > nb ? 1 : 0;
    });
}

describe('Ranker', () => {
  it('orders as the reference comparison does, ties, repeated names and NaN included', () => {
    const r = new Random(3);
    for (const n of [1, 2, 5, 15, 40]) {
      const names = Array.from({ length: n }, (_, i) => `c${Math.floor(r.next() * n)}-${i % 3}`);
      const ranker = new Ranker(names);
      for (let trial = 0; trial < 200; trial++) {
        // Coarse values, so equal keys and equal openings are common.
        const scores = names.map(() => Math.round(r.uniform(-2, 2) * 4) / 4);
        const openings = names.map(() => Math.floor(r.next() * 3) * 100);
        if (trial % 50 === 7) scores[0] = Number.NaN;
        expect(Array.from(ranker.rank(scores, openings))).toEqual(
          referenceOrder(scores, openings, names),
        );
      }
    }
  });
});

describe('normalizeInto', () => {
  it('equals normalize bit for bit, for both methods, with nulls and repeats', () => {
    const r = new Random(5);
    const known = new Float64Array(20);
    const out: number[] = [];
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(r.next() * 16);
      const values = Array.from({ length: n }, () => {
        const x = r.next();
        if (x < 0.1) return null;
        if (x < 0.3) return 0.25;
        return r.uniform(0, 1) * 10 ** Math.floor(r.uniform(-3, 6));
      });
      for (const method of ['zscore', 'percentile'] as const) {
        expect(normalizeInto(values, method, out, known)).toEqual(normalize(values, method));
      }
    }
  });
});

describe('WageLadder', () => {
  it('gives the full scan share to the last bit at every threshold', () => {
    const r = new Random(9);
    for (let trial = 0; trial < 100; trial++) {
      const n = Math.floor(r.next() * 30);
      const wage = Array.from({ length: n }, () => Math.round(r.uniform(20, 90)) * 1000).sort(
        (a, b) => a - b,
      );
      const openings = wage.map(() => r.uniform(0.1, 50));
      const ladder = new WageLadder(wage, openings);
      for (const threshold of [0, 20000, 45000, 45500, 90000, 1e9, Number.NaN, ...wage]) {
        let total = 0;
        let above = 0;
        wage.forEach((w, i) => {
          total += openings[i] as number;
          if (w >= threshold) above += openings[i] as number;
        });
        // Twice: the second answer comes from the memo.
        for (let k = 0; k < 2; k++) {
          expect(ladder.share(threshold)).toBe(total > 0 ? above / total : null);
        }
      }
    }
  });
});

describe('Random.dirichletInto', () => {
  it('draws what dirichlet draws', () => {
    const a = new Random(11);
    const b = new Random(11);
    const out: number[] = [];
    for (let i = 0; i < 100; i++) {
      expect(b.dirichletInto([15, 4.5, 0.3], out)).toEqual(a.dirichlet([15, 4.5, 0.3]));
    }
  });
});

describe('DirichletSampler', () => {
  it('draws what dirichletInto draws, and leaves the stream where it left it', () => {
    for (const alpha of [
      [15, 4.5, 0.3],
      [12.5, 7.5, 7.5, 5, 10, 5],
      [0.05, 1, 1e-6],
    ]) {
      const a = new Random(13);
      const b = new Random(13);
      const sampler = new DirichletSampler(alpha);
      const out: number[] = [];
      for (let i = 0; i < 2000; i++) {
        expect(sampler.drawInto(b, out)).toEqual(a.dirichletInto(alpha, []));
      }
      expect(b.next()).toBe(a.next());
    }
  });
});

/** Random.gamma as written before its squeeze test skipped Math.pow. */
function referenceGamma(r: Random, shape: number): number {
  if (shape < 1) {
    const u = r.next() || Number.MIN_VALUE;
    return referenceGamma(r, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = r.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = r.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

describe('Random.gamma', () => {
  it('draws what the plain Marsaglia–Tsang loop with Math.pow draws', () => {
    for (const shape of [0.3, 1, 2.5, 7.5, 50]) {
      const a = new Random(17);
      const b = new Random(17);
      for (let i = 0; i < 20000; i++) expect(b.gamma(shape)).toBe(referenceGamma(a, shape));
      expect(b.next()).toBe(a.next());
    }
  });
});

/** weightedMedian as written before its fast path for ascending values. */
function referenceMedian(values: (number | null)[], weights: number[]): number | null {
  const pairs: [number, number][] = [];
  values.forEach((v, i) => {
    const w = weights[i] ?? 0;
    if (v !== null && Number.isFinite(v) && w > 0) pairs.push([v, w]);
  });
  if (pairs.length === 0) return null;
  pairs.sort((a, b) => a[0] - b[0]);
  const half = pairs.reduce((sum, [, w]) => sum + w, 0) / 2;
  let cumulative = 0;
  for (const [v, w] of pairs) {
    cumulative += w;
    if (cumulative >= half) return v;
  }
  return (pairs[pairs.length - 1] as [number, number])[0];
}

describe('weightedMedian', () => {
  it('equals the sorting implementation, on sorted and unsorted values alike', () => {
    const r = new Random(19);
    for (let trial = 0; trial < 2000; trial++) {
      const n = Math.floor(r.next() * 12);
      const values = Array.from({ length: n }, () => {
        const x = r.next();
        if (x < 0.1) return null;
        if (x < 0.15) return Number.NaN;
        return Math.round(r.uniform(20, 40)) * 1000 + (x < 0.5 ? 0.1 * r.next() : 0);
      });
      const weights = values.map(() =>
        r.next() < 0.1 ? 0 : r.uniform(0, 1) * 10 ** r.uniform(0, 4),
      );
      if (trial % 2 === 0) {
        // Ascending, the nulls and NaNs left where they fall.
        const known = values.filter((v) => v !== null && !Number.isNaN(v)) as number[];
        known.sort((a, b) => a - b);
        let k = 0;
        values.forEach((v, i) => {
          if (v !== null && !Number.isNaN(v)) values[i] = known[k++] as number;
        });
      }
      expect(weightedMedian(values, weights)).toBe(referenceMedian(values, weights));
    }
  });
});

describe('HighWageColumns', () => {
  it('gives the column computed afresh for every threshold, inside its range and out', () => {
    const r = new Random(23);
    for (let trial = 0; trial < 50; trial++) {
      const clusters = 1 + Math.floor(r.next() * 8);
      const wages = Array.from({ length: clusters }, () => {
        const n = Math.floor(r.next() * 12);
        const wage = Array.from({ length: n }, () => Math.round(r.uniform(30, 70)) * 1000).sort(
          (a, b) => a - b,
        );
        return { wage, openings: wage.map(() => r.uniform(0.5, 20)) };
      });
      const view = { metrics: [], annualOpenings: [], wages };
      const median = 50000;
      const columns = new HighWageColumns(view, 'zscore', [median * 0.9, median * 1.1]);
      const fresh = (threshold: number) =>
        normalize(
          wages.map(({ wage, openings }) => {
            let total = 0;
            let above = 0;
            wage.forEach((w, i) => {
              total += openings[i] as number;
              if (w >= threshold) above += openings[i] as number;
            });
            return total > 0 ? above / total : null;
          }),
          'zscore',
        );
      for (let k = 0; k < 200; k++) {
        const threshold = median * (1 + 0.1 * r.uniform(-1, 1));
        expect(columns.column(threshold)).toEqual(fresh(threshold));
      }
      for (const threshold of [0, 30000, 44000, 45000, 55000, 56000, 1e9]) {
        expect(columns.column(threshold)).toEqual(fresh(threshold));
      }
    }
  });
});
