/**
 * The run's worker thread (see worker-client.ts): draws chart SVGs and runs stability groups, so
 * that work uses the second core. It answers each request with { id, value } or { id, error },
 * one at a time, in the order asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngines, renderSvg } from '../outputs/render-svg.ts';
import { analyzeStability } from '../transforms/stability.ts';
import type { WorkerReply, WorkerStart, WorkerTask } from './worker-client.ts';

function perform(task: WorkerTask): Promise<unknown> | unknown {
  switch (task.kind) {
    case 'svg':
      return renderSvg(task.spec);
    case 'stability':
      return analyzeStability(task.group, task.settings, task.seed);
  }
}

const port = parentPort;
if (port) {
  // Load Vega now, while the main thread is still computing, not when the first chart is asked
  // (unless the run draws no charts).
  if ((workerData as WorkerStart | undefined)?.charts !== false) void loadEngines();
  let queue = Promise.resolve();
  port.on('message', ({ id, task }: { id: number; task: WorkerTask }) => {
    // Sequential: Vega's SVG id counters are module-wide and reset per chart.
    queue = queue.then(async () => {
      let reply: WorkerReply;
      try {
        reply = { id, value: await perform(task) };
      } catch (e) {
        reply = { id, error: e instanceof Error ? e.message : String(e) };
      }
      port.postMessage(reply);
    });
  });
}
