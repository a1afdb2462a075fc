/**
 * How stable is the approved list? A Monte Carlo over the choices an analyst could defend:
 * weights drawn from a Dirichlet centred on the configured weights (concentration κ: α = κ·w),
 * the high-wage threshold jittered around the area median wage, the score threshold jittered
 * (when selecting by threshold), and the allocation policy drawn from those allowed. Each draw
 * re-normalizes, re-scores and re-ranks every cluster; the tallies give each cluster's
 * probability of approval and its plausible rank range.
 *
 * Separately, for each decision, the smallest shift of weight from one metric to another that
 * flips it: a decision that flips when 0.02 of weight moves is fragile whatever the Monte Carlo
 * says.
 */
import type { Allocation, Normalization, Selection, StabilityConfig } from '../pipeline/config.ts';
import { rankAndSelect } from './rank.ts';
import { normalize } from './score.ts';
import { Random } from './statistics/random.ts';

/** One allocation's view of a group of clusters (one area × vintage × framework). */
export interface AllocationView {
  /** metrics[m][c]: value of weighted metric m for cluster c (null = unknown). */
  metrics: (number | null)[][];
  annualOpenings: number[];
  /** Per cluster, occupations' median wages ascending with their allocated openings. */
  wages: { wage: number[]; openings: number[] }[];
}

export interface StabilityGroup {
  clusters: string[];
  /** The weighted metrics, in order, and their configured weights (summing to 1). */
  metrics: string[];
  weights: number[];
  byAllocation: Partial<Record<Allocation, AllocationView>>;
  baseAllocation: Allocation;
  areaMedianWage: number | null;
}

export interface ClusterStability {
  cluster: string;
  approved: boolean;
  base_rank: number;
  p_approved: number;
  median_rank: number;
  rank_low: number;
  rank_high: number;
  /** Smallest weight moved between two metrics that flips the decision; null if none does. */
  flip_weight_shift: number | null;
  flip_from: string | null;
  flip_to: string | null;
  robust: boolean;
}

interface Settings {
  normalization: Normalization;
  selection: Selection;
  stability: StabilityConfig;
}

const HIGH_WAGE = 'high_wage_share';

export function analyzeStability(
  group: StabilityGroup,
  settings: Settings,
  seed: number,
): ClusterStability[] {
  const { stability, selection, normalization } = settings;
  const n = group.clusters.length;
  const base = group.byAllocation[group.baseAllocation];
  if (!base) throw new Error(`no metrics for allocation ${group.baseAllocation}`);
  const baseNorm = normalizedColumns(base.metrics, normalization);
  const baseDecision = decide(group, baseNorm, group.weights, base.annualOpenings, selection);

  const allocations = stability.allocations.filter((a) => group.byAllocation[a]);
  const normByAllocation = new Map(
    allocations.map((a) => [
      a,
      normalizedColumns((group.byAllocation[a] as AllocationView).metrics, normalization),
    ]),
  );
  const highWageIndex = group.metrics.indexOf(HIGH_WAGE);
  const jitterWage =
    highWageIndex >= 0 && stability.wage_threshold_jitter > 0 && group.areaMedianWage !== null;

  const rng = new Random(seed);
  const approvedCount = new Array<number>(n).fill(0);
  const rankCounts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const alpha = group.weights.map((w) => Math.max(w * stability.concentration, 1e-6));
  for (let d = 0; d < stability.draws; d++) {
    const allocation =
      allocations[Math.floor(rng.next() * allocations.length)] ?? group.baseAllocation;
    const view = group.byAllocation[allocation] as AllocationView;
    let norm = normByAllocation.get(allocation) as number[][];
    const weights = rng.dirichlet(alpha);
    const wageFactor = rng.uniform(-1, 1);
    const scoreFactor = rng.uniform(-1, 1);
    if (jitterWage) {
      const threshold =
        (group.areaMedianWage as number) * (1 + stability.wage_threshold_jitter * wageFactor);
      norm = norm.slice();
      norm[highWageIndex] = normalize(highWageShares(view, threshold), normalization);
    }
    const drawSelection =
      selection.method === 'threshold'
        ? {
            ...selection,
            min_score: selection.min_score + stability.score_threshold_jitter * scoreFactor,
          }
        : selection;
    const result = decide(group, norm, weights, view.annualOpenings, drawSelection);
    for (let c = 0; c < n; c++) {
      if (result.approved[c]) approvedCount[c] = (approvedCount[c] ?? 0) + 1;
      const row = rankCounts[c] as number[];
      const r = (result.rank[c] as number) - 1;
      row[r] = (row[r] ?? 0) + 1;
    }
  }

  const flips = smallestFlips(
    group,
    baseNorm,
    base.annualOpenings,
    selection,
    baseDecision.approved,
  );
  return group.clusters.map((cluster, c) => {
    const approved = baseDecision.approved[c] as boolean;
    const p =
      stability.draws > 0 ? (approvedCount[c] as number) / stability.draws : approved ? 1 : 0;
    const flip = flips[c];
    const sameDecisionShare = approved ? p : 1 - p;
    return {
      cluster,
      approved,
      base_rank: baseDecision.rank[c] as number,
      p_approved: p,
      median_rank: quantileRank(rankCounts[c] as number[], 0.5, baseDecision.rank[c] as number),
      rank_low: quantileRank(rankCounts[c] as number[], 0.05, baseDecision.rank[c] as number),
      rank_high: quantileRank(rankCounts[c] as number[], 0.95, baseDecision.rank[c] as number),
      flip_weight_shift: flip?.shift ?? null,
      flip_from: flip?.from ?? null,
      flip_to: flip?.to ?? null,
      robust:
        sameDecisionShare >= stability.robust_probability &&
        (flip === undefined || flip.shift >= stability.fragile_weight_shift),
    };
  });
}

