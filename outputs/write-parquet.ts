/** Parquet files, written by DuckDB's COPY from a published table, its types as they are. */
import { type Database, sqlString } from '../kernel/database.ts';
import type { PublishedTable } from './published-table.ts';

/** Writes the table as Parquet (zstd). DuckDB keeps the table's insertion order. */
export async function writeParquet(
  db: Database,
  path: string,
  table: PublishedTable,
): Promise<void> {
  await db.exec(
    `copy (select * from ${table.source}) to ${sqlString(path)} (format parquet, compression zstd)`,
  );
}
