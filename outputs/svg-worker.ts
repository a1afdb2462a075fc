/**
 * Draws chart SVGs on a worker thread, so Vega's synchronous layout runs on the second core
 * while the main thread writes the tables. A run starts the worker early (startChartWorker) so
 * Vega is loaded while the pipeline computes; the idle worker is unref'd and never keeps the
 * process alive. If the worker cannot start or dies, the charts are drawn on this thread
 * instead: same code, same bytes, only slower.
 */

import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { faultOnWorker } from '../pipeline/fault-injection.ts';
import type { SvgReply, SvgRequest } from './chart-worker.ts';
import { renderSvg } from './render-svg.ts';

/** The worker's entry: the bundle's sibling, or the TypeScript module through its bootstrap. */
function workerEntry(): { file: string; workerData?: { module: string } } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { file: fileURLToPath(new URL('./chart-worker.mjs', here)) };
  return {
    file: fileURLToPath(new URL('./worker-bootstrap.mjs', here)),
    workerData: { module: new URL('./chart-worker.ts', here).href },
  };
}

interface Pending {
  /** The worker drawing it; null once it is drawn here. */
  worker: Worker | null;
  resolve: (svg: string) => void;
  reject: (e: Error) => void;
  spec: TopLevelSpec;
}

/**
 * Workers drawing charts, each taking every n-th chart. One: on the 2-core reference machine a
 * second worker loading Vega competed with the stages for the cores and runs got slower.
 */
const POOL_SIZE = 1;
let workers: Worker[] = [];
let nextId = 0;
const pending = new Map<number, Pending>();

/** Starts the workers (once) so they load Vega ahead of the charts; idle, they do not hold the process. */
export function startChartWorker(): void {
  if (workers.length > 0) return;
  try {
    const entry = workerEntry();
    for (let i = 0; i < POOL_SIZE; i++) {
      const w = faultOnWorker('charts')
        ? new Worker('process.exit(1)', { eval: true })
        : new Worker(entry.file, { workerData: entry.workerData });
      w.on('message', (reply: SvgReply) => {
        const p = pending.get(reply.id);
        if (!p) return;
        pending.delete(reply.id);
        if ('svg' in reply) p.resolve(reply.svg);
        else p.reject(new Error(reply.error));
        if (![...pending.values()].some((q) => q.worker === w)) w.unref();
      });
      const lost = () => {
        workers = workers.filter((x) => x !== w);
        void drawHere();
      };
      w.on('error', lost);
      w.on('exit', lost);
      // After the listeners: adding a 'message' listener refs the worker again.
      w.unref();
      workers.push(w);
    }
  } catch {
    void stopChartWorker();
  }
}

/** Stops the workers, if any run (a command that will draw no more charts). */
export async function stopChartWorker(): Promise<void> {
  const running = workers;
  workers = [];
  await Promise.all(running.map((w) => w.terminate()));
}

// Charts the worker took but cannot finish are drawn here, one at a time (two loops at once
// would interleave Vega's module-wide SVG id counters).
let drawingHere = false;
async function drawHere(): Promise<void> {
  if (drawingHere) return;
  drawingHere = true;
  try {
    // Only charts whose worker is gone; the others are still coming.
    const orphans = [...pending].filter(
      ([, p]) => p.worker === null || !workers.includes(p.worker),
    );
    for (const [id, p] of orphans.sort(([a], [b]) => a - b)) {
      pending.delete(id);
      try {
        p.resolve(await renderSvg(p.spec));
      } catch (e) {
        p.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
  } finally {
    drawingHere = false;
  }
}

/**
 * One promise per spec, settled in order as the worker draws them. A spec Vega rejects rejects
 * its promise with Vega's message, as renderSvg would.
 */
export function renderSvgs(specs: readonly TopLevelSpec[]): Promise<string>[] {
  if (specs.length === 0) return [];
  startChartWorker();
  const pool = workers;
  const promises = specs.map(
    (spec, i) =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const w = pool.length > 0 ? (pool[i % pool.length] as Worker) : null;
        pending.set(id, { worker: w, resolve, reject, spec });
        if (w) {
          w.ref();
          w.postMessage({ id, spec } satisfies SvgRequest);
        }
      }),
  );
  if (pool.length === 0) void drawHere();
  return promises;
}
