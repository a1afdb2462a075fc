// The what-if page's scoring: the pipeline's own scaleWeights and scoreClusters
// (transforms/score.ts) and rankAndSelect (transforms/rank.ts), linked into this folder so the
// page runs the very code the pipeline runs. This file only wires a group's rows to them the way
// pipeline/stages/score.ts and rank.ts do.

import { rankAndSelect } from './transforms/rank.js';
import { scaleWeights, scoreClusters } from './transforms/score.js';

/**
 * Rescores one area × vintage × framework group of mart_clusters rows under `weights` (metric →
 * weight, any scale), `normalization` and `selection`; returns the rows in rank order with the
 * new score, rank and approval, and the pipeline's as pipeline_*.
 */
export function rescore(rows, metrics, weights, normalization, selection) {
  // The pipeline scores each group in cluster order; keep it, so sums add up in the same order.
  const ordered = [...rows].sort((a, b) =>
    a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0,
  );
  const scaled = scaleWeights(metrics, weights);
  const scored = scoreClusters(
    ordered.map((r) => ({
      key: r.cluster,
      metrics: Object.fromEntries(metrics.map((m) => [m, typeof r[m] === 'number' ? r[m] : null])),
    })),
    scaled,
    normalization,
  );
  const rescored = ordered.map((r, i) => ({
    ...r,
    pipeline_score: r.score,
    pipeline_rank: r.rank,
    pipeline_approved: r.approved,
    score: scored[i].score,
    contributions: scored[i].contributions,
  }));
  return rankAndSelect(rescored, selection);
}

/** Whether rescoring every group with the run's own settings gives the pipeline's ranks. */
export function reproducesPipeline(clusters, metrics, weights, normalization, selection) {
  const groups = new Map();
  for (const r of clusters) {
    const key = `${r.area_code}\t${r.vintage}\t${r.framework}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let same = 0;
  let total = 0;
  const differing = [];
  for (const rows of groups.values()) {
    for (const r of rescore(rows, metrics, weights, normalization, selection)) {
      total++;
      const ok =
        r.rank === r.pipeline_rank &&
        r.approved === r.pipeline_approved &&
        Math.abs(r.score - r.pipeline_score) < 1e-9;
      if (ok) same++;
      else differing.push(`${r.framework}: ${r.cluster} (rank ${r.rank} vs ${r.pipeline_rank})`);
    }
  }
  return { same, total, matches: same === total && total > 0, differing };
}
