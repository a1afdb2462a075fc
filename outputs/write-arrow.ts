/**
 * Arrow IPC files (.arrow, the random-access "file" format) for R and Python users, written from
 * a published table one record batch at a time, each built from DuckDB's column chunks
 * (arrow-batch.ts), so memory stays flat however many areas a run has. Types are given
 * explicitly, one plain type per DuckDB type: left to infer, apache-arrow dictionary-encodes
 * strings, which some readers handle differently from plain text columns.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Field, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct } from 'apache-arrow';
import type { ColumnChunk } from '../kernel/column-chunks.ts';
import { type Database, sqlIdent } from '../kernel/database.ts';
import { ARROW_TYPES, batchColumn } from './arrow-batch.ts';
import { type PublishedTable, sheetMeasures } from './published-table.ts';

/** Rows per Arrow record batch: few enough to keep memory flat. */
const BATCH_ROWS = 65_536;

/**
 * Text columns of a large table that repeat values (a quarter as many distinct values as rows) are read through a temporary ENUM type, as
 * codes and a dictionary decoded once: decoding 20 million strings one by one was most of the
 * write. (A small table reads its strings directly: an ENUM type costs statements per column.)
 */
const DICTIONARY_MIN_ROWS = 20_000;

/** Writes the table as an Arrow IPC file. */
export async function writeArrow(db: Database, path: string, table: PublishedTable): Promise<void> {
  const fields = table.columns.map((c) => new Field(c.name, ARROW_TYPES[c.type](), true));
  const schema = new Schema(fields);
  const measures = table.rows >= DICTIONARY_MIN_ROWS ? await sheetMeasures(db, table) : [];
  const enums = table.columns.map((c, i) =>
    c.type === 'VARCHAR' && (measures[i]?.distinct ?? Number.POSITIVE_INFINITY) * 4 <= table.rows
      ? `cf_dictionary_${i}`
      : null,
  );
  const select = table.columns.map((c, i) => {
    const column = sqlIdent(c.name);
    return enums[i] ? `cast(${column} as ${enums[i]}) as ${column}` : column;
  });
  try {
    for (const [i, type] of enums.entries()) {
      if (type === null) continue;
      const c = sqlIdent(table.columns[i]?.name as string);
      await db.exec(
        `create or replace temp type ${type} as enum (select distinct ${c} from ${table.source} where ${c} is not null)`,
      );
    }
    const writer = new RecordBatchFileWriter();
    const written = pipeline(writer.toNodeStream(), createWriteStream(path));
    const types = table.columns.map((c) => c.type);
    let parts: ColumnChunk[][] = types.map(() => []);
    let length = 0;
    const flush = () => {
      const children = types.map((type, j) => batchColumn(type, parts[j] as ColumnChunk[], length));
      const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      parts = types.map(() => []);
      length = 0;
    };
    for await (const chunk of db.streamChunks(`select ${select.join(', ')} from ${table.source}`)) {
      chunk.columns.forEach((column, j) => {
        (parts[j] as ColumnChunk[]).push(column);
      });
      length += chunk.rows;
      if (length >= BATCH_ROWS) flush();
    }
    // An empty table still gets its schema and one empty batch.
    if (length > 0 || table.rows === 0) flush();
    writer.close();
    await written;
  } finally {
    for (const type of enums) if (type !== null) await db.exec(`drop type if exists ${type}`);
  }
}
