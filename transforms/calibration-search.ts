/**
 * The search behind `clusterfit calibrate`: which settings (metric weights over the simplex,
 * normalization, allocation, number approved) reproduce a prior approved list best. Every
 * setting is scored and ranked by the code the run uses (scaleWeights, scoreClusters,
 * rankIndices), so a setting found here decides exactly as a run configured with it.
 *
 * The weights are searched on an exhaustive grid (steps of 1/g, g as fine as the budget allows),
 * then by seeded uniform samples of the simplex (which also measure how much of the weight space
 * reaches the best agreement), then by local refinement (weight moved between two metrics in
 * shrinking steps) from the best settings found. Best means most decisions reproduced, then the
 * widest margin around the cut (the setting least likely to flip on a small change).
 */
import type { Allocation, Normalization } from '../kernel/config-types.ts';
import { rankIndices } from './rank.ts';
import { type ClusterInput, scaleWeights, scoreClusters } from './score.ts';
import { Random } from './statistics/random.ts';

/** One area × framework's clusters as the run scored them, under every allocation. */
export interface CalibrationInput {
  /** Cluster names in the run's key order (the order the score's sums add in). */
  names: readonly string[];
  /** The prior decision of each cluster. */
  prior: readonly boolean[];
  /** The metrics weights may go to, in the run's metric order (metricIds). */
  metrics: readonly string[];
  /** allocation → metric → value per cluster (null where the run has none). */
  values: Readonly<Record<Allocation, Readonly<Record<string, readonly (number | null)[]>>>>;
  /** allocation → annual openings per cluster (the ranking's first tie-break). */
  openings: Readonly<Record<Allocation, readonly number[]>>;
  allocations: readonly Allocation[];
  normalizations: readonly Normalization[];
}

export interface CalibrationSetting {
  /** Weight per metric as written in the config (zero weights left out). */
  weights: Record<string, number>;
  normalization: Normalization;
  allocation: Allocation;
  /** How many clusters are approved. */
  count: number;
}

export interface SettingResult {
  setting: CalibrationSetting;
  agreement: number;
  /** The smallest distance of a reproduced decision's score from the cut. */
  margin: number;
}

export interface WeightRange {
  metric: string;
  /** Scaled weights (summing to 1) of the settings in the region. */
  low: number;
  high: number;
}

export interface Unexplained {
  index: number;
  /**
   * Among the settings reaching the best agreement, the cluster's best rank (prior approved) or
   * worst (prior not approved), and how many that setting approves.
   */
  closestRank: number;
  approvedThere: number;
}

export interface CalibrationResult {
  best: SettingResult;
  /** Grid step 1/g. */
  gridSteps: number;
  gridPoints: number;
  samples: number;
  /** Settings evaluated in all (grid, samples and refinement, times normalizations and allocations). */
  evaluated: number;
  /** Weights of the settings (best normalization, allocation and count) reaching the best agreement. */
  region: WeightRange[];
  /** Share of the uniform samples (best normalization, allocation and count) reaching it. */
  regionShare: number;
  /** Per cluster, the share of the settings reaching the best agreement that miss its decision. */
  missedShare: number[];
  /** Prior decisions no setting reaching the best agreement reproduces. */
  unexplained: Unexplained[];
}

export interface SearchOptions {
  seed: number;
  /** Settings the grid may evaluate (grid points × normalizations × allocations). */
  gridBudget?: number;
  samples?: number;
}

const DEFAULT_GRID_BUDGET = 36_000;
const DEFAULT_SAMPLES = 3_000;
/** Sampled and refined weights are rounded to this many decimals, as the config will hold them. */
const DECIMALS = 4;
const REFINE_STEPS = [0.05, 0.02, 0.01, 0.005];
const REFINE_STARTS = 8;

/** Number of points of the simplex grid with steps 1/g over k metrics: C(g + k − 1, k − 1). */
export function gridSize(g: number, k: number): number {
  let c = 1;
  for (let i = 1; i < k; i++) c = (c * (g + i)) / i;
  return Math.round(c);
}

/** Every way of giving g equal parts to k metrics, in lexicographic order. */
function* compositions(g: number, k: number): Generator<number[]> {
  const parts = new Array<number>(k).fill(0);
  function* fill(i: number, left: number): Generator<number[]> {
    if (i === k - 1) {
      parts[i] = left;
      yield parts;
      return;
    }
    for (let x = left; x >= 0; x--) {
      parts[i] = x;
      yield* fill(i + 1, left - x);
    }
  }
  yield* fill(0, g);
}

