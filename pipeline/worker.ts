/**
 * A run's worker thread (see worker-client.ts): the run's worker lays out the charts and runs
 * stability groups, so that work uses the second core; a second one draws the charts' PNGs. It
 * answers each request with { id, value } or { id, error }, one task at a time, in the order
 * asked (Vega's SVG id counters are module-wide and reset per chart).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderPng } from '../outputs/render-png.ts';
import { loadEngines, renderSvg } from '../outputs/render-svg.ts';
import { analyzeStability } from '../transforms/stability.ts';
import type { WorkerReply, WorkerStart, WorkerTask } from './worker-client.ts';

async function perform(task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'chart':
      return renderSvg(task.spec);
    case 'png':
      return renderPng(task.svg);
    case 'stability':
      return analyzeStability(task.group, task.settings, task.seed);
  }
}

const port = parentPort;
if (port) {
  // Load Vega now, while the main thread is still computing, not when the first chart is asked
  // (unless the run draws no charts).
  if ((workerData as WorkerStart | undefined)?.charts !== false) void loadEngines();
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', ({ id, task }: { id: number; task: WorkerTask }) => {
    const done = queue.then(() => perform(task));
    queue = done.catch(() => {});
    done
      .then(
        (value): WorkerReply => ({ id, value }),
        (e): WorkerReply => ({ id, error: e instanceof Error ? e.message : String(e) }),
      )
      .then((reply) => port.postMessage(reply));
  });
}
