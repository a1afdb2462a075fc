/** Parquet files, written by DuckDB's built-in COPY from a typed table of the CSV's rows. */
import { type ColumnType, type Database, sqlString } from '../kernel/database.ts';
import type { SqlTable } from './sql-table.ts';
import { type ColumnKind, cellValue, type PublishedTable } from './table-schema.ts';

const DUCKDB_TYPE: Record<ColumnKind, ColumnType> = {
  utf8: 'VARCHAR',
  float64: 'DOUBLE',
  int32: 'INTEGER',
  bool: 'BOOLEAN',
};

/**
 * Copies the table to Parquet with the CSV's columns and types. When the rows came from a DuckDB
 * table, DuckDB copies that table directly, each column cast to the type the other writers
 * use; otherwise (rows built in TypeScript, such as the data-quality findings) the rows are
 * loaded into a scratch table first.
 */
export async function writeParquet(
  db: Database,
  path: string,
  table: PublishedTable | Pick<SqlTable, 'columns' | 'source'>,
): Promise<void> {
  if (!('source' in table)) return writeParquetFromRows(db, path, table);
  const columns = table.columns
    .map((c) => `cast("${c.name}" as ${DUCKDB_TYPE[c.kind]}) as "${c.name}"`)
    .join(', ');
  await db.exec(
    `COPY (select ${columns} from ${table.source}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

/**
 * Loads the rows into a scratch table with the CSV's columns and types and copies it to Parquet.
 * Going through the rows (not the marts) guarantees the Parquet holds exactly what the CSV does.
 */
async function writeParquetFromRows(
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
      `COPY (select * from ${scratch}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    await db.exec(`drop table if exists ${scratch}`);
  }
}
