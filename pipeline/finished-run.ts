/** Where the commands that read a finished run (explain, compare, programs, industries) find it. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, ExitCode } from './cli-error.ts';
import { messages } from './messages.ts';

/** A run's output folder, or its .duckdb file, to the database's absolute path; it must exist. */
export function runDatabase(run: string): string {
  const path = resolve(run.endsWith('.duckdb') ? run : join(run, 'clusterfit.duckdb'));
  if (!existsSync(path)) throw new CliError(messages.explainNoRun(path), ExitCode.usage);
  return path;
}
