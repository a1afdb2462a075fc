/**
 * Two vintages side by side: each cluster's composite score in run A (hollow) and run B (filled),
 * joined by a line, so a brief shows at a glance which clusters rose, fell, or crossed the line.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ChartFrame, FORMAT, frameChart, round, STATUS } from './chart-frame.ts';

/** One cluster of one area and framework in both runs (comparison.csv's columns). */
export interface ComparisonRow {
  cluster: string;
  vintage_a: string | null;
  vintage_b: string | null;
  approved_a: boolean | null;
  approved_b: boolean | null;
  approval_change: string;
  rank_a: number | null;
  rank_b: number | null;
  score_a: number | null;
  score_b: number | null;
}

/** Words added to a cluster's label when its approval changed. */
const CHANGE_LABEL: Record<string, string> = {
  added: ' (added)',
  dropped: ' (dropped)',
  'only in A': ' (only in A)',
  'only in B': ' (only in B)',
};

/**
 * Vega-Lite dumbbell of composite scores, A vs B, clusters in B's rank order. The frame's
 * vintage names both runs ("2016-2026 vs 2024-2034"); the axis title says which mark is which.
 */
export function comparisonChart(rows: readonly ComparisonRow[], frame: ChartFrame): TopLevelSpec {
  const [va, vb] = [
    rows.find((r) => r.vintage_a)?.vintage_a,
    rows.find((r) => r.vintage_b)?.vintage_b,
  ];
  const runName = (run: 'A' | 'B') =>
    `${run === 'A' ? 'A' : 'B'}: ${(run === 'A' ? va : vb)?.replace('-', '–') ?? '?'}`;
  const ordered = [...rows].sort(
    (a, b) =>
      (a.rank_b ?? Number.MAX_SAFE_INTEGER) - (b.rank_b ?? Number.MAX_SAFE_INTEGER) ||
      (a.rank_a ?? 0) - (b.rank_a ?? 0) ||
      a.cluster.localeCompare(b.cluster),
  );
  const label = (r: ComparisonRow) => `${r.cluster}${CHANGE_LABEL[r.approval_change] ?? ''}`;
  const points = ordered.flatMap((r) =>
    (['A', 'B'] as const)
      .map((run) => ({
        cluster: label(r),
        run: runName(run),
        score: round(run === 'A' ? r.score_a : r.score_b, 3),
        rank: run === 'A' ? r.rank_a : r.rank_b,
        status: (run === 'A' ? r.approved_a : r.approved_b) ? 'Approved' : 'Not approved',
        // B's marks are filled: a flag in the data, so no vintage text reaches a Vega expression.
        filled: run === 'B',
      }))
      .filter((p) => p.score !== null),
  );
  const y = {
    field: 'cluster',
    type: 'nominal',
    sort: ordered.map(label),
    title: null,
    axis: { labelPadding: 6, ticks: false, grid: true, gridColor: '#eeeeee' },
  };
  const x = {
    field: 'score',
    type: 'quantitative',
    title: [
      frame.scoreTitle,
      `hollow: ${runName('A')} · filled: ${runName('B')} · dark: approved, grey: not approved`,
    ],
    axis: { format: FORMAT.score, grid: true, gridColor: '#e6e6e6' },
  };
  const body = {
    data: { values: points },
    width: 380,
    height: { step: 20 },
    layer: [
      {
        mark: { type: 'line', color: '#777777', strokeWidth: 1.5 },
        encoding: { y, x, detail: { field: 'cluster', type: 'nominal' } },
      },
      {
        mark: { type: 'point', size: 70, strokeWidth: 1.8, opacity: 1 },
        encoding: {
          y,
          x,
          // Hollow for A, filled for B: the runs differ in shape fill, not only colour.
          shape: {
            field: 'run',
            type: 'nominal',
            title: 'Run',
            scale: { domain: [runName('A'), runName('B')], range: ['circle', 'circle'] },
            legend: null,
          },
          fill: {
            condition: {
              test: 'datum.filled',
              field: 'status',
              type: 'nominal',
              scale: STATUS,
              title: 'Approval in each run',
            },
            value: '#ffffff',
          },
          stroke: { field: 'status', type: 'nominal', scale: STATUS, legend: null },
          tooltip: [
            { field: 'cluster', title: 'Cluster' },
            { field: 'run', title: 'Run' },
            { field: 'score', title: 'Score', format: FORMAT.score },
            { field: 'rank', title: 'Rank' },
            { field: 'status', title: 'Approval' },
          ],
        },
      },
      { mark: { type: 'rule', color: '#222222' }, encoding: { x: { datum: 0 } } },
    ],
  };
  return frameChart('How each cluster’s score moved between vintages', body, frame);
}
