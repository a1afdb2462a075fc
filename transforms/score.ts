/**
 * The composite score: each weighted metric is normalized across the clusters of one area and
 * framework, multiplied by its weight, and summed. z-scores (the default) say how many standard
 * deviations a cluster sits from the framework's average; percentiles say what share of clusters
 * it beats (ties count half), which resists one very large cluster.
 */
import { mean, standardDeviation } from 'simple-statistics';
import type { Normalization, ScorableMetric } from '../kernel/config-types.ts';

export type MetricValues = Record<ScorableMetric, number | null | undefined>;

export interface ClusterInput {
  key: string;
  metrics: MetricValues;
}

export interface MetricContribution {
  metric: ScorableMetric;
  value: number | null;
  normalized: number;
  weight: number;
  contribution: number;
}

export interface ClusterScore {
  key: string;
  score: number;
  contributions: MetricContribution[];
}

/**
 * Weights scaled to sum to 1, in the order of `metrics`, zero and missing weights dropped. The
 * pipeline and the notebooks' what-if page both call this, so a weight set in a slider scores
 * exactly as the same weight set in a config file.
 */
export function scaleWeights(
  metrics: readonly ScorableMetric[],
  weights: Readonly<Record<string, number>>,
): [ScorableMetric, number][] {
  const entries = metrics.map((m) => [m, weights[m] ?? 0] as [ScorableMetric, number]);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  return entries.filter(([, w]) => w > 0).map(([m, w]) => [m, w / total]);
}

/** Scores one group of clusters (one area × framework). Weights should sum to 1. */
export function scoreClusters(
  clusters: readonly ClusterInput[],
  weights: readonly [ScorableMetric, number][],
  normalization: Normalization,
): ClusterScore[] {
  const normalizedBy = new Map<ScorableMetric, number[]>();
  for (const [metric] of weights) {
    const values = clusters.map((c) => c.metrics[metric] ?? null);
    normalizedBy.set(metric, normalize(values, normalization));
  }
  return clusters.map((c, i) => {
    const contributions = weights.map(([metric, weight]) => {
      const normalized = normalizedBy.get(metric)?.[i] ?? 0;
      return {
        metric,
        value: c.metrics[metric] ?? null,
        normalized,
        weight,
        contribution: weight * normalized,
      };
    });
    return {
      key: c.key,
      score: contributions.reduce((s, x) => s + x.contribution, 0),
      contributions,
    };
  });
}

/**
 * Normalizes one metric across clusters. A missing value (a cluster with no wage estimates, say)
 * gets the neutral value (z = 0, percentile = 0.5) so it neither helps nor hurts the cluster.
 */
export function normalize(values: readonly (number | null)[], method: Normalization): number[] {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (method === 'zscore') {
    if (known.length < 2) return values.map(() => 0);
    const m = mean(known);
    const sd = standardDeviation(known);
    return values.map((v) => (v === null || sd === 0 ? 0 : (v - m) / sd));
  }
  return values.map((v) => {
    if (v === null || known.length === 0) return 0.5;
    let below = 0;
    let equal = 0;
    for (const k of known) {
      if (k < v) below++;
      else if (k === v) equal++;
    }
    return (below + 0.5 * equal) / known.length;
  });
}

/**
 * normalize(values, method) written into `out` with no intermediate arrays, for the stability
 * draws, which normalize the high-wage shares afresh on every draw. The same arithmetic in the
 * same order as normalize (simple-statistics' compensated sum for the mean, then the population
 * variance around it), so the results are identical bit for bit (a test checks it against
 * normalize); `known` is scratch space at least values.length long.
 */
export function normalizeInto(
  values: ArrayLike<number | null>,
  method: Normalization,
  out: number[],
  known: Float64Array,
): number[] {
  const n = values.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number | null;
    if (v !== null && Number.isFinite(v)) known[count++] = v;
  }
  out.length = n;
  if (method === 'zscore') {
    if (count < 2) return out.fill(0);
    const m = compensatedSum(known, count) / count;
    let squares = 0;
    for (let i = 0; i < count; i++) {
      const d = (known[i] as number) - m;
      squares += d * d;
    }
    const sd = Math.sqrt(squares / count);
    for (let i = 0; i < n; i++) {
      const v = values[i] as number | null;
      out[i] = v === null || sd === 0 ? 0 : (v - m) / sd;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i] as number | null;
    if (v === null || count === 0) {
      out[i] = 0.5;
      continue;
    }
    let below = 0;
    let equal = 0;
    for (let k = 0; k < count; k++) {
      const x = known[k] as number;
      if (x < v) below++;
      else if (x === v) equal++;
    }
    out[i] = (below + 0.5 * equal) / count;
  }
  return out;
}

/** simple-statistics' sum (Neumaier's compensated summation) of the first `count` values. */
function compensatedSum(x: Float64Array, count: number): number {
  let sum = x[0] as number;
  let correction = 0;
  for (let i = 1; i < count; i++) {
    const xi = x[i] as number;
    const transition = sum + xi;
    if (Math.abs(sum) >= Math.abs(xi)) correction += sum - transition + xi;
    else correction += xi - transition + sum;
    sum = transition;
  }
  return sum + correction;
}
