/**
 * A published table that lives in DuckDB (a pub_* table whose rowid order is the published
 * order), written to CSV and Arrow straight from DuckDB, a piece or a record batch at a time.
 * Memory stays flat however many areas a run has: no writer holds the whole table.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  Bool,
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Utf8,
} from 'apache-arrow';
import type { ColumnChunk } from '../kernel/column-chunks.ts';
import { type Database, sqlIdent, sqlString } from '../kernel/database.ts';
import { batchColumn } from './arrow-batch.ts';
import {
  csvLineSql,
  ensureFormatMacros,
  type TextTraits,
  textTraitBitsSql,
  textTraits,
  type ValueClass,
  valueClass,
} from './sql-format.ts';
import { type ColumnKind, INTEGER_COLUMNS, type TypedColumn } from './table-schema.ts';
import { quote } from './to-csv.ts';

export interface SqlTable {
  /** File stem and sheet name, e.g. "occupations". */
  name: string;
  /** The DuckDB table holding the rows, in rowid order. */
  source: string;
  /** The CSV's columns with the types the typed writers give them. */
  columns: TypedColumn[];
  /** How each column's DuckDB type is written as text. */
  classes: ValueClass[];
  /** Per column, the longest value's length in UTF-16 units as String(value) gives it. */
  longest: number[];
  /** Per column: for text, what its values need in CSV and XML; null for other columns. */
  text: (TextTraits | null)[];
  /** Per column: for text, how many distinct values it holds; 0 for other columns. */
  distinct: number[];
  rows: number;
}

/** Rows per Arrow record batch: few enough to keep memory flat. */
const BATCH_ROWS = 65_536;

/** UTF-16 length of a text value, as JavaScript's String.length counts it. */
const utf16Length = (c: string) =>
  `(length(${c}) + case when strlen(${c}) = length(${c}) then 0 ` +
  `else length(regexp_replace(${c}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')) end)`;

/**
 * Describes a published table from DuckDB's schema and one aggregate pass: its row count, each
 * column's kind (by the rules of table-schema.ts's typeColumns: counts and positions holding
 * only whole numbers are int32, other numbers float64, flags bool, text and empty columns utf8)
 * and each column's longest value, for the workbook's column widths.
 */
export async function describeSqlTable(
  db: Database,
  name: string,
  source: string,
  columnNames: readonly string[],
): Promise<SqlTable> {
  await ensureFormatMacros(db);
  const schema = new Map(
    (await db.all<{ column_name: string; column_type: string }>(`describe ${source}`)).map((r) => [
      r.column_name,
      r.column_type,
    ]),
  );
  const classes = columnNames.map((c) => {
    const type = schema.get(c);
    if (type === undefined) throw new Error(`published table ${source} has no column ${c}`);
    return valueClass(type, c);
  });
  // Text columns are measured over their distinct values (few: area, cluster and occupation
  // names repeat on every row), which makes the per-value tests cheap; numbers in one pass.
  const aggregates = columnNames.flatMap((name, i) => {
    const c = sqlIdent(name);
    const cls = classes[i] as ValueClass;
    if (cls === 'text') {
      const stats = `sum(n), max(${utf16Length(c)}), bit_or(${textTraitBitsSql(c)}), count(*)`;
      const distinct = `select ${c}, count(*) as n from ${source} where ${c} is not null group by ${c}`;
      return [`(select [${stats}] from (${distinct}))`];
    }
    const longest =
      cls === 'flag'
        ? `max(case when ${c} then 4 else 5 end)`
        : `max(length(cf_jsnum(cast(${c} as double))))`;
    const whole =
      cls === 'number' && INTEGER_COLUMNS.has(name)
        ? `cast(coalesce(bool_and(cast(${c} as double) = trunc(cast(${c} as double))), true) as int)`
        : '0';
    // A list holds one type: the counts, lengths and the whole-number flag (0 or 1) as BIGINT.
    return [`[count(${c}), ${longest}, ${whole}]`];
  });
  const values = await db.firstRow(`select count(*), ${aggregates.join(', ')} from ${source}`);
  const rows = Number(values[0]);
  const columns: TypedColumn[] = [];
  const longest: number[] = [];
  const text: (TextTraits | null)[] = [];
  const distinct: number[] = [];
  columnNames.forEach((name, i) => {
    const stats = (values[1 + i] ?? []) as unknown[];
    const count = Number(stats[0] ?? 0);
    const max = Number(stats[1] ?? 0);
    const cls = classes[i] as ValueClass;
    const whole = cls !== 'text' && Number(stats[2]) === 1;
    let kind: ColumnKind;
    if (count === 0) kind = INTEGER_COLUMNS.has(name) ? 'int32' : 'utf8';
    else if (cls === 'text') kind = 'utf8';
    else if (cls === 'flag') kind = 'bool';
    else kind = INTEGER_COLUMNS.has(name) && whole ? 'int32' : 'float64';
    columns.push({ name, kind });
    text.push(cls === 'text' ? textTraits(Number(stats[2] ?? 0)) : null);
    distinct.push(cls === 'text' ? Number(stats[3] ?? 0) : 0);
    // As write-xlsx.ts measures JS rows: a float64 cell counts 12 wide, whatever it holds.
    longest.push(kind === 'float64' ? (rows > 0 ? 12 : 0) : count === 0 ? 0 : max);
  });
  return { name, source, columns, classes, longest, text, distinct, rows };
}

/** Bytes of text gathered before a piece is written (or deflated) on its own. */
const PIECE_BYTES = 1 << 22;

