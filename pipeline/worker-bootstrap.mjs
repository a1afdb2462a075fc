// Starts a TypeScript worker module when clusterfit runs from its sources (tsx or vitest): a
// worker thread does not inherit the main thread's loader, so it registers tsx itself first.
// The bundled CLI starts dist/worker.cjs directly and never comes here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
