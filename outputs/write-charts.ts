/**
 * Every chart of a run, for each area × vintage × framework, saved under charts/ three ways:
 * the Vega-Lite spec with its data inlined (embed it as is), the SVG, and a 2× PNG.
 */
import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import type { OutputFolder } from '../kernel/output-folder.ts';
import { type BridgeRow, bridgeChart } from './charts/bridge-chart.ts';
import type { ChartFrame } from './charts/chart-frame.ts';
import { contributionsChart } from './charts/contributions-chart.ts';
import { growthWageChart } from './charts/growth-wage-chart.ts';
import { scoreChart } from './charts/score-chart.ts';
import { type StabilityRow, stabilityChart } from './charts/stability-chart.ts';
import { type SupplyChartRow, supplyChart } from './charts/supply-chart.ts';
import type { DrawnChart } from './render-png.ts';
import type { ClusterResult, Contribution } from './render-recommendation.ts';

/**
 * Draws charts, one promise per spec, settled in order. The caller passes it in (the pipeline's
 * worker thread, pipeline/worker-client.ts): outputs/ does not reach up into the pipeline.
 */
export type ChartDrawer = (specs: readonly TopLevelSpec[]) => Promise<DrawnChart>[];

/** Everything the charts are drawn from. `stability` is null until a stability stage exists. */
export interface ChartData {
  clusters: readonly ClusterResult[];
  contributions: readonly Contribution[];
  stability: readonly StabilityRow[] | null;
  /** Jobs shared by each legacy × 2024 cluster pair; empty unless both frameworks ran. */
  bridge: readonly BridgeRow[];
  frames: readonly ChartFrame[];
  /** With `supply`: openings and awards per cluster and award level (mart_supply). */
  supply?: readonly SupplyChartRow[];
}

/** One chart, drawn. `file` is the path under the output folder without extension. */
export interface RenderedChart extends DrawnChart {
  file: string;
  title: string;
  frame: ChartFrame;
  spec: TopLevelSpec;
}

/** A chart to draw: its kind (the file name's first word), frame and spec. */
export interface PlannedChart {
  kind: string;
  frame: ChartFrame;
  spec: TopLevelSpec;
}

function titleOf(spec: TopLevelSpec): string {
  const t = (spec as { title?: { text?: string } }).title;
  return t?.text ?? '';
}

/** The chart specs of a run, in publication order: per frame, score, growth, drivers, stability. */
export function planCharts(data: ChartData): PlannedChart[] {
  const out: PlannedChart[] = [];
  for (const frame of data.frames) {
    const mine = <T extends { area_code: string; vintage: string; framework: string }>(
      rows: readonly T[],
    ): T[] =>
      rows.filter(
        (r) =>
          r.area_code === frame.areaCode &&
          r.vintage === frame.vintage &&
          r.framework === frame.frameworkId,
      );
    const clusters = mine(data.clusters);
    if (clusters.length === 0) continue;
    out.push({ kind: 'scores', frame, spec: scoreChart(clusters, frame) });
    out.push({ kind: 'growth-wage', frame, spec: growthWageChart(clusters, frame) });
    out.push({
      kind: 'contributions',
      frame,
      spec: contributionsChart(clusters, mine(data.contributions), frame),
    });
    const stability = data.stability ? mine(data.stability) : [];
    if (stability.length > 0) {
      out.push({ kind: 'stability', frame, spec: stabilityChart(clusters, stability, frame) });
    }
    const supply = data.supply ? mine(data.supply) : [];
    if (supply.length > 0) {
      out.push({ kind: 'supply', frame, spec: supplyChart(clusters, supply, frame) });
    }
    const bridge = bridgeOf(data, frame);
    if (bridge) out.push(bridge);
  }
  return out;
}

/**
 * The framework bridge for the frame's area and vintage, drawn once, after the 2024 framework's
 * charts, when the run also has the legacy framework there.
 */
function bridgeOf(data: ChartData, frame: ChartFrame): PlannedChart | null {
  if (frame.frameworkId !== 'acte2024') return null;
  const legacy = data.frames.find(
    (f) =>
      f.frameworkId === 'legacy16' && f.areaCode === frame.areaCode && f.vintage === frame.vintage,
  );
  const rows = data.bridge.filter(
    (r) => r.area_code === frame.areaCode && r.vintage === frame.vintage,
  );
  if (!legacy || rows.length === 0) return null;
  const ranked = (framework: string) =>
    data.clusters
      .filter(
        (c) =>
          c.framework === framework &&
          c.area_code === frame.areaCode &&
          c.vintage === frame.vintage,
      )
      .sort((a, b) => a.rank - b.rank);
  const bridgeFrame: ChartFrame = {
    ...frame,
    frameworkId: 'bridge',
    frameworkTitle: 'Legacy 16 clusters → 2024 framework',
    publishers: [...new Set([...legacy.publishers, ...frame.publishers])],
  };
  return {
    kind: 'bridge',
    frame: bridgeFrame,
    spec: bridgeChart(rows, ranked('legacy16'), ranked('acte2024'), bridgeFrame),
  };
}

/** A file-name-safe stem: "scores-CA-2023-2033-legacy16". */
export function chartStem(kind: string, frame: ChartFrame): string {
  return [kind, frame.areaCode, frame.vintage, frame.frameworkId]
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '_');
}

/**
 * Draws every planned chart with `draw` (a worker thread, in a run), so a caller can start this,
 * write other files, and await it later.
 */
export async function renderCharts(data: ChartData, draw: ChartDrawer): Promise<RenderedChart[]> {
  return drawCharts(planCharts(data), draw);
}

/** Draws planned charts (a run's, or compare's); see renderCharts. */
export async function drawCharts(
  plans: readonly PlannedChart[],
  draw: ChartDrawer,
): Promise<RenderedChart[]> {
  const drawn = await Promise.all(draw(plans.map((p) => p.spec)));
  return plans.map((plan, i) => ({
    file: `charts/${chartStem(plan.kind, plan.frame)}`,
    title: titleOf(plan.spec),
    frame: plan.frame,
    spec: plan.spec,
    ...(drawn[i] as DrawnChart),
  }));
}

/** Writes each chart's .vl.json, .svg and .png through the output folder; returns the names. */
export function writeCharts(out: OutputFolder, charts: readonly RenderedChart[]): string[] {
  const names: string[] = [];
  for (const c of charts) {
    writeFileSync(out.path(`${c.file}.vl.json`), `${JSON.stringify(c.spec, null, 2)}\n`);
    writeFileSync(out.path(`${c.file}.svg`), c.svg);
    writeFileSync(out.path(`${c.file}.png`), c.png);
    names.push(`${c.file}.vl.json`, `${c.file}.svg`, `${c.file}.png`);
  }
  return names;
}
