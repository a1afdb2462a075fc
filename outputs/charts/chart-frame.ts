/**
 * What every chart shares: the title block (title, and a subtitle naming area, vintage and
 * framework), a source line naming the publishers and the method version under the chart, the
 * font, and colours chosen to survive greyscale printing and colour-blind readers.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY } from '../font-metrics.ts';

/** A Vega-Lite view, built as plain JSON (the saved .vl.json is exactly this). */
export type ViewSpec = Record<string, unknown>;

/** Facts every chart of one area × vintage × framework is labelled with. */
export interface ChartFrame {
  areaName: string;
  areaCode: string;
  vintage: string;
  frameworkId: string;
  frameworkTitle: string;
  /** Publishers of the inputs behind the chart, in citation order. */
  publishers: string[];
  /** e.g. "clusterfit 0.1.0; z-score composite, split allocation". */
  method: string;
  /** Axis title for the composite score, which depends on the normalization. */
  scoreTitle: string;
}

/**
 * Approved vs not: a dark blue against a light grey differ in lightness by far more than in hue,
 * so the pair reads in greyscale and for every kind of colour blindness.
 */
export const STATUS = {
  domain: ['Approved', 'Not approved'],
  range: ['#1f4e79', '#b3b3b3'],
} as const;

/**
 * Metric colours: evenly spaced steps of viridis, whose lightness rises monotonically (readable
 * in greyscale) and which is designed for colour-blind readers. The extent stops short of
 * viridis' pale yellow so the last step still stands out on white.
 */
export const METRIC_SCHEME = { name: 'viridis', extent: [0, 0.85] } as const;

/** d3-format strings for numbers as people read them. */
export const FORMAT = {
  jobs: ',.0f',
  money: '$,.0f',
  percent: '.0%',
  score: '+.2f',
} as const;

/** En dash between the years, as printed ("2023–2033"). */
export function vintageText(vintage: string): string {
  return vintage.replaceAll('-', '–');
}

/** Wraps a chart body with the shared title, source line and config. */
export function frameChart(title: string, body: ViewSpec, frame: ChartFrame): TopLevelSpec {
  const sourceLines = [`Source: ${frame.publishers.join('; ')}.`, `Method: ${frame.method}.`];
  // Built as plain JSON and checked by compiling it in the tests, not by the spec's TS types.
  const subtitle = `${frame.areaName} · ${vintageText(frame.vintage)} · ${frame.frameworkTitle}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // Becomes the SVG's aria-label, so screen readers announce what the chart is.
    description: `${title}. ${subtitle}.`,
    title: { text: title, subtitle, anchor: 'start' },
    vconcat: [
      body,
      {
        // The source line is its own small view under the chart: Vega-Lite titles sit on top
        // only, and a text view keeps the line inside the exported image.
        data: { values: [{}] },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'top',
          fontSize: 9,
          color: '#333333',
          lineHeight: 12,
        },
        encoding: { text: { value: sourceLines }, x: { value: 0 }, y: { value: 0 } },
        width: 10,
        height: 12 * sourceLines.length,
      },
    ],
    spacing: 14,
    config: {
      font: FONT_FAMILY,
      background: 'white',
      padding: 12,
      view: { stroke: null },
      title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#333333', offset: 12 },
      axis: {
        labelFontSize: 10,
        titleFontSize: 11,
        labelColor: '#222222',
        titleColor: '#222222',
        labelLimit: 340,
      },
      legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 340 },
    },
  } as unknown as TopLevelSpec;
}

/** Rounds a number for inlined chart data: enough digits to draw, no float noise in the JSON. */
export function round(n: number | null, digits: number): number | null {
  if (n === null || !Number.isFinite(n)) return null;
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
}
