/** Ranked composite scores, one bar per cluster, with the approval cut drawn between ranks. */
import type { TopLevelSpec } from 'vega-lite';
import type { ClusterResult } from '../render-recommendation.ts';
import { type ChartFrame, FORMAT, frameChart, round, STATUS } from './chart-frame.ts';

const STEP = 20;

/** Vega-Lite spec of the ranked scores of one area × vintage × framework. */
export function scoreChart(clusters: readonly ClusterResult[], frame: ChartFrame): TopLevelSpec {
  const rows = [...clusters].sort((a, b) => a.rank - b.rank);
  const firstOut = rows.find((r) => !r.approved);
  const anyIn = rows.some((r) => r.approved);
  const values = rows.map((r) => ({
    rank: r.rank,
    cluster: r.cluster,
    score: round(r.score, 4),
    status: r.approved ? STATUS.domain[0] : STATUS.domain[1],
    // The cut is drawn above the first cluster left out, when some are in and some are out.
    cut: anyIn && r === firstOut,
  }));
  const order = rows.map((r) => r.cluster);
  const y = {
    field: 'cluster',
    type: 'nominal',
    sort: order,
    title: null,
    axis: { labelPadding: 6, ticks: false },
  };
  const body = {
    data: { values },
    width: 360,
    height: { step: STEP },
    layer: [
      {
        mark: { type: 'bar', stroke: '#222222', strokeWidth: 0.5 },
        encoding: {
          y,
          x: {
            field: 'score',
            type: 'quantitative',
            title: frame.scoreTitle,
            // Room beyond the longest bars for their value labels.
            scale: { padding: 36 },
            axis: { format: '+.1f', grid: true, gridColor: '#e6e6e6' },
          },
          color: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: [...STATUS.domain], range: [...STATUS.range] },
            legend: { orient: 'top', direction: 'horizontal' },
          },
        },
      },
      {
        mark: {
          type: 'text',
          fontSize: 9,
          color: '#222222',
          align: { expr: "datum.score >= 0 ? 'left' : 'right'" },
          dx: { expr: 'datum.score >= 0 ? 3 : -3' },
        },
        encoding: {
          y,
          x: { field: 'score', type: 'quantitative' },
          text: { field: 'score', type: 'quantitative', format: FORMAT.score },
        },
      },
      { mark: { type: 'rule', color: '#222222' }, encoding: { x: { datum: 0 } } },
      {
        transform: [{ filter: 'datum.cut' }],
        // Half the gap between bars (default band padding 0.1 of the step) above the band.
        mark: { type: 'rule', color: '#000000', strokeDash: [6, 3], strokeWidth: 1.5, yOffset: -1 },
        encoding: { y: { ...y, bandPosition: 0 } },
      },
      {
        transform: [{ filter: 'datum.cut' }],
        mark: {
          type: 'text',
          align: 'right',
          baseline: 'bottom',
          fontSize: 9,
          fontStyle: 'italic',
          x: 'width',
          dy: -2,
          text: 'approval cut',
        },
        encoding: { y: { ...y, bandPosition: 0 } },
      },
    ],
  };
  return frameChart('Composite score by Career Cluster, ranked', body, frame);
}
