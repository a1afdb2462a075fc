/**
 * The read-ahead thread (read-worker-client.ts says why): reads and parses the input files it is
 * sent, one after another, with the readers ingest uses, and answers each with its records or
 * what it threw; then ends.
 */
import { parentPort } from 'node:worker_threads';
import { readAheadFile } from '../sources/readers.ts';
import type { FileRead, ReadReply } from './read-worker-client.ts';

const port = parentPort;
port?.once('message', async (reads: FileRead[]) => {
  for (const [index, r] of reads.entries()) {
    let reply: ReadReply;
    try {
      reply = { index, value: await readAheadFile(r.kind, r.layout, r.path, r.file) };
    } catch (e) {
      reply = { index, error: thrown(e) };
    }
    try {
      port.postMessage(reply);
    } catch (e) {
      // A value or error that cannot be cloned: the read is then done on the main thread.
      port.postMessage({ index, error: thrown(e), again: true });
    }
  }
  port.close();
});

/** An error as the main thread rebuilds it: its message, stack and own fields (CliError's). */
function thrown(e: unknown): Extract<ReadReply, { error: unknown }>['error'] {
  if (!(e instanceof Error)) return { message: String(e), fields: {} };
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}), fields: { ...e } };
}
