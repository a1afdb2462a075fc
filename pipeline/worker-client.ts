/**
 * One worker thread per run for work that would otherwise queue on the main thread: the charts
 * (Vega's layout, while the main thread writes the tables) and half of the
 * stability groups (while the main thread runs the other half). A run starts it early
 * (startWorker), so it loads Vega while the stages compute; idle, it is unref'd and never keeps
 * the process alive.
 *
 * Every task comes with a way to do it here. If the worker cannot start or dies, what it had not
 * finished is done on this thread, in order: same code, same results, only slower.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { faultOnWorkerStart } from '../kernel/fault-injection.ts';
import { type DrawnChart, withPng } from '../outputs/render-png.ts';
import { renderSvg } from '../outputs/render-svg.ts';
import {
  analyzeStability,
  type ClusterStability,
  type StabilityGroup,
} from '../transforms/stability.ts';

export type StabilitySettings = Parameters<typeof analyzeStability>[1];

/** What the worker can be asked to do (see worker.ts). */
export type WorkerTask =
  | { kind: 'chart'; spec: TopLevelSpec }
  | { kind: 'stability'; group: StabilityGroup; settings: StabilitySettings; seed: number };

export type WorkerReply = { id: number; value: unknown } | { id: number; error: string };

/** What the worker is told at start (worker.ts reads it). */
export interface WorkerStart {
  /** The TypeScript module to run, when started through the bootstrap. */
  module?: string;
  /** Load Vega at once, ahead of the charts: false when the run draws none. */
  charts: boolean;
}

/** The worker's entry: the bundle's sibling, or the TypeScript module through its bootstrap. */
function workerEntry(charts: boolean): { file: string; workerData: WorkerStart } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    return { file: fileURLToPath(new URL('./worker.mjs', here)), workerData: { charts } };
  }
  return {
    file: fileURLToPath(new URL('./worker-bootstrap.mjs', here)),
    workerData: { module: new URL('./worker.ts', here).href, charts },
  };
}

interface Pending {
  /** Does the task on this thread when the worker cannot. */
  here: () => unknown;
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
}

let worker: Worker | null = null;
/** Set once a worker failed: later tasks are done here rather than starting one per task. */
let failed = false;
/** retireWorker was called: the worker ends once its last task is answered. */
let retiring = false;
let nextId = 0;
const pending = new Map<number, Pending>();

/**
 * Starts the worker (once) so it loads Vega ahead of the charts, unless `charts` is false (the
 * run draws none). One worker: on the 2-core reference machine a second one loading Vega
 * competed with the stages and runs got slower.
 */
export function startWorker(charts = true): void {
  if (worker || failed) return;
  // V8 optimizes a function once it has run ~67,000 bytecodes' worth (its interrupt budget); a
  // run's Vega, Vega-Lite and stability code crossed that at once, and TurboFan compiled them on
  // background threads (0.4-0.5 s of a full default run's CPU) for code that then ran a few
  // times before the process ended. Fifteen times the budget leaves only the hot loops
  // optimized. The flag is the process's, so from here on it is the main thread's too: full
  // default run, 4+4 runs each (load 4-6): CPU 2.76-3.05 -> 2.28-2.72 s. Outputs are unchanged
  // (optimization never changes what JavaScript computes).
  setFlagsFromString('--interrupt-budget=1000000');
  try {
    const entry = workerEntry(charts);
    const w = faultOnWorkerStart()
      ? new Worker('process.exit(1)', { eval: true })
      : new Worker(entry.file, { workerData: entry.workerData });
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.value);
      if (pending.size === 0) {
        if (retiring) endWorker(w);
        else w.unref();
      }
    });
    const lost = () => {
      // A worker ended by endWorker is no longer `worker`, and had no task left.
      if (worker !== w) return;
      worker = null;
      failed = true;
      void doHere();
    };
    w.on('error', lost);
    w.on('exit', lost);
    // After the listeners: adding a 'message' listener refs the worker again.
    w.unref();
    worker = w;
  } catch {
    worker = null;
    failed = true;
  }
}

/**
 * Ends the worker once every task it was given is answered: the run asks nothing more of it (its
 * charts are all asked for). Ended then, its thread frees its heap (Vega's) while the run writes
 * its last files, instead of at the process's exit, which waits for the thread: that wait was
 * ~0.1 s of a full default run's wall time and 0.03 s of a tables-only run's (one run each,
 * loaded machine). A task asked later starts a new worker.
 */
export function retireWorker(): void {
  retiring = true;
  if (worker && pending.size === 0) endWorker(worker);
}

function endWorker(w: Worker): void {
  worker = null;
  retiring = false;
  void w.terminate();
}

// Tasks the worker took but cannot finish are done here, one at a time (two loops at once would
// interleave Vega's module-wide SVG id counters).
let doingHere = false;
async function doHere(): Promise<void> {
  if (doingHere) return;
  doingHere = true;
  try {
    // Oldest first (ids rise, and a Map keeps insertion order), until none is left, tasks
    // added meanwhile included.
    for (let next = pending.entries().next(); !next.done; next = pending.entries().next()) {
      const [id, p] = next.value;
      pending.delete(id);
      try {
        p.resolve(await p.here());
      } catch (e) {
        p.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
  } finally {
    doingHere = false;
  }
}

/** Runs the task on the worker (started if need be), or here when there is none. */
export function onWorker<T>(task: WorkerTask, here: () => T | Promise<T>): Promise<T> {
  startWorker();
  const w = worker;
  const promise = new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { here, resolve: resolve as (value: unknown) => void, reject });
    if (w) {
      w.ref();
      w.postMessage({ id, task });
    }
  });
  if (!w) void doHere();
  return promise;
}

/**
 * Draws charts: Vega lays each out on the worker, and its PNG is drawn here as its SVG arrives;
 * one promise per spec, settled in order. The worker encoded the PNGs itself until this, but it
 * reached them only once it had laid out every chart (its tasks are one chain of promises, and
 * a raster's completion waits for its event loop), so the nine encodes ran last, ~0.2-0.3 s on
 * one core while the main thread waited with its tables written. Here each is encoded while
 * the main thread awaits DuckDB or the next chart.
 */
export function drawChartsOnWorker(specs: readonly TopLevelSpec[]): Promise<DrawnChart>[] {
  return specs.map((spec) =>
    onWorker<string>({ kind: 'chart', spec }, () => renderSvg(spec)).then(withPng),
  );
}

/** analyzeStability on the worker: the same results, computed on the other core. */
export function analyzeStabilityOnWorker(
  group: StabilityGroup,
  settings: StabilitySettings,
  seed: number,
): Promise<ClusterStability[]> {
  return onWorker({ kind: 'stability', group, settings, seed }, () =>
    analyzeStability(group, settings, seed),
  );
}
