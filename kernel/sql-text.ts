/**
 * Strings into SQL text, apart from database.ts (which re-exports them) so that a reader using
 * them, run on the read-ahead worker (pipeline/read-worker.ts), does not load DuckDB's bindings.
 */

/**
 * A string as a SQL literal: single-quoted, inner quotes doubled. With sqlIdent, the one way a
 * string from a config or a file enters SQL text (or it goes in as a bound parameter): DuckDB
 * reads no escapes inside '…', so doubling the quote is the whole of it.
 */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A name as a SQL identifier: double-quoted, inner double quotes doubled. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
