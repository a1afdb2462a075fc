/** Parquet files, written by DuckDB's built-in COPY from a typed table of the CSV's rows. */
import type { ColumnType, Database } from '../pipeline/database.ts';
import { type ColumnKind, cellValue, type PublishedTable } from './table-schema.ts';

const DUCKDB_TYPE: Record<ColumnKind, ColumnType> = {
  utf8: 'VARCHAR',
  float64: 'DOUBLE',
  int32: 'INTEGER',
  bool: 'BOOLEAN',
};

/**
 * Loads the rows into a scratch table with the CSV's columns and types and copies it to Parquet.
 * Going through the rows (not the marts) guarantees the Parquet holds exactly what the CSV does.
 */
export async function writeParquet(
  db: Database,
  path: string,
  table: PublishedTable,
): Promise<void> {
  const scratch = `publish_${table.name.replace(/[^a-z0-9_]/gi, '_')}`;
  const rows = table.rows.map((r) =>
    Object.fromEntries(table.columns.map((c) => [c.name, cellValue(c.kind, r[c.name])])),
  );
  await db.load(
    scratch,
    table.columns.map((c) => ({ name: c.name, type: DUCKDB_TYPE[c.kind] })),
    rows,
  );
  try {
    // DuckDB keeps insertion order by default, so the rows come out in the CSV's order.
    await db.exec(
      `COPY (select * from ${scratch}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    await db.exec(`drop table if exists ${scratch}`);
  }
}
