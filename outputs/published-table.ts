/**
 * A published table: a temporary DuckDB table (pub_<name>) holding a table's rows in the order
 * they are published, with its final column types. Every file of it (CSV, Parquet, Arrow, the
 * workbook's sheet) is written from this one relation by DuckDB, so every format holds the same
 * values in the same order, and no format holds the rows in JavaScript. Tables built in
 * TypeScript (the data-quality findings, the workbook's sources) are loaded here first and take
 * the same path.
 */
import { type ColumnType, type Database, sqlIdent, type TableColumn } from '../kernel/database.ts';

export interface PublishedColumn {
  name: string;
  type: ColumnType;
}

/**
 * What the workbook and the Arrow file need of a column beyond what every file needs, measured
 * only when one of them is written (sheetMeasures): a tables-only run skips the pass.
 */
export interface SheetMeasures {
  /** The longest value's length as text (a DOUBLE counts 12), for the workbook's widths. */
  longest: number;
  /** Text columns: 'plain' as is, 'amp' only "&" escaped, 'full' every XML rule applied. */
  xml: 'plain' | 'amp' | 'full';
  /** Text columns: how many distinct values the column holds (Arrow's dictionaries). */
  distinct: number;
}

export interface PublishedTable {
  /** File stem, e.g. "occupations". */
  name: string;
  /** The DuckDB table holding the rows, in rowid order. */
  source: string;
  columns: PublishedColumn[];
  rows: number;
}

/**
 * The published types: text and flags as they are, every whole-number type as INTEGER (counts,
 * ranks, row numbers, draws and seeds all fit), every other number DOUBLE (a rounded DOUBLE keeps
 * its rounding; DECIMAL would read as an object column in pandas).
 */
function publishedType(duckdbType: string, column: string): ColumnType {
  if (duckdbType === 'VARCHAR' || duckdbType === 'BOOLEAN') return duckdbType;
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(duckdbType)) return 'INTEGER';
  if (/^(DOUBLE|FLOAT|DECIMAL)/.test(duckdbType)) return 'DOUBLE';
  if (duckdbType === '"NULL"') return 'VARCHAR';
  throw new Error(`published column ${column} has type ${duckdbType}, which no writer handles`);
}

/**
 * Text the sheet XML cannot take as it is, but for "&": a quote, an angle bracket, a control or
 * non-ASCII character, a leading or trailing space (xml:space) or a formula start.
 */
const NOT_PLAIN_XML = String.raw`[^\x20\x21\x23-\x3b\x3d\x3f-\x7e]|^[ =+\-@]| $`;

/** SQL giving a text value's sheet needs as bits: 2 holds "&", 4 needs full XML. */
const xmlBitsSql = (c: string): string =>
  `(case when regexp_matches(${c}, '${NOT_PLAIN_XML}') then 4 when contains(${c}, '&') then 2 else 0 end)`;

/** UTF-16 length of a text value, as Excel counts characters. */
const utf16Length = (c: string) =>
  `(length(${c}) + case when strlen(${c}) = length(${c}) then 0 ` +
  `else length(regexp_replace(${c}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')) end)`;

/**
 * Runs a table's query once into pub_<name>, its columns cast to the published types: the
 * query's `describe`, then the table created from the fields selected over the query as a table
 * subquery (typedSql), which keeps the query's order. Two statements where creating the table
 * first took a `describe` and an ALTER per column to cast after it (area_differences: 5).
 */
export async function publishRelation(
  db: Database,
  name: string,
  columns: readonly string[],
  sql: string,
): Promise<PublishedTable> {
  const published = publishedColumns(name, columns, await db.all(`describe ${sql}`));
  const source = `pub_${name}`;
  const [rows] = await db.firstRow(
    `create or replace temp table ${source} as ${typedSql(published, sql)}`,
  );
  return { name, source, columns: withoutCast(published), rows: Number(rows) };
}

/**
 * The fields of the published columns selected over a sorted query, each cast to its published
 * type where it is not of it. SELECT alone over a table subquery, no join, aggregate or IN list:
 * DuckDB keeps the subquery's order (duckdb.org/docs/stable/sql/dialect/order_preservation).
 */
export function typedSql(published: readonly (PublishedColumn & { cast: boolean })[], sql: string) {
  const typed = published.map((c) => {
    const id = sqlIdent(c.name);
    return c.cast ? `cast(${id} as ${c.type}) as ${id}` : id;
  });
  return `select ${typed.join(', ')} from (${sql})`;
}

const withoutCast = (published: readonly PublishedColumn[]): PublishedColumn[] =>
  published.map(({ name, type }) => ({ name, type }));

/**
 * Makes the table pub_<name> (a model's) a published table: it keeps the columns `columns`
 * names (a query may select more), in that order, cast to the published types. Its columns and
 * its rows counted in one statement.
 */
export async function publishTable(
  db: Database,
  name: string,
  columns: readonly string[],
): Promise<PublishedTable> {
  const source = `pub_${name}`;
  const raw = await db.all<{ column_name: string; column_type: string; rows: number }>(
    `select column_name, column_type, (select count(*) from ${source}) as rows
     from (describe ${source})`,
  );
  const published = publishedColumns(name, columns, raw);
  // Changed in place: ALTER keeps the rows' order.
  for (const r of raw) {
    if (!columns.includes(r.column_name))
      await db.exec(`alter table ${source} drop column ${sqlIdent(r.column_name)}`);
  }
  for (const c of published) {
    if (c.cast) await db.exec(`alter table ${source} alter ${sqlIdent(c.name)} type ${c.type}`);
  }
  return { name, source, columns: withoutCast(published), rows: raw[0]?.rows ?? 0 };
}

