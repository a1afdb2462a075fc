/**
 * The stability draws' fast paths against the plain implementations they replace: each must
 * give the very same numbers (not merely close ones), since stability.csv is compared byte for
 * byte between runs.
 */
import { describe, expect, it } from 'vitest';
import { Ranker } from '../../transforms/rank.ts';
import { normalize, normalizeInto } from '../../transforms/score.ts';
import { WageLadder } from '../../transforms/stability.ts';
import { Random } from '../../transforms/statistics/random.ts';

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
