/**
 * CSV files, written by DuckDB's COPY from a published table: a header, "\n" line ends, RFC 4180
 * quoting where a value needs it, an empty field for null (and for an empty string), true/false
 * for flags, and numbers as numberTextSql writes them ("100", "0.25", "1.2e-05"). Text a
 * spreadsheet would run as a formula (looksLikeFormula) is written inert, with a "'" before it,
 * the guard OWASP gives for CSV: a publisher's title "=SUM(…)" or "-Other" reads as text when
 * opened.
 */
import { type Database, sqlIdent, sqlString } from '../kernel/database.ts';
import { looksLikeFormulaSql } from '../sources/tabular/input-guards.ts';
import {
  numberTextSql,
  type PublishedColumn,
  type PublishedTable,
  publishedColumns,
  typedSql,
} from './published-table.ts';

/**
 * SQL for a text value as its CSV field. The guard is tested in the COPY itself, on every value,
 * instead of in a scan of each table first for the columns that need it (a statement per table:
 * 4–19 ms each in a small run, 0.2 s for occupations at 1,000 areas). Its patterns run only on
 * a value whose first character can start a formula (tab, CR, space, = + - @). That test is
 * list_contains, not IN: DuckDB plans an IN list of 7 constants as a join, and a join in the
 * COPY need not keep the table's row order.
 */
function textFieldSql(c: string): string {
  return (
    `case when list_contains([9, 13, 32, 43, 45, 61, 64], ascii(${c})) and ${looksLikeFormulaSql(c)}` +
    // DuckDB quotes an empty string ("") to tell it from a null; both are an empty field here.
    ` then '''' || ${c} else nullif(${c}, '') end`
  );
}

/**
 * The query of a CSV's fields, from columns of the published types, over `source`.
 *
 * `compact` (a small run's database, Database.smallData): the text columns go through the guard
 * together, one lambda over the list of a row's text values (list_transform), planned once a
 * COPY, each field then read back from that list by its position; the numbers likewise through
 * numberTextSql. At that scale planning is what these expressions cost (DuckDB binds ~15
 * functions a text column, ~0.5 ms, for tables of 2-1,700 rows): the tables-only default job's
 * CSVs have ~60 text columns, and the guard cost it ~0.04 s by the clock (30 interleaved pairs
 * against no guard at all: -0.04 s, -0.06 s of CPU, 19 of 30). In a large run a list a row costs
 * more than that: 1.4 million rows of 7 text columns took ~30 % longer to write, so there each
 * column has its own expression. The same fields either way (tests/outputs/published-table.test.ts).
 */
function selectSql(columns: readonly PublishedColumn[], source: string, compact: boolean): string {
  const lists = FIELD_LISTS.map((list) => ({
    ...list,
    ids: columns.filter((c) => c.type === list.type).map((c) => sqlIdent(c.name)),
  })).filter((list) => compact && list.ids.length > 1);
  const fields = columns.map((c) => {
    const id = sqlIdent(c.name);
    const list = lists.find((l) => l.type === c.type);
    if (list) return `${list.name}[${list.ids.indexOf(id) + 1}] as ${id}`;
    const field = FIELD_LISTS.find((l) => l.type === c.type)?.field;
    return field ? `${field(id)} as ${id}` : id;
  });
  if (lists.length === 0) return `select ${fields.join(', ')} from ${source}`;
  const computed = lists.map(
    (l) => `list_transform([${l.ids.join(', ')}], value -> ${l.field('value')}) as ${l.name}`,
  );
  return `select ${fields.join(', ')} from (select *, ${computed.join(', ')} from ${source})`;
}

/** The published types written through an expression, and each one's list in compact form. */
const FIELD_LISTS = [
  { type: 'VARCHAR', field: textFieldSql, name: '"text fields"' },
  { type: 'DOUBLE', field: numberTextSql, name: '"number fields"' },
] as const;

/** Writes the table's CSV; DuckDB writes the file itself, in parallel. */
export async function writeCsv(db: Database, path: string, table: PublishedTable): Promise<void> {
  await db.exec(
    `copy (${selectSql(table.columns, table.source, db.smallData)}) to ${sqlString(path)} (format csv, header true)`,
  );
}

/**
 * Writes a table's CSV straight from its query, for a table no other file is written from: the
 * same fields as writeCsv gives pub_<name> (publishRelation), without the table. At 1,000 areas
 * occupations.csv's 1.4 million rows went through pub_occupations, spilled past DuckDB's memory
 * limit and read back: 8.2, 8.2, 7.9 s of CPU for the table and its CSV, 7.4, 6.0, 7.9 s
 * straight from the query (3 pairs, loaded), and less memory held. The query's ORDER BY holds:
 * the fields are selected over it as a table subquery, SELECT with no join, aggregate or IN
 * list, which DuckDB keeps in order (duckdb.org/docs/stable/sql/dialect/order_preservation).
 * `source` is the query, as a subquery, should anything read the table again.
 */
export async function writeQueryCsv(
  db: Database,
  path: string,
  name: string,
  columns: readonly string[],
  sql: string,
): Promise<PublishedTable> {
  const published = publishedColumns(name, columns, await db.all(`describe ${sql}`));
  const source = `(${typedSql(published, sql)})`;
  const [rows] = await db.firstRow(
    `copy (${selectSql(published, source, db.smallData)}) to ${sqlString(path)} (format csv, header true)`,
  );
  return {
    name,
    source,
    columns: published.map(({ name: column, type }) => ({ name: column, type })),
    rows: Number(rows),
  };
}