/**
 * The UTF-8 text `lineSql` makes of each row from `start` to `end` (each line ending in its own
 * separator), in rowid order, in pieces of a few megabytes. `lineSql` may use the column
 * `cf_row`: the row's number as text, counted from `firstNumber` at `start`. The lines come
 * back as bytes (encode), so no JS string is made of them only to be encoded again.
 */
export async function* textPieces(
  db: Database,
  source: string,
  lineSql: string,
  start = 0,
  end?: number,
  firstNumber = 1,
): AsyncGenerator<Buffer> {
  const range = end === undefined ? '' : ` where rowid >= ${start} and rowid < ${end}`;
  const numbered = `select *, cast(rowid + ${firstNumber - start} as varchar) as cf_row from ${source}${range}`;
  let piece: Buffer[] = [];
  let size = 0;
  // Streamed, not built into a table first: that measured no faster and held every line (1.4
  // GB of sheet XML at 1000 areas) in DuckDB's memory. No ORDER BY: DuckDB returns a table's
  // rows in insertion order (preserve_insertion_order, on by default), and sorting a million
  // formatted rows took seconds.
  for await (const { columns } of db.streamChunks(`select encode(${lineSql}) from (${numbered})`)) {
    const bytes = columns[0];
    if (bytes?.kind !== 'bytes') throw new Error('textPieces: lines did not come back as bytes');
    piece.push(bytes.values);
    size += bytes.values.length;
    if (size >= PIECE_BYTES) {
      yield Buffer.concat(piece, size);
      piece = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(piece, size);
}

/**
 * Writes the table as CSV (to-csv.ts's format: header, "\n" line ends). DuckDB writes the file
 * itself, in parallel: each row is already one formatted line, which COPY writes as it is when
 * it has no quote character, and the header is that column's name.
 */
export async function writeCsvFromSql(db: Database, path: string, table: SqlTable): Promise<void> {
  await ensureFormatMacros(db);
  const columns = table.columns.map((c, i) => ({
    name: c.name,
    cls: table.classes[i] as ValueClass,
    text: table.text[i] ?? null,
  }));
  const header = sqlIdent(table.columns.map((c) => quote(c.name)).join(','));
  await db.exec(
    `copy (select ${csvLineSql(columns)} as ${header} from ${table.source}) to ${sqlString(path)} (header true, quote '', escape '')`,
  );
}

/**
 * Text columns read as ENUM codes in writeArrowFromSql: those of a large table that repeat
 * values. (A small table reads its strings directly: an ENUM type costs a statement per column.)
 */
const DICTIONARY_MIN_ROWS = 20_000;

/**
 * Writes the table as an Arrow IPC file, one record batch per BATCH_ROWS rows, streamed to disk
 * as each batch is built from typed arrays (arrow-batch.ts). A text column that repeats values
 * (areas, clusters, occupation titles) is read through a temporary ENUM type, as codes and a
 * dictionary decoded once: decoding 20 million strings one by one was most of the write.
 */
export async function writeArrowFromSql(
  db: Database,
  path: string,
  table: SqlTable,
): Promise<void> {
  const fields = table.columns.map((c) => new Field(c.name, ARROW_TYPES[c.kind](), true));
  const schema = new Schema(fields);
  const enums = table.columns.map((c, i) => {
    const distinct = table.distinct[i] ?? 0;
    const coded =
      c.kind === 'utf8' &&
      table.classes[i] === 'text' &&
      table.rows >= DICTIONARY_MIN_ROWS &&
      distinct * 4 <= table.rows;
    return coded ? `cf_dictionary_${i}` : null;
  });
  const select = table.columns.map((c, i) => {
    const column = sqlIdent(c.name);
    const cast = enums[i] ?? ARROW_SQL_TYPES[c.kind];
    return `cast(${column} as ${cast}) as ${column}`;
  });
  try {
    for (const [i, type] of enums.entries()) {
      if (type === null) continue;
      const c = sqlIdent((table.columns[i] as TypedColumn).name);
      await db.exec(
        `create or replace temp type ${type} as enum (select distinct ${c} from ${table.source} where ${c} is not null)`,
      );
    }
    const writer = new RecordBatchFileWriter();
    const written = pipeline(writer.toNodeStream(), createWriteStream(path));
    const kinds = table.columns.map((c) => c.kind);
    let parts: ColumnChunk[][] = kinds.map(() => []);
    let length = 0;
    const flush = () => {
      const children = kinds.map((kind, j) => batchColumn(kind, parts[j] as ColumnChunk[], length));
      const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      parts = kinds.map(() => []);
      length = 0;
    };
    for await (const chunk of db.streamChunks(`select ${select.join(', ')} from ${table.source}`)) {
      chunk.columns.forEach((column, j) => {
        (parts[j] as ColumnChunk[]).push(column);
      });
      length += chunk.rows;
      if (length >= BATCH_ROWS) flush();
    }
    // An empty table still gets its schema and one empty batch, as tableToIPC writes it.
    if (length > 0 || table.rows === 0) flush();
    writer.close();
    await written;
  } finally {
    for (const type of enums) if (type !== null) await db.exec(`drop type if exists ${type}`);
  }
}

/** The DuckDB type each Arrow kind is read as (see kernel/column-chunks.ts). */
const ARROW_SQL_TYPES = {
  utf8: 'varchar',
  float64: 'double',
  int32: 'integer',
  bool: 'boolean',
} as const;

const ARROW_TYPES = {
  utf8: () => new Utf8(),
  float64: () => new Float64(),
  int32: () => new Int32(),
  bool: () => new Bool(),
} as const;
