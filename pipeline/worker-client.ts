/**
 * Worker threads for work that would otherwise queue on the main thread. The run's worker lays
 * out the charts (Vega, while the main thread writes the tables) and runs half of the stability
 * groups (while the main thread runs the other half); a run starts it early (startWorker), so it
 * loads Vega while the stages compute. A second worker, started as the charts are asked for,
 * draws their PNGs. Idle, a worker is unref'd and never keeps the process alive.
 *
 * Every task comes with a way to do it here. If a worker cannot start or dies, what it had not
 * finished is done on this thread, in order: same code, same results, only slower.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { faultOnWorkerStart } from '../kernel/fault-injection.ts';
import { type DrawnChart, renderPng } from '../outputs/render-png.ts';
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
  | { kind: 'png'; svg: string }
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
    return { file: fileURLToPath(new URL('./worker.cjs', here)), workerData: { charts } };
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

/**
 * A worker thread and the tasks it was given. Idle, it is unref'd. If it cannot start or dies,
 * what it had not finished is done on this thread, and later tasks too.
 */
class TaskThread {
  private worker: Worker | null = null;
  /** Set once the worker failed: later tasks are done here rather than starting one per task. */
  private failed = false;
  /** retire was called: the worker ends once its last task is answered. */
  private retiring = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private doingHere = false;

  /** `charts`: whether a worker started by a task loads Vega at once, ahead of the charts. */
  constructor(private readonly charts: boolean) {}

  start(charts = this.charts): void {
    if (this.worker || this.failed) return;
    try {
      const entry = workerEntry(charts);
      const w = faultOnWorkerStart()
        ? new Worker('process.exit(1)', { eval: true })
        : new Worker(entry.file, { workerData: entry.workerData });
      w.on('message', (reply: WorkerReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        if ('error' in reply) p.reject(new Error(reply.error));
        else p.resolve(reply.value);
        if (this.pending.size === 0) {
          if (this.retiring) this.end(w);
          else w.unref();
        }
      });
      const lost = () => {
        // A worker ended by end() is no longer `worker`, and had no task left.
        if (this.worker !== w) return;
        this.worker = null;
        this.failed = true;
        void this.doHere();
      };
      w.on('error', lost);
      w.on('exit', lost);
      // After the listeners: adding a 'message' listener refs the worker again.
      w.unref();
      this.worker = w;
    } catch {
      this.worker = null;
      this.failed = true;
    }
  }

  /**
   * Ends the worker once every task it was given is answered: the run asks nothing more of it.
   * Ended then, its thread frees its heap (Vega's) while the run writes its last files, instead
   * of at the process's exit, which waits for the thread: that wait was ~0.1 s of a full default
   * run's wall time and 0.03 s of a tables-only run's (one run each, loaded machine). A task
   * asked later starts a new worker.
   */
  retire(): void {
    this.retiring = true;
    if (this.worker && this.pending.size === 0) this.end(this.worker);
  }

  private end(w: Worker): void {
    this.worker = null;
    this.retiring = false;
    void w.terminate();
  }

  /** Runs the task on the worker (started if need be), or here when there is none. */
  run<T>(task: WorkerTask, here: () => T | Promise<T>): Promise<T> {
    this.start();
    const w = this.worker;
    const promise = new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { here, resolve: resolve as (value: unknown) => void, reject });
      if (w) {
        w.ref();
        w.postMessage({ id, task });
      }
    });
    if (!w) void this.doHere();
    return promise;
  }

  // Tasks the worker took but cannot finish are done here, one at a time (two loops at once
  // would interleave Vega's module-wide SVG id counters).
  private async doHere(): Promise<void> {
    if (this.doingHere) return;
    this.doingHere = true;
    try {
      // Oldest first (ids rise, and a Map keeps insertion order), until none is left, tasks
      // added meanwhile included.
      for (let next = this.pending.entries().next(); !next.done; ) {
        const [id, p] = next.value;
        this.pending.delete(id);
        try {
          p.resolve(await p.here());
        } catch (e) {
          p.reject(e instanceof Error ? e : new Error(String(e)));
        }
        next = this.pending.entries().next();
      }
    } finally {
      this.doingHere = false;
    }
  }
}

/** The run's worker: Vega's layouts and stability groups. */
const chartThread = new TaskThread(true);
/** The charts' PNGs, rasterized and encoded (see drawChartsOnWorker); it never loads Vega. */
const pngThread = new TaskThread(false);

/**
 * Starts the worker (once) so it loads Vega ahead of the charts, unless `charts` is false (the
 * run draws none). One such worker: on the 2-core reference machine a second one loading Vega
 * competed with the stages and runs got slower.
 */
export function startWorker(charts = true): void {
  chartThread.start(charts);
}

/**
 * Ends the run's worker once its tasks are answered (TaskThread.retire); the PNG worker ends
 * after the charts' last PNG (drawChartsOnWorker).
 */
export function retireWorker(): void {
  chartThread.retire();
}

/**
 * Draws charts: Vega lays each out on the run's worker, and a second worker, which loads only
 * resvg, rasterizes and encodes its PNG as its SVG arrives; one promise per spec, settled in
 * order. The chart worker drew the PNGs itself until this, but it reached their encodes only
 * once it had laid out every chart (its tasks are one chain of promises, and a raster's
 * completion waits for its event loop), so the nine encodes ran last, 0.2-0.6 s on one core
 * while the main thread waited with its tables written (four traced runs). Encoded on the main
 * thread instead, they delayed its DuckDB statements, and the rasters on libuv's pool queued
 * DuckDB's own work there.
 */
export function drawChartsOnWorker(specs: readonly TopLevelSpec[]): Promise<DrawnChart>[] {
  pngThread.start();
  const svgs = specs.map((spec) =>
    chartThread.run<string>({ kind: 'chart', spec }, () => renderSvg(spec)),
  );
  // Its last PNG asked for, the PNG worker ends once it is answered.
  void Promise.allSettled(svgs).then(() => pngThread.retire());
  return svgs.map(async (svg) => {
    const text = await svg;
    const png = await pngThread.run<Uint8Array>({ kind: 'png', svg: text }, () => renderPng(text));
    return { svg: text, png };
  });
}

/** analyzeStability on the worker: the same results, computed on the other core. */
export function analyzeStabilityOnWorker(
  group: StabilityGroup,
  settings: StabilitySettings,
  seed: number,
): Promise<ClusterStability[]> {
  return chartThread.run({ kind: 'stability', group, settings, seed }, () =>
    analyzeStability(group, settings, seed),
  );
}
