/**
 * Ranking and selection. Ranks are 1 = best fit. Ties are broken deterministically: scores equal
 * to 9 decimals are tied, then more annual openings ranks higher, then the cluster name in
 * alphabetical order, so a rerun never reorders clusters.
 */
import type { Selection } from '../pipeline/config.ts';

export interface Rankable {
  cluster: string;
  score: number;
  annual_openings: number;
}

/**
 * Cluster indices in rank order. The single implementation of the ordering rule, written over
 * plain arrays because the stability analysis calls it tens of thousands of times.
 */
export function rankIndices(
  scores: ArrayLike<number>,
  openings: ArrayLike<number>,
  names: readonly string[],
): number[] {
  const keys = Array.from({ length: scores.length }, (_, i) =>
    Math.round((scores[i] as number) * 1e9),
  );
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
