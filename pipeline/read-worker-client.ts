/**
 * Ingest's files parsed on a worker thread (read-worker.ts) while the main thread computes the
 * run's fingerprint and DuckDB's instance opens. The launcher starts the worker before it loads
 * the bundle (bin/clusterfit.js), so the worker's own start-up runs on the second core meanwhile;
 * a run started otherwise (tsx, tests) starts it here. Parsed on the main thread, the CA EDD
 * workbook and the three CSVs kept it busy ~130-200 ms of a tables-only run (loaded machine),
 * and DuckDB's connect, which waits for the main thread's event loop, came after them.
 *
 * One way to read a file: the worker runs the same readers, and a read the worker cannot answer
 * (it failed to start, died, or its result cannot be cloned) is done here, in order. A reader's
 * error comes back with its message and fields, a CliError as a CliError.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CliError } from '../kernel/cli-error.ts';
import { type ReadAheadKind, readAheadFile } from '../sources/readers.ts';

/** One file for the worker to read, with READ_AHEAD_READERS[kind][layout]. */
export interface FileRead {
  kind: ReadAheadKind;
  layout: string;
  path: string;
  file: string;
}

export type ReadReply =
  | { index: number; value: unknown }
  | {
      index: number;
      error: { message: string; stack?: string; fields: Record<string, unknown> };
      /** Set when the reply itself could not be sent: read the file here instead. */
      again?: true;
    };

let adopted: Worker | undefined;

/** The worker the launcher started before loading the bundle, for the run's reads. */
export function adoptReadWorker(worker: Worker): void {
  adopted = worker;
}

/** The worker's entry: the bundle's sibling, or the TypeScript module through the bootstrap. */
function startReadWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(fileURLToPath(new URL('./read-worker.cjs', here)));
  return new Worker(fileURLToPath(new URL('./worker-bootstrap.mjs', here)), {
    workerData: { module: new URL('./read-worker.ts', here).href },
  });
}

/** Reads the files on the worker: a promise per file, in the order given. */
export function readOnWorker(reads: FileRead[]): Promise<unknown>[] {
  const settled = reads.map(() => {
    let settle!: { resolve: (v: unknown) => void; reject: (e: unknown) => void };
    const promise = new Promise<unknown>((resolve, reject) => {
      settle = { resolve, reject };
    });
    return { promise, ...settle, done: false };
  });
  const here = (index: number) => {
    const s = settled[index];
    const r = reads[index];
    if (!s || !r || s.done) return;
    s.done = true;
    // Started in a microtask, so a reader that throws at once rejects like any other.
    Promise.resolve()
      .then(() => readAheadFile(r.kind, r.layout, r.path, r.file))
      .then(s.resolve, s.reject);
  };
  const allHere = () => {
    for (let i = 0; i < reads.length; i++) here(i);
  };
  let worker: Worker;
  try {
    worker = adopted ?? startReadWorker();
  } catch {
    allHere();
    return settled.map((s) => s.promise);
  }
  adopted = undefined;
  worker.on('message', (reply: ReadReply) => {
    const s = settled[reply.index];
    if (!s || s.done) return;
    if ('value' in reply) {
      s.done = true;
      s.resolve(reply.value);
    } else if (reply.again) {
      here(reply.index);
    } else {
      s.done = true;
      s.reject(rebuilt(reply.error));
    }
  });
  // Whatever the worker did not answer is read here, in order, the reads themselves being
  // promises; a worker that ended normally had answered everything.
  worker.on('error', allHere);
  worker.on('exit', allHere);
  worker.postMessage(reads);
  // Held open while it reads: the run may be waiting on nothing else.
  worker.ref();
  return settled.map((s) => s.promise);
}

function rebuilt(error: Extract<ReadReply, { error: unknown }>['error']): Error {
  const { fields } = error;
  const e =
    fields.name === 'CliError'
      ? new CliError(
          error.message,
          fields.exitCode as CliError['exitCode'],
          fields.place as CliError['place'],
        )
      : Object.assign(new Error(error.message), fields);
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}
