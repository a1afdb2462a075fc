/**
 * The stability draws' fast paths against the plain implementations they replace: each must
 * give the very same numbers (not merely close ones), since stability.csv is compared byte for
 * byte between runs.
 */
import { describe, expect, it } from 'vitest';
import type { Selection } from '../../kernel/config-types.ts';
import { approvalCount, Ranker } from '../../transforms/rank.ts';
import { normalize, normalizeInto } from '../../transforms/score.ts';
import {
  analyzeStability,
  HighWageColumns,
  type StabilityGroup,
  WageLadder,
} from '../../transforms/stability.ts';
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

/**
 * The smallest weight shifts as they were found before the crossings that cannot change a
 * decision were passed over: every crossing sorted, and a ranking in every interval between two.
 */
function referenceFlips(
  group: StabilityGroup,
  selection: Selection,
): ({ shift: number; from: string; to: string } | undefined)[] {
  const n = group.clusters.length;
  const m = group.metrics.length;
  const view = group.byAllocation[group.baseAllocation] as NonNullable<
    StabilityGroup['byAllocation']['split']
  >;
  const norm = view.metrics.map((column) => normalize(column, 'zscore'));
  const ranker = new Ranker(group.clusters);
  const decide = (weights: readonly number[]): number[] => {
    const scores = group.clusters.map((_, c) =>
      weights.reduce((sum, w, k) => sum + w * ((norm[k] as number[])[c] as number), 0),
    );
    const order = ranker.rank(scores, view.annualOpenings);
    const cut = approvalCount(selection, n);
    const approved = new Array<number>(n).fill(0);
    order.forEach((c, i) => {
      approved[c] = (cut === undefined ? (scores[c] as number) >= selection.min_score : i < cut)
        ? 1
        : 0;
    });
    return approved;
  };
  const base = decide(group.weights);
  const baseScore = group.clusters.map((_, c) =>
    group.weights.reduce((sum, w, k) => sum + w * ((norm[k] as number[])[c] as number), 0),
  );
  const best: ({ shift: number; from: string; to: string } | undefined)[] = new Array(n);
  for (let i = 0; i < m; i++) {
    const available = group.weights[i] as number;
    if (available <= 0) continue;
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const slope = group.clusters.map(
        (_, c) => ((norm[j] as number[])[c] as number) - ((norm[i] as number[])[c] as number),
      );
      const points = [available];
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          const ds = (slope[a] as number) - (slope[b] as number);
          if (ds === 0) continue;
          const d = ((baseScore[b] as number) - (baseScore[a] as number)) / ds;
          if (d > 0 && d < available) points.push(d);
        }
        if (selection.method === 'threshold' && slope[a] !== 0) {
          const d = (selection.min_score - (baseScore[a] as number)) / (slope[a] as number);
          if (d > 0 && d < available) points.push(d);
        }
      }
      const sorted = Float64Array.from(points).sort();
      const pending = new Array<boolean>(n).fill(true);
      let start = 0;
      for (let p = 0; p < sorted.length; p++) {
        const end = sorted[p] as number;
        if (p > 0 && end === sorted[p - 1]) continue;
        const mid = (start + end) / 2;
        const w = [...group.weights];
        w[i] = (w[i] as number) - mid;
        w[j] = (w[j] as number) + mid;
        const approved = decide(w);
        for (let c = 0; c < n; c++) {
          if (!pending[c] || approved[c] === base[c]) continue;
          pending[c] = false;
          const shift = Math.round(start * 1e4) / 1e4;
          const current = best[c];
          if (current === undefined || shift < current.shift) {
            best[c] = { shift, from: group.metrics[i] as string, to: group.metrics[j] as string };
          }
        }
        start = end;
      }
    }
  }
  return best;
}

describe('smallest weight shifts', () => {
  it('are those found by ranking in every interval between crossings, for every selection', () => {
    const r = new Random(29);
    const selections: Selection[] = [
      { method: 'top_n', top_n: 3, top_share: 0, min_score: 0 },
      { method: 'top_share', top_n: 0, top_share: 0.75, min_score: 0 },
      { method: 'threshold', top_n: 0, top_share: 0, min_score: 0.1 },
    ];
    let flips = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(r.next() * 16);
      const m = 2 + Math.floor(r.next() * 4);
      // Coarse values in half the trials, so equal metrics, equal lines and concurrent crossings
      // are common; a cluster repeats another's metrics now and then.
      const coarse = trial % 2 === 0;
      const metrics = Array.from({ length: m }, () =>
        Array.from({ length: n }, () => {
          if (r.next() < 0.05) return null;
          const x = r.uniform(0, 10);
          return coarse ? Math.round(x) : x;
        }),
      );
      if (n > 2 && trial % 3 === 0) for (const column of metrics) column[1] = column[0] ?? null;
      const raw = Array.from({ length: m }, () => (r.next() < 0.1 ? 0 : r.uniform(0.1, 1)));
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const group: StabilityGroup = {
        clusters: Array.from({ length: n }, (_, c) => `cluster ${String.fromCharCode(65 + c)}`),
        metrics: Array.from({ length: m }, (_, k) => `metric_${k}`),
        weights: raw.map((w) => w / total),
        byAllocation: {
          split: {
            metrics,
            annualOpenings: Array.from({ length: n }, () => Math.floor(r.next() * 3) * 100),
            wages: [],
          },
        },
        baseAllocation: 'split',
        areaMedianWage: null,
      };
      const selection = selections[trial % 3] as Selection;
      const settings = {
        normalization: 'zscore' as const,
        selection,
        stability: {
          draws: 0,
          seed: 1,
          concentration: 50,
          wage_threshold_jitter: 0,
          score_threshold_jitter: 0,
          allocations: ['split' as const],
          robust_probability: 0.9,
          fragile_weight_shift: 0.05,
        },
      };
      const expected = referenceFlips(group, selection);
      const found = analyzeStability(group, settings, 1).map((s) =>
        s.flip_from === null
          ? undefined
          : { shift: s.flip_weight_shift, from: s.flip_from, to: s.flip_to },
      );
      expect(found, `trial ${trial}, ${selection.method}`).toEqual(expected);
      flips += expected.filter((f) => f !== undefined).length;
    }
    // Most trials' decisions flip somewhere: the comparison is not between two empty lists.
    expect(flips).toBeGreaterThan(1000);
  });
});