/**
 * The columns `columns` names of a relation `describe` gave (a query may select more, such as a
 * rule's class column when the rule has no classes), in that order, each with its published type
 * and whether it must be cast to it; an error when one is missing or out of order.
 */
export function publishedColumns(
  name: string,
  columns: readonly string[],
  described: readonly { column_name: string; column_type: string }[],
): (PublishedColumn & { cast: boolean })[] {
  const kept = described.filter((r) => columns.includes(r.column_name));
  if (kept.map((r) => r.column_name).join() !== columns.join()) {
    throw new Error(
      `published table ${name} has columns ${described.map((r) => r.column_name)}, not ${columns}`,
    );
  }
  return kept.map((r) => {
    const type = publishedType(r.column_type, r.column_name);
    return { name: r.column_name, type, cast: r.column_type !== type };
  });
}

const measured = new WeakMap<PublishedTable, Promise<SheetMeasures[]>>();

/**
 * The table's columns' sheet measures, in column order, found once per table whichever of the
 * workbook and the Arrow file asks first. Text is measured over its distinct values (few: area,
 * cluster and occupation names repeat on every row).
 */
export function sheetMeasures(db: Database, table: PublishedTable): Promise<SheetMeasures[]> {
  let found = measured.get(table);
  if (!found) {
    found = measureSheet(db, table);
    measured.set(table, found);
  }
  return found;
}

async function measureSheet(db: Database, table: PublishedTable): Promise<SheetMeasures[]> {
  const aggregates = table.columns.map(({ name: column, type }) => {
    const c = sqlIdent(column);
    if (type === 'VARCHAR') return '[0, 0, 0]'; // measured below (textMeasures)
    if (type === 'BOOLEAN') return `[coalesce(max(case when ${c} then 4 else 5 end), 0), 0, 0]`;
    if (type === 'INTEGER') return `[coalesce(max(length(cast(${c} as varchar))), 0), 0, 0]`;
    return `[case when count(*) > 0 then 12 else 0 end, 0, 0]`;
  });
  // count(*) makes it one row, even with no column outside a subquery.
  const values = await db.firstRow(
    `select count(*), ${aggregates.join(', ')} from ${table.source}`,
  );
  const text = await textMeasures(db, table);
  return table.columns.map((_, i) => {
    const [longest = 0, bits = 0, distinct = 0] =
      text.get(i) ?? (values[1 + i] as unknown[]).map(Number);
    return { longest, xml: bits & 4 ? 'full' : bits & 2 ? 'amp' : 'plain', distinct };
  });
}

/**
 * Each text column's longest value, XML needs and count over its distinct values, by column
 * position; a column with no value is not in it. Every column's distinct values in one
 * aggregate (UNION ALL, each numbered by its column) rather than a subquery a column: DuckDB
 * then plans the measures' patterns once a table, not once a column. The full default run's six
 * workbook tables, copied from one of its databases, 3 runs each: 89 -> 26 ms; 1.4 million rows
 * of 7 text columns: 135 -> 123 ms.
 */
async function textMeasures(
  db: Database,
  table: PublishedTable,
): Promise<Map<number, [number, number, number]>> {
  const values = table.columns.flatMap(({ name, type }, i) => {
    if (type !== 'VARCHAR') return [];
    const c = sqlIdent(name);
    return [
      `select ${i} as i, ${c} as value from (select distinct ${c} from ${table.source} where ${c} is not null)`,
    ];
  });
  if (values.length === 0) return new Map();
  const rows = await db.all<{ i: number; longest: number; bits: number; distinct: number }>(
    `select i, max(${utf16Length('value')}) as longest, bit_or(${xmlBitsSql('value')}) as bits,
       count(*) as distinct
     from (${values.join(' union all ')}) group by i`,
  );
  return new Map(
    rows.map((r) => [Number(r.i), [Number(r.longest), Number(r.bits), Number(r.distinct)]]),
  );
}

/**
 * SQL for how a published number is written as text (CSV fields, the sheet's cells): DuckDB's
 * own shortest round-trip text ("0.25", "1.2e-05"), a whole number without the ".0" DuckDB
 * gives a DOUBLE ("1917900", as publishers and JavaScript write it).
 */
export function numberTextSql(c: string): string {
  return `case when abs(${c}) < 1e15 and ${c} = trunc(${c}) then cast(cast(${c} as bigint) as varchar) else cast(${c} as varchar) end`;
}

/**
 * Loads rows built in TypeScript as a published table, with these columns and types (the
 * published types already): straight into the temporary pub_<name>, through the Appender.
 */
export async function publishRows(
  db: Database,
  name: string,
  columns: readonly TableColumn[],
  rows: readonly object[],
): Promise<PublishedTable> {
  const source = `pub_${name}`;
  await db.load(source, columns, rows, { temporary: true });
  return {
    name,
    source,
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    rows: rows.length,
  };
}
