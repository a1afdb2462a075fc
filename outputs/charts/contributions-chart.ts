/** What each weighted metric adds to (or takes from) each cluster's score, stacked. */
import type { TopLevelSpec } from 'vega-lite';
import { METRIC_LABELS } from '../format.ts';
import type { ClusterResult, Contribution } from '../render-recommendation.ts';
import { type ChartFrame, frameChart, METRIC_SCHEME, round } from './chart-frame.ts';

/** Vega-Lite spec of per-metric score contributions for one area × vintage × framework. */
export function contributionsChart(
  clusters: readonly ClusterResult[],
  contributions: readonly Contribution[],
  frame: ChartFrame,
): TopLevelSpec {
  const ranked = [...clusters].sort((a, b) => a.rank - b.rank);
  const rankOf = new Map(ranked.map((r) => [r.cluster, r]));
  // Metrics in order of weight, heaviest first, so the legend reads like the method.
  const weights = new Map<string, number>();
  for (const c of contributions)
    weights.set(c.metric, Math.max(weights.get(c.metric) ?? 0, c.weight));
  const metrics = [...weights.keys()].sort(
    (a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0) || a.localeCompare(b),
  );
  const label = (m: string): string => {
    const l = METRIC_LABELS[m] ?? m;
    return l.charAt(0).toUpperCase() + l.slice(1);
  };
  const values = contributions
    .filter((c) => rankOf.has(c.cluster))
    .map((c) => ({
      cluster: c.cluster,
      rank: rankOf.get(c.cluster)?.rank ?? 0,
      metric: label(c.metric),
      metric_order: metrics.indexOf(c.metric),
      contribution: round(c.contribution, 4),
    }))
    .sort((a, b) => a.rank - b.rank || a.metric_order - b.metric_order);
  const domain = metrics.map(label);
  const body = {
    data: { values },
    width: 360,
    height: { step: 20 },
    layer: [
      {
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.8 },
        encoding: {
          y: {
            field: 'cluster',
            type: 'nominal',
            sort: ranked.map((r) => r.cluster),
            title: null,
            axis: { labelPadding: 6, ticks: false },
          },
          x: {
            field: 'contribution',
            type: 'quantitative',
            aggregate: 'sum',
            stack: 'zero',
            title: 'Contribution to composite score (weight × normalized value)',
            axis: { format: '+.1f', grid: true, gridColor: '#e6e6e6' },
          },
          color: {
            field: 'metric',
            type: 'nominal',
            title: 'Metric, heaviest weight first',
            scale: { domain, scheme: METRIC_SCHEME },
            // On top: under the chart it would fall below the source line.
            legend: { orient: 'top', direction: 'vertical', columns: 2, titleLimit: 400 },
          },
          order: { field: 'metric_order', type: 'quantitative' },
        },
      },
      { mark: { type: 'rule', color: '#222222' }, encoding: { x: { datum: 0 } } },
    ],
  };
  return frameChart('What drives each cluster’s score', body, frame);
}