function normalizedColumns(metrics: (number | null)[][], method: Normalization): number[][] {
  return metrics.map((column) => normalize(column, method));
}

/** Each cluster's share of openings in occupations paying at least the threshold. */
export function highWageShares(view: AllocationView, threshold: number): (number | null)[] {
  return view.wages.map(({ wage, openings }) => {
    let total = 0;
    let above = 0;
    for (let i = 0; i < wage.length; i++) {
      const o = openings[i] as number;
      total += o;
      if ((wage[i] as number) >= threshold) above += o;
    }
    return total > 0 ? above / total : null;
  });
}

interface Decision {
  approved: boolean[];
  rank: number[];
}

function decide(
  group: StabilityGroup,
  norm: number[][],
  weights: readonly number[],
  openings: readonly number[],
  selection: Selection,
): Decision {
  const rows = group.clusters.map((cluster, c) => {
    let score = 0;
    for (let m = 0; m < weights.length; m++)
      score += (weights[m] as number) * ((norm[m] as number[])[c] as number);
    return { cluster, index: c, score, annual_openings: openings[c] as number };
  });
  const ranked = rankAndSelect(rows, selection);
  const approved = new Array<boolean>(rows.length).fill(false);
  const rank = new Array<number>(rows.length).fill(0);
  for (const r of ranked) {
    approved[r.index] = r.approved;
    rank[r.index] = r.rank;
  }
  return { approved, rank };
}

/**
 * For every ordered pair of weighted metrics (from, to), moves weight from `from` to `to` in steps
 * of 0.001, then narrows each first flip by bisection. Every cluster's smallest flip is kept.
 */
function smallestFlips(
  group: StabilityGroup,
  norm: number[][],
  openings: readonly number[],
  selection: Selection,
  base: boolean[],
): ({ shift: number; from: string; to: string } | undefined)[] {
  const best: ({ shift: number; from: string; to: string } | undefined)[] = group.clusters.map(
    () => undefined,
  );
  const m = group.metrics.length;
  const STEP = 0.001;
  const flippedAt = (i: number, j: number, delta: number) => {
    const w = group.weights.slice();
    w[i] = (w[i] as number) - delta;
    w[j] = (w[j] as number) + delta;
    return decide(group, norm, w, openings, selection).approved;
  };
  for (let i = 0; i < m; i++) {
    const available = group.weights[i] as number;
    if (available <= 0) continue;
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const pending = new Set(group.clusters.map((_, c) => c));
      let previous = 0;
      for (let delta = STEP; delta <= available + 1e-12 && pending.size > 0; delta += STEP) {
        const approved = flippedAt(i, j, Math.min(delta, available));
        for (const c of [...pending]) {
          if (approved[c] === base[c]) continue;
          pending.delete(c);
          // Narrow the flip point between the last unflipped and this step.
          let lo = previous;
          let hi = Math.min(delta, available);
          for (let k = 0; k < 20; k++) {
            const mid = (lo + hi) / 2;
            if (flippedAt(i, j, mid)[c] === base[c]) lo = mid;
            else hi = mid;
          }
          const shift = Math.round(hi * 1e4) / 1e4;
          const current = best[c];
          if (current === undefined || shift < current.shift) {
            best[c] = { shift, from: group.metrics[i] as string, to: group.metrics[j] as string };
          }
        }
        previous = delta;
      }
    }
  }
  return best;
}

/** The rank at quantile q of a rank histogram (nearest rank); the fallback when there are no draws. */
function quantileRank(counts: readonly number[], q: number, fallback: number): number {
  const total = counts.reduce((s, x) => s + x, 0);
  if (total === 0) return fallback;
  const target = Math.max(1, Math.ceil(q * total));
  let cumulative = 0;
  for (let r = 0; r < counts.length; r++) {
    cumulative += counts[r] as number;
    if (cumulative >= target) return r + 1;
  }
  return counts.length;
}
