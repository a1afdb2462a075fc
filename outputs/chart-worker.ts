/**
 * The worker thread that draws chart SVGs (see svg-worker.ts). It answers each { id, spec }
 * with { id, svg } or { id, error }, one chart at a time, in the order asked.
 */
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { loadEngines, renderSvg } from './render-svg.ts';

export interface SvgRequest {
  id: number;
  spec: TopLevelSpec;
}

export type SvgReply = { id: number; svg: string } | { id: number; error: string };

const port = parentPort;
if (port) {
  // Load Vega now, while the main thread is still computing, not when the first chart is asked.
  void loadEngines();
  let queue = Promise.resolve();
  port.on('message', (request: SvgRequest) => {
    // Sequential: Vega's SVG id counters are module-wide and reset per chart.
    queue = queue.then(async () => {
      try {
        port.postMessage({ id: request.id, svg: await renderSvg(request.spec) });
      } catch (e) {
        port.postMessage({ id: request.id, error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}
