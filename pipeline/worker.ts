/**
 * The run's worker thread (see worker-client.ts): draws the charts and runs stability groups, so
 * that work uses the second core. It answers each request with { id, value } or { id, error }.
 * Tasks start one at a time, in the order asked; a chart's PNG is drawn while the next task runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderPng } from '../outputs/render-png.ts';
import { loadEngines, renderSvg } from '../outputs/render-svg.ts';
import { analyzeStability } from '../transforms/stability.ts';
import type { WorkerReply, WorkerStart, WorkerTask } from './worker-client.ts';

/**
 * Does the task's part that must not overlap another task's; resolves to its result, itself a
 * promise when the rest may run alongside the next task.
 */
async function perform(task: WorkerTask): Promise<{ result: unknown }> {
  switch (task.kind) {
    case 'chart': {
      // Sequential: Vega's SVG id counters are module-wide and reset per chart. resvg then
      // rasterizes on libuv's pool while the next chart is laid out here.
      const svg = await renderSvg(task.spec);
      return { result: renderPng(svg).then((png) => ({ svg, png })) };
    }
    case 'stability':
      return { result: analyzeStability(task.group, task.settings, task.seed) };
  }
}

const port = parentPort;
if (port) {
  // Load Vega now, while the main thread is still computing, not when the first chart is asked
  // (unless the run draws no charts).
  if ((workerData as WorkerStart | undefined)?.charts !== false) void loadEngines();
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', ({ id, task }: { id: number; task: WorkerTask }) => {
    const started = queue.then(() => perform(task));
    queue = started.catch(() => {});
    started
      .then((step) => step.result)
      .then(
        (value): WorkerReply => ({ id, value }),
        (e): WorkerReply => ({ id, error: e instanceof Error ? e.message : String(e) }),
      )
      .then((reply) => port.postMessage(reply));
  });
}