/**
 * Scores and ranks one group under one setting's weights, normalization and allocation, as the
 * run's score and rank stages do, and returns the cluster indices in rank order with the scores.
 */
export function rankUnder(
  input: CalibrationInput,
  weights: Readonly<Record<string, number>>,
  normalization: Normalization,
  allocation: Allocation,
): { order: number[]; scores: number[] } {
  const scaled = scaleWeights(input.metrics, weights);
  const values = input.values[allocation];
  const clusters: ClusterInput[] = input.names.map((_, i) => ({
    key: String(i),
    metrics: Object.fromEntries(scaled.map(([m]) => [m, values[m]?.[i] ?? null])),
  }));
  const scores = scoreClusters(clusters, scaled, normalization).map((s) => s.score);
  return { order: rankIndices(scores, input.openings[allocation], input.names), scores };
}

/** Agreement and margin of a ranking approving its first `count` clusters. */
function judge(
  prior: readonly boolean[],
  order: readonly number[],
  scores: readonly number[],
  count: number,
): { agreement: number; margin: number } {
  const n = order.length;
  const at = (r: number) => scores[order[r] as number] as number;
  const cut = count <= 0 ? at(0) + 1 : count >= n ? at(n - 1) - 1 : (at(count - 1) + at(count)) / 2;
  let agreement = 0;
  let margin = Number.POSITIVE_INFINITY;
  order.forEach((i, r) => {
    const approved = r < count;
    if (approved === prior[i]) {
      agreement++;
      margin = Math.min(margin, Math.abs(at(r) - cut));
    }
  });
  return { agreement, margin: Number.isFinite(margin) ? margin : 0 };
}

const better = (
  a: { agreement: number; margin: number },
  b: { agreement: number; margin: number },
) => a.agreement > b.agreement || (a.agreement === b.agreement && a.margin > b.margin + 1e-12);

/** Weights rounded to DECIMALS, zeros dropped; null when nothing is left. */
function cleanWeights(
  metrics: readonly string[],
  raw: readonly number[],
): Record<string, number> | null {
  const out: Record<string, number> = {};
  const f = 10 ** DECIMALS;
  metrics.forEach((m, k) => {
    const w = Math.round((raw[k] as number) * f) / f;
    if (w > 0) out[m] = w;
  });
  return Object.keys(out).length > 0 ? out : null;
}

