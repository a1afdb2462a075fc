/**
 * The framework bridge: where each legacy cluster's jobs sit in the 2024 framework. A state
 * moving its approved list from the 16 legacy clusters to the 14 new ones needs to see which
 * old approvals feed which new clusters, and how many jobs move with them.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ChartFrame, FORMAT, frameChart, METRIC_SCHEME, round } from './chart-frame.ts';

/** Base-year jobs an occupation shares between one legacy and one 2024 cluster. */
export interface BridgeRow {
  area_code: string;
  vintage: string;
  legacy: string;
  modern: string;
  jobs: number;
}

/** Marks an approved cluster in an axis label; a glyph, so it survives greyscale printing. */
const APPROVED = ' ✓';

/**
 * Vega-Lite heat map of jobs by legacy cluster (rows) × 2024 cluster (columns) for one area and
 * vintage. Rows and columns are in rank order, so approved clusters come first on both axes.
 */
export function bridgeChart(
  rows: readonly BridgeRow[],
  legacyRanked: readonly { cluster: string; approved: boolean }[],
  modernRanked: readonly { cluster: string; approved: boolean }[],
  frame: ChartFrame,
): TopLevelSpec {
  const label = (c: { cluster: string; approved: boolean }): string =>
    c.approved ? `${c.cluster}${APPROVED}` : c.cluster;
  const legacyLabel = new Map(legacyRanked.map((c) => [c.cluster, label(c)]));
  const modernLabel = new Map(modernRanked.map((c) => [c.cluster, label(c)]));
  const values = rows
    .filter((r) => r.jobs >= 0.5 && legacyLabel.has(r.legacy) && modernLabel.has(r.modern))
    .map((r) => ({
      legacy: legacyLabel.get(r.legacy),
      modern: modernLabel.get(r.modern),
      jobs: round(r.jobs, 0),
    }));
  const max = Math.max(0, ...values.map((v) => v.jobs ?? 0));
  const encoding = {
    y: {
      field: 'legacy',
      type: 'nominal',
      sort: legacyRanked.map(label),
      // The axis title would collide with the long cluster names; the x title names both axes.
      title: null,
      axis: { labelPadding: 6, ticks: false },
    },
    x: {
      field: 'modern',
      type: 'nominal',
      sort: modernRanked.map(label),
      title: 'Rows: legacy 16 clusters · columns: 2024 framework, 14 clusters · ✓ approved',
      axis: { orient: 'top', labelAngle: -40, labelAlign: 'left', ticks: false },
    },
  };
  const body = {
    data: { values },
    width: { step: 44 },
    height: { step: 24 },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          ...encoding,
          color: {
            field: 'jobs',
            type: 'quantitative',
            // Square root: a few very large flows would otherwise wash out every other cell.
            scale: { type: 'sqrt', scheme: METRIC_SCHEME, reverse: true, zero: true },
            title: 'Base-year jobs',
            // Beside the grid: under it the legend would fall below the source line.
            legend: { format: FORMAT.jobs, orient: 'right', gradientLength: 240 },
          },
          tooltip: [
            { field: 'legacy', title: 'Legacy cluster' },
            { field: 'modern', title: '2024 cluster' },
            { field: 'jobs', title: 'Base-year jobs', format: FORMAT.jobs },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 8.5 },
        encoding: {
          ...encoding,
          text: { field: 'jobs', type: 'quantitative', format: '.2~s' },
          // Dark text on the light low end of the reversed scale, white on the dark high end.
          color: {
            condition: { test: `datum.jobs > ${round(max * 0.25, 0)}`, value: '#ffffff' },
            value: '#111111',
          },
        },
      },
    ],
  };
  return frameChart('Where each legacy cluster’s jobs go in the 2024 framework', body, frame);
}
