/**
 * Vega-Lite spec → SVG text, in Node with no browser. Vega lays out text with our DejaVu Sans
 * metrics (see font-metrics.ts) so the SVG and the PNG drawn from it agree with the spec's font.
 *
 * Vega and Vega-Lite are imported on first use, not at start-up: a run draws its charts on a
 * worker thread (pipeline/worker-client.ts), so the main thread never needs them, and loading them took a
 * quarter of a second of every command's start.
 *
 * Run from the bundle, they are loaded as one CommonJS script (dist/vega.cjs, built from
 * vega-engines.ts) through V8's code cache, not imported as the packages' ES modules: Node 20
 * compiles every module of an ES package (vega and vega-lite, ~100 files with their d3 and vega
 * parts) from its source at each import and caches none. Loading both, fresh processes, 3 runs
 * each: 0.27-0.34 s by the clock (0.32-0.39 s of CPU) as modules, 38 ms (42-45 ms of CPU) as the
 * cached script; in the full default run that CPU is the chart worker's, beside the stages.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { importEsm, loadCachedBundle } from '../kernel/import-esm.ts';
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
  engines ??= importEngines().then(({ vega, compile }) => {
    // Vega reads text widths through this shared object; vl-convert replaces `width` the same way.
    const metrics = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
    metrics.width = (item: TextItem, text: unknown): number => {
      const s = text === null || text === undefined ? '' : String(text).trim();
      const w = textWidth(s, item.fontSize ?? 11, item.fontWeight);
      // Vega truncates labels longer than their limit; the drawn label is then at most that wide.
      return item.limit !== undefined && item.limit > 0 ? Math.min(w, item.limit) : w;
    };
    return { vega, compile };
  });
  return engines;
}

/** Saves dist/vega.cjs's code cache once a chart is drawn (the first run after a build). */
let saveEnginesCache: (() => void) | undefined;

/** The bundled engines beside the running bundle, or else the packages' modules. */
async function importEngines(): Promise<Engines> {
  const bundle = import.meta.url.endsWith('.ts')
    ? null
    : fileURLToPath(new URL('./vega.cjs', import.meta.url));
  if (bundle !== null && existsSync(bundle)) {
    const { exports, saveCache } = await loadCachedBundle<Engines>(bundle);
    saveEnginesCache = saveCache;
    return exports;
  }
  const [vega, vegaLite] = await Promise.all([
    importEsm<Engines['vega']>('vega'),
    importEsm<typeof import('vega-lite')>('vega-lite'),
  ]);
  return { vega, compile: vegaLite.compile };
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
    // After the first chart, so the cache holds the bytecode of what drawing one compiled.
    saveEnginesCache?.();
    saveEnginesCache = undefined;
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
