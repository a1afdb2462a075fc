/**
 * The weighted median: the smallest value at which the cumulative weight reaches half the total.
 * Used for the "employment-weighted median of occupation median wages": each occupation's median
 * wage counts as many times as it has (allocated) jobs. Pairs with a null value or a weight of 0
 * are ignored (as are NaN ones: a column read through Database.numbers holds NULL as NaN); with
 * no usable pairs the result is null.
 */
export function weightedMedian(
  values: ArrayLike<number | null>,
  weights: ArrayLike<number>,
): number | null {
  // Values already ascending (callers read them sorted): the pairs in the order a stable sort
  // would leave them, so the same sums without building and sorting them.
  let total = 0;
  let count = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | null;
    const w = weights[i] ?? 0;
    if (v === null || !Number.isFinite(v) || !(w > 0)) continue;
    if (v < previous) return sortedMedian(values, weights);
    previous = v;
    total += w;
    count++;
  }
  if (count === 0) return null;
  const half = total / 2;
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | null;
    const w = weights[i] ?? 0;
    if (v === null || !Number.isFinite(v) || !(w > 0)) continue;
    cumulative += w;
    if (cumulative >= half) return v;
  }
  return previous;
}

/** weightedMedian of pairs in any order: sorted by value first (a stable sort). */
function sortedMedian(values: ArrayLike<number | null>, weights: ArrayLike<number>): number | null {
  const pairs: [number, number][] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | null;
    const w = weights[i] ?? 0;
    if (v !== null && Number.isFinite(v) && w > 0) pairs.push([v, w]);
  }
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
