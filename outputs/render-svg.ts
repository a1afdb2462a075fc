/**
 * Vega-Lite spec → SVG text, in Node with no browser. Vega lays out text with our DejaVu Sans
 * metrics (see font-metrics.ts) so the SVG and the PNG drawn from it agree with the spec's font.
 *
 * Vega and Vega-Lite are imported on first use, not at start-up: a run draws its charts on a
 * worker thread (pipeline/worker-client.ts), so the main thread never needs them, and loading them took a
 * quarter of a second of every command's start.
 */
import type { TopLevelSpec } from 'vega-lite';
import { importEsm } from '../kernel/import-esm.ts';
import { textWidth } from './font-metrics.ts';
import { escapeHtml } from './markdown-to-html.ts';

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

type Engines = { vega: typeof import('vega'); compile: typeof import('vega-lite').compile };
let engines: Promise<Engines> | undefined;

/** Imports Vega and Vega-Lite once (pipeline/worker.ts calls it ahead of the first chart). */
export function loadEngines(): Promise<Engines> {
  engines ??= Promise.all([
    importEsm<Engines['vega']>('vega'),
    importEsm<typeof import('vega-lite')>('vega-lite'),
  ]).then(([vega, vegaLite]) => {
    // Vega reads text widths through this shared object; vl-convert replaces `width` the same way.
    const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
    metrics.width = (item: TextItem, text: unknown): number => {
      const s = text === null || text === undefined ? '' : String(text).trim();
      const w = textWidth(s, item.fontSize ?? 11, item.fontWeight);
      // Vega truncates labels longer than their limit; the drawn label is then at most that wide.
      return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
    };
    return { vega, compile: vegaLite.compile };
  });
  return engines;
}

/** Renders a Vega-Lite spec to an SVG document. Equal specs give byte-identical SVG. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadEngines();
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    // Clip-path and gradient ids come from module-wide counters; restart them per chart so a
    // chart's SVG does not depend on how many charts were drawn before it.
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    // Vega's string renderer drops the spec's description; put it back as the accessible name
    // (role, aria-label and <title>) so screen readers and the brief's images announce it.
    const label = (spec as { description?: string }).description;
    if (!label) return svg;
    const text = escapeHtml(label);
    return svg.replace(
      /^<svg ([^>]*)>/,
      `<svg role="img" aria-label="${text}" $1><title>${text}</title>`,
    );
  } finally {
    view.finalize();
  }
}
