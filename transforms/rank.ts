/**
 * Ranking and selection. Ranks are 1 = best fit. Ties are broken deterministically: scores equal
 * to 9 decimals are tied, then more annual openings ranks higher, then the cluster name in
 * alphabetical order, so a rerun never reorders clusters.
 */
import type { Selection } from '../kernel/config-types.ts';

export interface Rankable {
  cluster: string;
  score: number;
  annual_openings: number;
}

/**
 * Cluster indices in rank order. The single implementation of the ordering rule, written over
 * plain arrays; Ranker applies it to the same names again and again.
 */
export function rankIndices(
  scores: ArrayLike<number>,
  openings: ArrayLike<number>,
  names: readonly string[],
): number[] {
  return Array.from(new Ranker(names).rank(scores, openings));
}

const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ordering rule for one fixed list of names, applied many times (the stability analysis
 * ranks the same clusters on every draw): names are ranked once, so a tie on score and openings
 * compares two integers, not two strings, and the buffers are reused. The comparison is a
 * consistent order whenever the keys are finite, so every stable sort gives the same result;
 * small lists get an insertion sort, which is far cheaper than Array.prototype.sort's setup.
 */
export class Ranker {
  private readonly nameRank: Int32Array;
  private readonly keys: Float64Array;
  private readonly openings: Float64Array;
  /** The last ranking (overwritten by the next call to rank). */
  private readonly order: Int32Array;

  constructor(private readonly names: readonly string[]) {
    const n = names.length;
    const byName = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      compareNames(names[a] as string, names[b] as string),
    );
    this.nameRank = new Int32Array(n);
    byName.forEach((i, r) => {
      this.nameRank[i] = r;
    });
    this.keys = new Float64Array(n);
    this.openings = new Float64Array(n);
    this.order = Int32Array.from({ length: n }, (_, i) => i);
  }

  /** Indices in rank order; the array is reused by the next call. */
  rank(scores: ArrayLike<number>, openings: ArrayLike<number>): Int32Array {
    const { keys, order } = this;
    const n = this.names.length;
    let finite = true;
    for (let i = 0; i < n; i++) {
      const key = Math.round((scores[i] as number) * 1e9);
      const opening = openings[i] as number;
      keys[i] = key;
      this.openings[i] = opening;
      if (!Number.isFinite(key) || !Number.isFinite(opening)) finite = false;
    }
    // NaN or infinite keys make the comparison inconsistent, where the result depends on the
    // sort algorithm: then exactly the comparison and the sort the rule always used.
    if (!finite) {
      order.set(this.sortedByComparison(openings));
      return order;
    }
    if (n > 32) {
      const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
        this.after(a, b) ? 1 : this.after(b, a) ? -1 : 0,
      );
      order.set(sorted);
      return order;
    }
    // With distinct name ranks no two clusters compare equal, so the sorted order is the same
    // whatever order the sort starts from: it starts from the last ranking, which successive
    // draws change little, so the insertion sort has little to move.
    for (let i = 1; i < n; i++) {
      const x = order[i] as number;
      let j = i - 1;
      while (j >= 0 && this.after(order[j] as number, x)) {
        order[j + 1] = order[j] as number;
        j--;
      }
      order[j + 1] = x;
    }
    return order;
  }

  /** Whether item a ranks below item b (the ordering rule, for finite keys). */
  private after(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    if (ka !== kb) return kb > ka;
    const oa = this.openings[a] as number;
    const ob = this.openings[b] as number;
    if (oa !== ob) return ob > oa;
    return (this.nameRank[a] as number) > (this.nameRank[b] as number);
  }

  private sortedByComparison(o: ArrayLike<number>): number[] {
    const { keys, names } = this;
    return Array.from({ length: names.length }, (_, i) => i).sort((a, b) => {
      const ka = keys[a] as number;
      const kb = keys[b] as number;
      if (ka !== kb) return kb - ka;
      const oa = o[a] as number;
      const ob = o[b] as number;
      if (oa !== ob) return ob - oa;
      return compareNames(names[a] as string, names[b] as string);
    });
  }
}

export function rankOrder<T extends Rankable>(rows: readonly T[]): T[] {
  return rankIndices(
    rows.map((r) => r.score),
    rows.map((r) => r.annual_openings),
    rows.map((r) => r.cluster),
  ).map((i) => rows[i] as T);
}

/** How many clusters the rule approves out of n, for the count-based methods. */
export function approvalCount(selection: Selection, n: number): number | undefined {
  if (selection.method === 'top_n') return Math.min(selection.top_n, n);
  // Half up, so 0.75 of 14 clusters is 11 (10.5 rounded up), not banker's 10.
  if (selection.method === 'top_share') return Math.floor(selection.top_share * n + 0.5);
  return undefined;
}

export interface RankedDecision {
  rank: number;
  approved: boolean;
}

/** Ranks a group and decides approval for each member, in rank order. */
export function rankAndSelect<T extends Rankable>(
  rows: readonly T[],
  selection: Selection,
): (T & RankedDecision)[] {
  const ordered = rankOrder(rows);
  const cut = approvalCount(selection, ordered.length);
  return ordered.map((row, i) => ({
    ...row,
    rank: i + 1,
    approved: cut === undefined ? row.score >= selection.min_score : i < cut,
  }));
}

/** A plain sentence for the selection rule, used in the recommendation and the manifest. */
export function describeSelection(selection: Selection, n: number): string {
  const cut = approvalCount(selection, n);
  if (selection.method === 'top_n') return `the top ${cut} of ${n} clusters by score`;
  if (selection.method === 'top_share') {
    return `the top ${Math.round(selection.top_share * 100)}% of clusters by score (${cut} of ${n})`;
  }
  return `every cluster with a score of at least ${selection.min_score}`;
}
