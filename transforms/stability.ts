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
import type {
  Allocation,
  Normalization,
  Selection,
  StabilityConfig,
} from '../kernel/config-types.ts';
import { approvalCount, Ranker } from './rank.ts';
import { normalize, normalizeInto } from './score.ts';
import { DirichletSampler, Random } from './statistics/random.ts';

/** One allocation's view of a group of clusters (one area × vintage × framework). */
export interface AllocationView {
  /** metrics[m][c]: value of weighted metric m for cluster c (null = unknown). */
  metrics: (number | null)[][];
  annualOpenings: ArrayLike<number>;
  /** Per cluster, occupations' median wages ascending with their allocated openings. */
  wages: { wage: ArrayLike<number>; openings: ArrayLike<number> }[];
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
  /** Called every 1,000 draws with the number done, for a progress bar. */
  onDraws?: (done: number) => void,
): ClusterStability[] {
  const { stability, selection, normalization } = settings;
  const n = group.clusters.length;
  const base = group.byAllocation[group.baseAllocation];
  if (!base) throw new Error(`no metrics for allocation ${group.baseAllocation}`);
  const baseNorm = normalizedColumns(base.metrics, normalization);
  const decider = new Decider(group);
  const baseDecision = decider.copy(
    decider.decide(baseNorm, group.weights, base.annualOpenings, selection),
  );

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
  // Built once per allocation, on first use: a draw's high-wage column is then a lookup.
  const highWage = new Map<Allocation, HighWageColumns>();
  const highWageOf = (allocation: Allocation, view: AllocationView): HighWageColumns => {
    let columns = highWage.get(allocation);
    if (!columns) {
      const median = group.areaMedianWage as number;
      const jitter = stability.wage_threshold_jitter;
      columns = new HighWageColumns(view, normalization, [
        median * (1 - jitter),
        median * (1 + jitter),
      ]);
      highWage.set(allocation, columns);
    }
    return columns;
  };

  const rng = new Random(seed);
  const approvedCount = new Int32Array(n);
  // rankCounts[c * n + r]: draws in which cluster c ranked r + 1.
  const rankCounts = new Int32Array(n * n);
  const dirichlet = new DirichletSampler(
    group.weights.map((w) => Math.max(w * stability.concentration, 1e-6)),
  );
  // Scratch reused by every draw: each draw's decision is tallied before the next is drawn.
  const drawSelection = { ...selection };
  const weights = new Array<number>(group.weights.length);
  const drawNorm: number[][] = [];
  for (let d = 0; d < stability.draws; d++) {
    const allocation =
      allocations[Math.floor(rng.next() * allocations.length)] ?? group.baseAllocation;
    const view = group.byAllocation[allocation] as AllocationView;
    let norm = normByAllocation.get(allocation) as number[][];
    dirichlet.drawInto(rng, weights);
    const wageFactor = rng.uniform(-1, 1);
    const scoreFactor = rng.uniform(-1, 1);
    if (jitterWage) {
      const threshold =
        (group.areaMedianWage as number) * (1 + stability.wage_threshold_jitter * wageFactor);
      drawNorm.length = norm.length;
      for (let k = 0; k < norm.length; k++) drawNorm[k] = norm[k] as number[];
      drawNorm[highWageIndex] = highWageOf(allocation, view).column(threshold);
      norm = drawNorm;
    }
    if (selection.method === 'threshold') {
      drawSelection.min_score =
        selection.min_score + stability.score_threshold_jitter * scoreFactor;
    }
    const result = decider.decide(norm, weights, view.annualOpenings, drawSelection);
    if (onDraws && (d + 1) % 1000 === 0) onDraws(d + 1);
    for (let c = 0; c < n; c++) {
      if (result.approved[c]) approvedCount[c] = (approvedCount[c] as number) + 1;
      const cell = c * n + (result.rank[c] as number) - 1;
      rankCounts[cell] = (rankCounts[cell] as number) + 1;
    }
  }

  const flips = smallestFlips(
    group,
    decider,
    baseNorm,
    base.annualOpenings,
    selection,
    baseDecision.approved,
  );
  return group.clusters.map((cluster, c) => {
    const approved = baseDecision.approved[c] === 1;
    const ranks = rankCounts.subarray(c * n, (c + 1) * n);
    const p =
      stability.draws > 0 ? (approvedCount[c] as number) / stability.draws : approved ? 1 : 0;
    const flip = flips[c];
    const sameDecisionShare = approved ? p : 1 - p;
    return {
      cluster,
      approved,
      base_rank: baseDecision.rank[c] as number,
      p_approved: p,
      median_rank: quantileRank(ranks, 0.5, baseDecision.rank[c] as number),
      rank_low: quantileRank(ranks, 0.05, baseDecision.rank[c] as number),
      rank_high: quantileRank(ranks, 0.95, baseDecision.rank[c] as number),
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

/**
 * One cluster's occupations, wages ascending, for its share of openings in occupations paying
 * at least a threshold. Those occupations are a suffix of the list, found by binary search; the
 * suffix's openings are added in list order exactly as a scan of the whole list adds them (so
 * the share is the same to the last bit), once per suffix: the draws' thresholds fall on few.
 */
export class WageLadder {
  private readonly total: number;
  private readonly ascending: boolean;
  private readonly above: Float64Array;
  private readonly known: Uint8Array;

  constructor(
    private readonly wage: ArrayLike<number>,
    private readonly openings: ArrayLike<number>,
  ) {
    let total = 0;
    let ascending = true;
    for (let i = 0; i < wage.length; i++) {
      total += openings[i] as number;
      // NaN fails this too, and a NaN wage breaks the suffix: such a list is scanned whole.
      if (i > 0 && !((wage[i - 1] as number) <= (wage[i] as number))) ascending = false;
    }
    this.total = total;
    this.ascending = ascending;
    this.above = new Float64Array(wage.length + 1);
    this.known = new Uint8Array(wage.length + 1);
  }

  share(threshold: number): number | null {
    const { wage, openings } = this;
    const n = wage.length;
    let above = 0;
    if (this.ascending) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((wage[mid] as number) >= threshold) hi = mid;
        else lo = mid + 1;
      }
      if (this.known[lo] === 1) above = this.above[lo] as number;
      else {
        for (let i = lo; i < n; i++) above += openings[i] as number;
        this.above[lo] = above;
        this.known[lo] = 1;
      }
    } else {
      for (let i = 0; i < n; i++)
        if ((wage[i] as number) >= threshold) above += openings[i] as number;
    }
    return this.total > 0 ? above / this.total : null;
  }
}

/**
 * One allocation's normalized high-wage-share column for any threshold. With every cluster's
 * wages ascending, the occupations at or above a threshold in each cluster are fixed by where
 * the threshold falls among all the group's distinct wages, so the column is computed once per
 * such position (by the same WageLadder shares and normalize arithmetic) and reused by every
 * draw whose threshold falls there. Only the wages within the range the thresholds are drawn
 * from tell two thresholds apart, so only those are sorted; a threshold outside the range (none
 * is) would be computed afresh.
 */
export class HighWageColumns {
  private readonly ladders: WageLadder[];
  /** The distinct wages within `range`, ascending, or null when a list is not ascending. */
  private readonly levels: Float64Array | null;
  private readonly low: number;
  private readonly high: number;
  /** By position among the levels. */
  private readonly cache: (number[] | undefined)[] = [];
  private readonly shares: (number | null)[];
  private readonly known: Float64Array;

  constructor(
    view: AllocationView,
    private readonly normalization: Normalization,
    range: readonly [number, number],
  ) {
    this.ladders = view.wages.map((w) => new WageLadder(w.wage, w.openings));
    // Widened well past the rounding of a drawn threshold.
    this.low = Math.min(...range) - Math.abs(range[0]) * 1e-9;
    this.high = Math.max(...range) + Math.abs(range[1]) * 1e-9;
    const inRange: number[] = [];
    let ascending = true;
    for (const { wage } of view.wages) {
      for (let i = 0; i < wage.length; i++) {
        const w = wage[i] as number;
        if (w >= this.low && w <= this.high) inRange.push(w);
        if (i > 0 && !((wage[i - 1] as number) <= w)) ascending = false;
      }
    }
    const sorted = Float64Array.from(inRange).sort();
    this.levels = ascending ? sorted.filter((x, i) => i === 0 || x !== sorted[i - 1]) : null;
    this.shares = new Array<number | null>(this.ladders.length);
    this.known = new Float64Array(this.ladders.length);
  }

  column(threshold: number): number[] {
    const { levels } = this;
    if (!levels || !(threshold >= this.low && threshold <= this.high)) {
      return this.compute(threshold);
    }
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((levels[mid] as number) >= threshold) hi = mid;
      else lo = mid + 1;
    }
    let column = this.cache[lo];
    if (!column) {
      column = this.compute(threshold);
      this.cache[lo] = column;
    }
    return column;
  }

  private compute(threshold: number): number[] {
    for (let c = 0; c < this.ladders.length; c++) {
      this.shares[c] = (this.ladders[c] as WageLadder).share(threshold);
    }
    return normalizeInto(this.shares, this.normalization, [], this.known);
  }
}

interface Decision {
  /** 1 = approved. */
  approved: Uint8Array;
  rank: Int32Array;
}

/**
 * Scores, ranks and selects one group's clusters, into buffers reused across calls (a draw's
 * decision is read before the next is made; copy() keeps one).
 */
class Decider {
  private readonly n: number;
  private readonly ranker: Ranker;
  private readonly scores: Float64Array;
  private readonly decision: Decision;

  constructor(group: StabilityGroup) {
    this.n = group.clusters.length;
    this.ranker = new Ranker(group.clusters);
    this.scores = new Float64Array(this.n);
    this.decision = { approved: new Uint8Array(this.n), rank: new Int32Array(this.n) };
  }

  decide(
    norm: number[][],
    weights: readonly number[],
    openings: ArrayLike<number>,
    selection: Selection,
  ): Decision {
    const { n, scores } = this;
    scores.fill(0);
    for (let m = 0; m < weights.length; m++) {
      const w = weights[m] as number;
      const column = norm[m] as number[];
      for (let c = 0; c < n; c++) scores[c] = (scores[c] as number) + w * (column[c] as number);
    }
    const order = this.ranker.rank(scores, openings);
    const cut = approvalCount(selection, n);
    const { approved, rank } = this.decision;
    for (let i = 0; i < n; i++) {
      const c = order[i] as number;
      rank[c] = i + 1;
      approved[c] = (cut === undefined ? (scores[c] as number) >= selection.min_score : i < cut)
        ? 1
        : 0;
    }
    return this.decision;
  }

  copy(d: Decision): Decision {
    return { approved: d.approved.slice(), rank: d.rank.slice() };
  }
}

/**
 * Passing over intervals (smallestFlips). With the first `cut` of the ranking approved, the
 * approved set changes only where an approved cluster's line meets an unapproved one's, and then
 * the last approved and the first unapproved meet there too (all four scores are equal there;
 * lines that are one and the same never part); either of those two is replaced only where
 * another line crosses its own. So after a ranking whose last approved and first unapproved are
 * each TIE or more from every other line (or the very same line), every interval has its
 * approved set, and no flip to date, until one opens where a line crosses one of those two, or
 * brings those two within TIE of each other: the ranking compares scores rounded to 1e-9 (then
 * openings and names), which may order lines that close otherwise than their scores. Only such
 * intervals are ranked. tests/transforms/fast-paths.test.ts compares it with ranking every
 * interval. At 1,000 areas (2,002 groups, draws 0) the Monte Carlo's analysis took 0.51 s of CPU
 * ranking every interval, 0.29 s now.
 */
const TIE = 1e-8;

/**
 * For every ordered pair of weighted metrics (from, to), the smallest amount of weight moved from
 * `from` to `to` that changes a cluster's decision. Moving δ changes cluster c's score linearly,
 * s_c(δ) = s_c + δ·(z_to,c − z_from,c), so the ranking can only change where two clusters' lines
 * cross. Decisions are evaluated once inside each interval between crossings (exact, and far
 * cheaper than scanning a grid of δ), and a flip is dated to the crossing that opens its interval.
 * With a score threshold, the crossings with the threshold line count too.
 */
function smallestFlips(
  group: StabilityGroup,
  decider: Decider,
  norm: number[][],
  openings: ArrayLike<number>,
  selection: Selection,
  base: Uint8Array,
): ({ shift: number; from: string; to: string } | undefined)[] {
  const n = group.clusters.length;
  const best: ({ shift: number; from: string; to: string } | undefined)[] = group.clusters.map(
    () => undefined,
  );
  const m = group.metrics.length;
  const baseScore = group.clusters.map((_, c) => {
    let score = 0;
    for (let k = 0; k < m; k++)
      score += (group.weights[k] as number) * ((norm[k] as number[])[c] as number);
    return score;
  });
  // Scratch for every pair: at most one crossing per two clusters, one per cluster with the
  // threshold, and `available`.
  const points = new Float64Array((n * (n - 1)) / 2 + n + 1);
  // Where each two clusters' lines cross within (0, available) (a × n + b, a < b; else NaN).
  const crossing = new Float64Array(n * n).fill(Number.NaN);
  const slope = new Float64Array(n);
  const pending = new Uint8Array(n);
  const w = new Array<number>(m);
  // With a threshold every interval is ranked; otherwise the first `cut` are approved.
  const cut = selection.method === 'threshold' ? undefined : approvalCount(selection, n);
  for (let i = 0; i < m; i++) {
    const available = group.weights[i] as number;
    if (available <= 0) continue;
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      for (let c = 0; c < n; c++) {
        slope[c] = ((norm[j] as number[])[c] as number) - ((norm[i] as number[])[c] as number);
      }
      // Crossings in (0, available), then available itself: sorted, each distinct one once.
      let count = 0;
      points[count++] = available;
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          crossing[a * n + b] = Number.NaN;
          const ds = (slope[a] as number) - (slope[b] as number);
          if (ds === 0) continue;
          const d = ((baseScore[b] as number) - (baseScore[a] as number)) / ds;
          if (d > 0 && d < available) {
            points[count++] = d;
            crossing[a * n + b] = d;
          }
        }
        if (selection.method === 'threshold' && slope[a] !== 0) {
          const d = (selection.min_score - (baseScore[a] as number)) / (slope[a] as number);
          if (d > 0 && d < available) points[count++] = d;
        }
      }
      const sorted = points.subarray(0, count).sort();
      // The last approved and the first unapproved cluster of the last ranking (-1: none), and
      // whether that ranking is settled (see TIE).
      let low = -1;
      let high = -1;
      let settled = false;
      const score = (c: number, at: number) => (baseScore[c] as number) + at * (slope[c] as number);
      const crossAt = (a: number, b: number) => crossing[a < b ? a * n + b : b * n + a] as number;
      // Whether `c` is a line apart from `other`'s by TIE or more at `at`, or the same line.
      const apart = (c: number, other: number, at: number) =>
        Math.abs(score(c, at) - score(other, at)) >= TIE ||
        (slope[c] === slope[other] && baseScore[c] === baseScore[other]);
      // Whether the approved set may differ in the interval that opens at `at` (middle `mid`)
      // from the settled ranking's: a line crosses the last approved's or the first unapproved's
      // there (which may make another cluster the last approved or the first unapproved), or
      // those two come within TIE of each other.
      const mayChange = (at: number, mid: number): boolean => {
        if (low < 0 || high < 0) return false;
        if (score(low, mid) - score(high, mid) < TIE) return true;
        for (let c = 0; c < n; c++)
          if (crossAt(low, c) === at || crossAt(high, c) === at) return true;
        return false;
      };
      let start = 0;
      pending.fill(1);
      let left = n;
      for (let p = 0; p < count && left > 0; p++) {
        const end = sorted[p] as number;
        if (p > 0 && end === sorted[p - 1]) continue;
        const mid = (start + end) / 2;
        if (settled && !mayChange(start, mid)) {
          start = end;
          continue;
        }
        for (let k = 0; k < m; k++) w[k] = group.weights[k] as number;
        w[i] = (w[i] as number) - mid;
        w[j] = (w[j] as number) + mid;
        const { approved, rank } = decider.decide(norm, w, openings, selection);
        if (cut !== undefined) {
          low = -1;
          high = -1;
          for (let c = 0; c < n; c++) {
            if (rank[c] === cut) low = c;
            else if (rank[c] === cut + 1) high = c;
          }
          // Settled when its last approved and first unapproved are each apart from every other
          // line by TIE (or the same line): they, and the approved set, are the exact order's.
          settled = true;
          for (const edge of [low, high]) {
            if (edge < 0) continue;
            for (let c = 0; c < n && settled; c++) if (c !== edge) settled = apart(c, edge, mid);
          }
        }
        for (let c = 0; c < n; c++) {
          if (pending[c] === 0 || approved[c] === base[c]) continue;
          pending[c] = 0;
          left--;
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

/** The rank at quantile q of a rank histogram (nearest rank); the fallback when there are no draws. */
function quantileRank(counts: ArrayLike<number>, q: number, fallback: number): number {
  let total = 0;
  for (let r = 0; r < counts.length; r++) total += counts[r] as number;
  if (total === 0) return fallback;
  const target = Math.max(1, Math.ceil(q * total));
  let cumulative = 0;
  for (let r = 0; r < counts.length; r++) {
    cumulative += counts[r] as number;
    if (cumulative >= target) return r + 1;
  }
  return counts.length;
}
