/**
 * Probability of approval with rank intervals, from the stability (resampling) output. The
 * stability stage does not exist yet: this chart is drawn only when its table is present.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ClusterResult } from '../render-recommendation.ts';
import { type ChartFrame, FORMAT, frameChart, round, STATUS } from './chart-frame.ts';

/** The table the stability stage is expected to write, one row per area × framework × cluster. */
export const STABILITY_TABLE = 'mart_stability';

/** A row of STABILITY_TABLE: share of resamples approving the cluster and its rank interval. */
export interface StabilityRow {
  area_code: string;
  vintage: string;
  framework: string;
  cluster: string;
  /** 0–1. */
  p_approved: number;
  rank_low: number;
  rank_high: number;
}

/** Vega-Lite spec of approval probability and rank intervals for one area × vintage × framework. */
export function stabilityChart(
  clusters: readonly ClusterResult[],
  stability: readonly StabilityRow[],
  frame: ChartFrame,
): TopLevelSpec {
  const ranked = [...clusters].sort((a, b) => a.rank - b.rank);
  const byCluster = new Map(stability.map((s) => [s.cluster, s]));
  const values = ranked
    .filter((r) => byCluster.has(r.cluster))
    .map((r) => {
      const s = byCluster.get(r.cluster) as StabilityRow;
      return {
        cluster: r.cluster,
        rank: r.rank,
        rank_low: s.rank_low,
        rank_high: s.rank_high,
        p_approved: round(s.p_approved, 4),
        status: r.approved ? STATUS.domain[0] : STATUS.domain[1],
      };
    });
  const y = {
    field: 'cluster',
    type: 'nominal',
    sort: ranked.map((r) => r.cluster),
    title: null,
    axis: { labelPadding: 6, ticks: false },
  };
  const color = {
    field: 'status',
    type: 'nominal',
    title: null,
    scale: { domain: [...STATUS.domain], range: [...STATUS.range] },
    legend: { orient: 'top', direction: 'horizontal' },
  };
  const body = {
    data: { values },
    hconcat: [
      {
        width: 220,
        height: { step: 20 },
        layer: [
          {
            mark: { type: 'bar', stroke: '#222222', strokeWidth: 0.5 },
            encoding: {
              y,
              x: {
                field: 'p_approved',
                type: 'quantitative',
                title: 'Probability of approval',
                scale: { domain: [0, 1] },
                axis: { format: FORMAT.percent, grid: true, gridColor: '#e6e6e6' },
              },
              color,
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 3, fontSize: 9 },
            encoding: {
              y,
              x: { field: 'p_approved', type: 'quantitative' },
              text: { field: 'p_approved', type: 'quantitative', format: FORMAT.percent },
            },
          },
        ],
      },
      {
        width: 200,
        height: { step: 20 },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2, color: '#222222' },
            encoding: {
              y: { ...y, axis: null },
              x: {
                field: 'rank_low',
                type: 'quantitative',
                title: 'Rank (interval across resamples; dot = published rank)',
                scale: { zero: false, nice: false, domainMin: 1 },
                axis: { tickMinStep: 1, format: 'd', grid: true, gridColor: '#e6e6e6' },
              },
              x2: { field: 'rank_high' },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 50, stroke: '#222222' },
            encoding: {
              y: { ...y, axis: null },
              x: { field: 'rank', type: 'quantitative' },
              color,
            },
          },
        ],
      },
    ],
  };
  return frameChart('How stable is each cluster’s approval?', body, frame);
}
