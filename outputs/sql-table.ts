/**
 * A published table that lives in DuckDB (a pub_* table whose rowid order is the published
 * order), written to CSV and Arrow straight from DuckDB, a piece or a record batch at a time.
 * Memory stays flat however many areas a run has: no writer holds the whole table.
 */
import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
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
import type { Database } from '../pipeline/database.ts';
import {
  csvLineSql,
  ensureFormatMacros,
  ident,
  type TextTraits,
  textTraitBitsSql,
  textTraits,
  type ValueClass,
  valueClass,
} from './sql-format.ts';
import { type ColumnKind, cellValue, INTEGER_COLUMNS, type TypedColumn } from './table-schema.ts';
import { type CsvValue, quote } from './to-csv.ts';
import { columnData } from './write-arrow.ts';

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
    const c = ident(name);
    const cls = classes[i] as ValueClass;
    if (cls === 'text') {
      const stats = `sum(n), max(${utf16Length(c)}), bit_or(${textTraitBitsSql(c)})`;
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
    // As write-xlsx.ts measures JS rows: a float64 cell counts 12 wide, whatever it holds.
    longest.push(kind === 'float64' ? (rows > 0 ? 12 : 0) : count === 0 ? 0 : max);
  });
  return { name, source, columns, classes, longest, text, rows };
}

/** Characters of text gathered before a piece is written (or deflated) on its own. */
const PIECE_CHARS = 1 << 22;

/**
 * The text `lineSql` makes of each row from `start` to `end` (each line ending in its own
 * separator), in rowid order, in pieces of a few megabytes. `lineSql` may use the column
 * `cf_row`: the row's number as text, counted from `firstNumber` at `start`.
 */
export async function* textPieces(
  db: Database,
  source: string,
  lineSql: string,
  start = 0,
  end?: number,
  firstNumber = 1,
): AsyncGenerator<string> {
  const range = end === undefined ? '' : ` where rowid >= ${start} and rowid < ${end}`;
  const numbered = `select *, rowid as cf_rowid, cast(rowid + ${firstNumber - start} as varchar) as cf_row from ${source}${range}`;
  let piece: string[] = [];
  let size = 0;
  // Streamed, not built into a table first: that measured no faster and held every line (1.4
  // GB of sheet XML at 1000 areas) in DuckDB's memory.
  for await (const [lines] of db.streamColumns(
    `select ${lineSql} from (${numbered}) order by cf_rowid`,
  )) {
    const text = (lines as string[]).join('');
    piece.push(text);
    size += text.length;
    if (size >= PIECE_CHARS) {
      yield piece.join('');
      piece = [];
      size = 0;
    }
  }
  if (size > 0) yield piece.join('');
}

/** Writes the table as CSV (to-csv.ts's format: header, "\n" line ends) piece by piece. */
export async function writeCsvFromSql(db: Database, path: string, table: SqlTable): Promise<void> {
  const columns = table.columns.map((c, i) => ({
    name: c.name,
    cls: table.classes[i] as ValueClass,
    text: table.text[i] ?? null,
  }));
  const line = `concat(${csvLineSql(columns)}, chr(10))`;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${table.columns.map((c) => quote(c.name)).join(',')}\n`);
    for await (const piece of textPieces(db, table.source, line)) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the table as an Arrow IPC file, one record batch per BATCH_ROWS rows, streamed to disk
 * as each batch is built.
 */
export async function writeArrowFromSql(
  db: Database,
  path: string,
  table: SqlTable,
): Promise<void> {
  const fields = table.columns.map((c) => new Field(c.name, ARROW_TYPES[c.kind](), true));
  const schema = new Schema(fields);
  const writer = new RecordBatchFileWriter();
  const written = pipeline(writer.toNodeStream(), createWriteStream(path));
  const kinds = table.columns.map((c) => c.kind);
  let columns: unknown[][] = kinds.map(() => []);
  let length = 0;
  const flush = () => {
    const children = kinds.map((kind, j) =>
      columnData(
        kind,
        (columns[j] as unknown[]).map((v) => cellValue(kind, v as CsvValue)),
      ),
    );
    const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
    writer.write(new RecordBatch(schema, data));
    columns = kinds.map(() => []);
    length = 0;
  };
  const names = table.columns.map((c) => ident(c.name)).join(', ');
  for await (const chunk of db.streamColumns(
    `select ${names} from ${table.source} order by rowid`,
  )) {
    chunk.forEach((values, j) => {
      const column = columns[j] as unknown[];
      for (const v of values) column.push(typeof v === 'bigint' ? Number(v) : v);
    });
    length += (chunk[0] ?? []).length;
    if (length >= BATCH_ROWS) flush();
  }
  // An empty table still gets its schema and one empty batch, as tableToIPC writes it.
  if (length > 0 || table.rows === 0) flush();
  writer.close();
  await written;
}

const ARROW_TYPES = {
  utf8: () => new Utf8(),
  float64: () => new Float64(),
  int32: () => new Int32(),
  bool: () => new Bool(),
} as const;
