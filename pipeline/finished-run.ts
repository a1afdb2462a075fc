/** Where the commands that read a finished run (explain, compare, programs, industries) find it. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import type { Config } from '../kernel/config-types.ts';
import { Database, type Row, sqlString, type TableColumn } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';

/** Options of the reports on a finished run (programs, industries). */
export interface RunReportOptions {
  run: string;
  out: string;
  dataDir: string;
  /** Whose "inputs" name the reference files (an original workbook); default: the catalog paths. */
  config?: Config;
  framework?: string;
  area?: string;
  /** Rows per cluster in the Markdown (all are in the CSV). */
  top?: number;
}

/** A run's output folder, or its .duckdb file, to the database's absolute path; it must exist. */
export function runDatabase(run: string): string {
  const path = resolve(run.endsWith('.duckdb') ? run : join(run, 'clusterfit.duckdb'));
  if (!existsSync(path)) throw new CliError(messages.explainNoRun(path), ExitCode.usage);
  return path;
}

/**
 * Runs `fn` on an in-memory DuckDB with the finished run's database attached read-only as `r`,
 * beside the reference tables given (name → columns and rows), and closes it afterwards.
 */
export async function queryFinishedRun<T>(
  run: string,
  tables: Record<string, { columns: TableColumn[]; rows: readonly object[] }>,
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const path = runDatabase(run);
  const db = await Database.open(':memory:');
  try {
    await db.exec(`attach ${sqlString(path)} as r (read_only)`);
    for (const [name, t] of Object.entries(tables)) {
      await db.load(name, t.columns, t.rows as unknown as Row[]);
    }
    return await fn(db);
  } finally {
    db.close();
  }
}

/** "and o.framework = 'acte2024' and o.area_code = 'CA'" for the options given. */
export function runFilterSql(
  alias: string,
  opts: { framework?: string | undefined; area?: string | undefined },
): string {
  return [
    opts.framework === undefined ? '' : `and ${alias}.framework = ${sqlString(opts.framework)}`,
    opts.area === undefined ? '' : `and ${alias}.area_code = ${sqlString(opts.area)}`,
  ].join(' ');
}