/** Searches the settings for those that reproduce the prior best (see the file's comment). */
export function calibrate(input: CalibrationInput, options: SearchOptions): CalibrationResult {
  const { metrics, prior } = input;
  const n = input.names.length;
  const k = metrics.length;
  const priorCount = prior.filter(Boolean).length;
  const combos = input.normalizations.length * input.allocations.length;
  const budget = options.gridBudget ?? DEFAULT_GRID_BUDGET;
  let g = 1;
  while (g < 20 && gridSize(g + 1, k) * combos <= budget) g++;
  const samplesWanted = options.samples ?? DEFAULT_SAMPLES;

  let best: SettingResult | undefined;
  let evaluated = 0;
  // For the explanation: whether each prior decision is reproduced by some setting reaching the
  // best agreement so far, and its closest rank (with how many approved) among those settings.
  let explained = new Array<boolean>(n).fill(false);
  let closest: { rank: number; count: number }[] = [];
  let missed = new Array<number>(n).fill(0);
  let bestSettings = 0;
  const resetExplanation = () => {
    explained = new Array<boolean>(n).fill(false);
    missed = new Array<number>(n).fill(0);
    bestSettings = 0;
    closest = prior.map((p) => ({ rank: p ? n + 1 : 0, count: 0 }));
  };
  resetExplanation();

  /**
   * Evaluates a weight set under one normalization and allocation, every count; keeps the best
   * and the explanation's tallies, and returns the agreement at `judgeCount`.
   */
  const evaluate = (
    weights: Record<string, number>,
    normalization: Normalization,
    allocation: Allocation,
    judgeCount: number,
  ): { agreement: number; margin: number } => {
    evaluated++;
    const { order, scores } = rankUnder(input, weights, normalization, allocation);
    for (let count = 1; count <= n; count++) {
      const j = judge(prior, order, scores, count);
      if (best !== undefined && j.agreement < best.agreement) continue;
      if (best === undefined || j.agreement > best.agreement) resetExplanation();
      bestSettings++;
      order.forEach((i, r) => {
        if (r < count === prior[i]) explained[i] = true;
        else missed[i] = (missed[i] as number) + 1;
        const c = closest[i] as { rank: number; count: number };
        if (prior[i] ? r + 1 < c.rank : r + 1 > c.rank) closest[i] = { rank: r + 1, count };
      });
      if (
        best === undefined ||
        better(j, best) ||
        // Between equals, the prior's own number approved.
        (j.agreement === best.agreement &&
          Math.abs(j.margin - best.margin) <= 1e-12 &&
          Math.abs(count - priorCount) < Math.abs(best.setting.count - priorCount))
      ) {
        best = { setting: { weights, normalization, allocation, count }, ...j };
      }
    }
    return judge(prior, order, scores, judgeCount);
  };
  /** Evaluates a weight set under every normalization and allocation. */
  const tryWeights = (weights: Record<string, number>): void => {
    for (const normalization of input.normalizations) {
      for (const allocation of input.allocations) evaluate(weights, normalization, allocation, 1);
    }
  };

  const grid: Record<string, number>[] = [];
  for (const parts of compositions(g, k)) {
    const weights: Record<string, number> = {};
    parts.forEach((p, i) => {
      if (p > 0) weights[metrics[i] as string] = p;
    });
    grid.push(weights);
    tryWeights(weights);
  }

  const rng = new Random(options.seed);
  const samples: Record<string, number>[] = [];
  while (samples.length < samplesWanted) {
    // Uniform on the simplex: normalized standard exponentials (Dirichlet(1, …, 1)).
    const raw = metrics.map(() => -Math.log(1 - rng.next()));
    const sum = raw.reduce((a, b) => a + b, 0);
    const weights = cleanWeights(
      metrics,
      raw.map((x) => x / sum),
    );
    if (weights === null) continue;
    samples.push(weights);
    tryWeights(weights);
  }

  // Local refinement from the best weight sets seen under the best normalization and allocation.
  const found = best as SettingResult;
  const starts = [...grid, ...samples]
    .map((weights) => {
      const { order, scores } = rankUnder(
        input,
        weights,
        found.setting.normalization,
        found.setting.allocation,
      );
      return { weights, ...judge(prior, order, scores, found.setting.count) };
    })
    .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
    .slice(0, REFINE_STARTS);
  const refined: Record<string, number>[] = [];
  for (const start of starts) {
    let current = metrics.map((m) => start.weights[m] ?? 0);
    const total = current.reduce((a, b) => a + b, 0);
    current = current.map((w) => w / total);
    let score = { agreement: start.agreement, margin: start.margin };
    for (const step of REFINE_STEPS) {
      let improved = true;
      while (improved) {
        improved = false;
        for (let from = 0; from < k; from++) {
          for (let to = 0; to < k; to++) {
            if (from === to || (current[from] as number) < step) continue;
            const next = [...current];
            next[from] = (next[from] as number) - step;
            next[to] = (next[to] as number) + step;
            const weights = cleanWeights(metrics, next);
            if (weights === null) continue;
            refined.push(weights);
            const j = evaluate(
              weights,
              found.setting.normalization,
              found.setting.allocation,
              found.setting.count,
            );
            if (better(j, score)) {
              score = j;
              current = next;
              improved = true;
            }
          }
        }
      }
    }
  }

  const result = best as SettingResult;
  const { normalization, allocation, count } = result.setting;
  const reaches = (weights: Record<string, number>) => {
    const { order, scores } = rankUnder(input, weights, normalization, allocation);
    return judge(prior, order, scores, count).agreement === result.agreement;
  };
  const inRegion = [...grid, ...samples, ...refined].filter(reaches);
  const region = metrics.map((metric) => {
    const shares = inRegion.map((w) => {
      const scaled = scaleWeights(metrics, w);
      return scaled.find(([m]) => m === metric)?.[1] ?? 0;
    });
    return { metric, low: Math.min(...shares), high: Math.max(...shares) };
  });
  const regionShare = samples.filter(reaches).length / Math.max(1, samples.length);
  return {
    best: result,
    gridSteps: g,
    gridPoints: grid.length,
    samples: samples.length,
    evaluated,
    region,
    regionShare,
    missedShare: missed.map((m) => m / Math.max(1, bestSettings)),
    unexplained: prior
      .map((_, index) => {
        const c = closest[index] as { rank: number; count: number };
        return { index, closestRank: c.rank, approvedThere: c.count };
      })
      .filter(({ index }) => !explained[index]),
  };
}
