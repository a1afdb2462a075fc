import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { analyzeStability, type StabilityGroup } from '../../transforms/stability.ts';
import { Random } from '../../transforms/statistics/random.ts';
import { captureIO, DEFAULT_DATA_DIR, tempDir } from '../helpers.ts';

type Rec = Record<string, string>;

describe('Random', () => {
  it('reproduces a sequence from its seed and differs with another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws gamma variates with the right mean and Dirichlet draws that sum to 1', () => {
    const r = new Random(7);
    for (const shape of [0.5, 2, 15]) {
      let sum = 0;
      for (let i = 0; i < 20000; i++) sum += r.gamma(shape);
      expect(sum / 20000).toBeCloseTo(shape, shape < 1 ? 1 : 0);
    }
    const alpha = [15, 10, 5];
    const mean = [0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      const d = r.dirichlet(alpha);
      expect(d.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      d.forEach((x, k) => {
        mean[k] = (mean[k] as number) + x / 5000;
      });
    }
    // Dirichlet means are alpha / sum(alpha).
    expect(mean[0]).toBeCloseTo(0.5, 2);
    expect(mean[2]).toBeCloseTo(1 / 6, 2);
  });
});

describe('analyzeStability on a constructed group', () => {
  // Three clusters, one metric each way: A leads on openings, C on wages, B is between.
  const group: StabilityGroup = {
    clusters: ['A', 'B', 'C'],
    metrics: ['annual_openings', 'median_wage'],
    weights: [0.6, 0.4],
    byAllocation: {
      split: {
        metrics: [
          [300, 200, 100],
          [40000, 50000, 90000],
        ],
        annualOpenings: [300, 200, 100],
        wages: [],
      },
    },
    baseAllocation: 'split',
    areaMedianWage: null,
  };
  const settings = {
    normalization: 'zscore' as const,
    selection: { method: 'top_n' as const, top_n: 2, top_share: 0, min_score: 0 },
    stability: {
      draws: 2000,
      seed: 1,
      concentration: 50,
      wage_threshold_jitter: 0,
      score_threshold_jitter: 0,
      allocations: ['split' as const],
      robust_probability: 0.9,
      fragile_weight_shift: 0.05,
    },
  };

  it('finds the exact weight shift at which two clusters swap places', () => {
    const result = analyzeStability(group, settings, 1);
    // z(openings) = [1.2247, 0, -1.2247]; z(wage) = [-0.9258, -0.4629, 1.3887].
    // Scores with weights (0.6, 0.4): A 0.3645, B -0.1852, C -0.1794: A and C approved.
    expect(result.map((r) => [r.cluster, r.approved, r.base_rank])).toEqual([
      ['A', true, 1],
      ['B', false, 3],
      ['C', true, 2],
    ]);
    // Moving δ from wage to openings changes B − C by δ·((0 + 0.4629) − (−1.2247 − 1.3887)),
    // which closes the 0.0058 gap at δ = 0.0019.
    const b = result.find((r) => r.cluster === 'B');
    expect(b?.flip_from).toBe('median_wage');
    expect(b?.flip_to).toBe('annual_openings');
    expect(b?.flip_weight_shift).toBe(0.0019);
    expect(b?.robust).toBe(false);
    const a = result.find((r) => r.cluster === 'A');
    expect(a?.p_approved).toBeGreaterThan(0.9);
  });
});

describe('stability.csv for California, 10,000 draws', () => {
  let first: Rec[];
  let again: Rec[];
  let other: Rec[];
  let clusters: Rec[];

  const run = async (seed: number) => {
    const dir = tempDir();
    await runPipeline(
      { outDir: dir, dataDir: DEFAULT_DATA_DIR, overrides: { draws: 10000, seed } },
      captureIO(),
    );
    const read = (name: string) =>
      Papa.parse<Rec>(readFileSync(join(dir, name), 'utf8'), { header: true, skipEmptyLines: true })
        .data;
    return {
      stability: read('stability.csv'),
      clusters: read('clusters.csv'),
      text: readFileSync(join(dir, 'stability.csv'), 'utf8'),
      dir,
    };
  };

  beforeAll(async () => {
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(a.text).toBe(b.text);
    expect(c.text).not.toBe(a.text);
    first = a.stability;
    again = b.stability;
    other = c.stability;
    clusters = a.clusters;
    const manifest = JSON.parse(readFileSync(join(a.dir, 'manifest.json'), 'utf8'));
    expect(manifest.stability).toEqual({ draws: 10000, seed: 11 });
  }, 120_000);

  it('reproduces exactly with the same seed and changes with another', () => {
    expect(again).toEqual(first);
    expect(other.map((r) => r.p_approved)).not.toEqual(first.map((r) => r.p_approved));
    expect(first).toHaveLength(30);
    expect(first.every((r) => r.draws === '10000' && r.seed === '11')).toBe(true);
  });

  it('gives probabilities between 0 and 1 and plausible rank ranges', () => {
    for (const r of first) {
      const p = Number(r.p_approved);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(Number(r.rank_low)).toBeLessThanOrEqual(Number(r.median_rank));
      expect(Number(r.median_rank)).toBeLessThanOrEqual(Number(r.rank_high));
    }
  });

  it('has the clusters approved with probability near 1 exactly among those the base run approves', () => {
    const base = new Map(
      clusters.map((c) => [`${c.framework}|${c.cluster}`, c.approved === 'true']),
    );
    for (const r of first) {
      const approved = base.get(`${r.framework}|${r.cluster}`);
      expect(r.approved === 'true').toBe(approved);
      if (Number(r.p_approved) >= 0.95) expect(approved).toBe(true);
      if (Number(r.p_approved) <= 0.05) expect(approved).toBe(false);
      if (r.decision === 'robust')
        expect(Math.abs(Number(r.p_approved) - (approved ? 1 : 0))).toBeLessThanOrEqual(0.1);
    }
    expect(first.filter((r) => r.decision === 'fragile').length).toBeGreaterThan(0);
  });
});
