/** Growth against median wage per cluster; bubble area = annual openings, colour = approved. */
import type { TopLevelSpec } from 'vega-lite';
import type { ClusterResult } from '../render-recommendation.ts';
import { type ChartFrame, FORMAT, frameChart, round, STATUS } from './chart-frame.ts';

/** Vega-Lite spec of growth vs median wage for one area × vintage × framework. */
export function growthWageChart(
  clusters: readonly ClusterResult[],
  frame: ChartFrame,
): TopLevelSpec {
  // A cluster with no wage estimate (every occupation suppressed) cannot be placed; it stays in
  // the tables.
  const values = [...clusters]
    .sort((a, b) => a.rank - b.rank)
    .filter((r) => r.median_wage !== null && r.pct_change !== null)
    .map((r) => ({
      cluster: r.cluster,
      median_wage: round(r.median_wage, 0),
      // Stored in percent (8.8); the chart formats fractions as percents.
      growth: round((r.pct_change ?? 0) / 100, 5),
      annual_openings: round(r.annual_openings, 0),
      status: r.approved ? STATUS.domain[0] : STATUS.domain[1],
    }));
  const x = {
    field: 'median_wage',
    type: 'quantitative',
    title: 'Median annual wage (employment-weighted median of occupation medians)',
    scale: { zero: false, nice: true },
    axis: { format: FORMAT.money, grid: true, gridColor: '#e6e6e6' },
  };
  const y = {
    field: 'growth',
    type: 'quantitative',
    title: 'Projected employment growth',
    scale: { zero: false, nice: true },
    axis: { format: FORMAT.percent, grid: true, gridColor: '#e6e6e6' },
  };
  const body = {
    data: { values },
    width: 520,
    height: 360,
    layer: [
      {
        mark: { type: 'point', filled: true, opacity: 0.85, stroke: '#222222', strokeWidth: 0.7 },
        encoding: {
          x,
          y,
          size: {
            field: 'annual_openings',
            type: 'quantitative',
            title: 'Annual openings',
            scale: { range: [30, 1400] },
            legend: { format: FORMAT.jobs, symbolFillColor: '#808080' },
          },
          color: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: [...STATUS.domain], range: [...STATUS.range] },
          },
          // Shape repeats the status so it survives photocopies and any colour vision.
          shape: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: [...STATUS.domain], range: ['circle', 'square'] },
          },
          order: { field: 'annual_openings', sort: 'descending' },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 7, fontSize: 8.5, color: '#222222' },
        encoding: { x, y, text: { field: 'cluster', type: 'nominal' } },
      },
    ],
  };
  return frameChart('Growth and wages by Career Cluster', body, frame);
}
