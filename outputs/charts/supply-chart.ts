/**
 * Supply beside demand: for each cluster, the annual openings that need an award level (light
 * bar) and the awards conferred in the area that lead to the cluster's occupations at that level
 * (dark bar), one panel per level. Clusters in rank order, so the approved list reads top down.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ClusterResult } from '../render-recommendation.ts';
import { type ChartFrame, FORMAT, frameChart, round } from './chart-frame.ts';

/** A row of mart_supply (per area × framework × cluster × award level). */
export interface SupplyChartRow {
  area_code: string;
  vintage: string;
  framework: string;
  cluster: string;
  award_level: string;
  completions: number;
  annual_openings: number;
}

/** IPEDS' publisher, cited under the chart beside the projections' publishers. */
const NCES = 'U.S. Department of Education, NCES (IPEDS Completions)';

const SERIES = {
  domain: ['Annual openings needing the level', 'Awards a year (completions)'],
  range: ['#b3b3b3', '#1f4e79'],
} as const;

/** The chart's panels: award levels as the openings they face (sources/ipeds/award-levels.ts). */
const PANELS = [
  { title: 'Certificates', levels: ['short_certificate', 'certificate'] },
  { title: "Associate's", levels: ['associate'] },
  { title: "Bachelor's", levels: ['bachelor'] },
  { title: 'Graduate', levels: ['graduate'] },
] as const satisfies readonly { title: string; levels: readonly string[] }[];

/** Vega-Lite spec of openings against awards per cluster and award level. */
export function supplyChart(
  clusters: readonly ClusterResult[],
  rows: readonly SupplyChartRow[],
  frame: ChartFrame,
): TopLevelSpec {
  const order = [...clusters].sort((a, b) => a.rank - b.rank).map((c) => c.cluster);
  // Both certificate levels face the same "Postsecondary nondegree award" openings: one panel,
  // awards added, openings drawn once (as the supply gap compares them).
  const panel = (level: string) =>
    PANELS.find((p) => (p.levels as readonly string[]).includes(level))?.title ?? level;
  const cells = new Map<
    string,
    { cluster: string; level: string; awards: number; openings: number }
  >();
  for (const r of rows) {
    if (!order.includes(r.cluster)) continue;
    const level = panel(r.award_level);
    const key = `${r.cluster}\u0000${level}`;
    const cell = cells.get(key) ?? { cluster: r.cluster, level, awards: 0, openings: 0 };
    cell.awards += r.completions;
    cell.openings = Math.max(cell.openings, r.annual_openings);
    cells.set(key, cell);
  }
  const values = [...cells.values()].flatMap((c) => [
    { cluster: c.cluster, level: c.level, series: SERIES.domain[0], value: round(c.openings, 1) },
    { cluster: c.cluster, level: c.level, series: SERIES.domain[1], value: round(c.awards, 1) },
  ]);
  const body = {
    data: { values },
    facet: {
      column: {
        field: 'level',
        type: 'nominal',
        sort: PANELS.map((p) => p.title),
        title: null,
        header: { labelFontSize: 10, labelLimit: 150 },
      },
    },
    spacing: 8,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 150,
      height: { step: 18 },
      mark: { type: 'bar', stroke: '#222222', strokeWidth: 0.3 },
      encoding: {
        y: { field: 'cluster', type: 'nominal', sort: order, title: null, axis: { ticks: false } },
        yOffset: { field: 'series', sort: [...SERIES.domain] },
        x: {
          field: 'value',
          type: 'quantitative',
          title: null,
          axis: {
            format: FORMAT.jobs,
            grid: true,
            gridColor: '#e6e6e6',
            tickCount: 3,
            labelOverlap: 'greedy',
            labelFlush: true,
          },
        },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: [...SERIES.domain], range: [...SERIES.range] },
          legend: { orient: 'top', direction: 'horizontal' },
        },
        tooltip: [
          { field: 'cluster' },
          { field: 'level' },
          { field: 'series' },
          { field: 'value', format: FORMAT.jobs },
        ],
      },
    },
  };
  const publishers = [...frame.publishers, NCES].filter((p, i, all) => all.indexOf(p) === i);
  return frameChart('Openings against awards, by Career Cluster and award level', body, {
    ...frame,
    publishers,
  });
}
