/**
 * The California EDD all-areas export (read-longterm-areas.ts) read by DuckDB instead of row by
 * row in JavaScript. A thousand-area file has 750,000 rows: papaparse, a RowReader and a record
 * per row, and the Appender took 15-20 s and over a gigabyte of heap; DuckDB reads the file and
 * types the cells in SQL with nothing per row in JavaScript.
 *
 * Same tables, same records, same values, or nothing: the file must be plain CSV
 * (plain-csv.ts), every row must pass sqlRowReadable (cells RowReader reads to the values SQL
 * gives; the text cells by their distinct values), each area × period's rows must be together
 * (as EDD publishes them), and each is read by the reader's own areaOf and newAreaTable at its
 * first row. Otherwise this returns undefined and readCaEddLongtermAreas reads the file: it
 * gives the same tables, or the error naming file, row, column and value.
 *
 * The typed rows are written once, to a table of the run's database that the raw_projections
 * view reads (loadSqlProjections), not copied again into a table with each row's area, years
 * and units: at 1,001 areas that copy of 750,000 rows took 1.0 s of 4.5 s of ingest and stage.
 */
import type { Database } from '../../kernel/database.ts';
import type { LoadedTable, SqlProjections } from '../projection-record.ts';
import { PLAIN_SOC_CODE } from '../soc/soc-code.ts';
import { type ResolvedColumn, RowReader, resolveColumns } from '../tabular/columns.ts';
import { decodeText } from '../tabular/input-guards.ts';
import { inspectPlainCsv, type PlainCsv, plainCsvSource } from '../tabular/plain-csv.ts';
import { parseCsv } from '../tabular/read-csv-table.ts';
import {
  type SqlCell,
  sqlNumber,
  sqlRowReadable,
  sqlText,
  sqlTextValueReadable,
} from '../tabular/sql-cells.ts';
import type { Cell, RawTable } from '../tabular/table.ts';
import {
  type AreaColumns,
  areaOf,
  COLUMNS,
  HEADER_PROBE,
  NO_VALUE,
  newAreaTable,
  withZeroWagesNote,
} from './read-longterm-areas.ts';

/**
 * The typed rows, which the raw_projections view reads. Not a SQL model: its query reads this
 * file with the column positions its header gave, known only once the header is read. Kept in
 * the database (the view reads it) unless the rows are not loaded.
 */
const ROWS = 'raw_projection_rows';

/** Each area × period's rows: their keys, place and table_index, while the rows are typed. */
const GROUPS = 'raw_projection_groups';

/** The file's tables and a query for its records, or undefined to read it row by row. */
export async function loadCaEddLongtermAreas(
  db: Database,
  path: string,
  file: string,
): Promise<SqlProjections | undefined> {
  const csv = inspectPlainCsv(path);
  const head = csv && readHead(csv, path, file);
  if (!csv || !head) return undefined;
  const release = () => db.exec(`drop table if exists ${ROWS}; drop table if exists ${GROUPS}`);
  let groups: AreaGroup[];
  let textReadable: boolean;
  try {
    await db.exec(`create or replace table ${ROWS} as ${typedRows(head)}`);
    // Rows of one key, numbered by their first row; a key whose rows are not one stretch of
    // the file (an area met again further on) has fewer rows than its first to its last. The
    // rowids count the rows in file order but need not start at 0 (in a transaction they do
    // not, and they change when it commits): the rows' places are written while they hold.
    await db.exec(`create or replace table ${GROUPS} as
      select k, cast(row_number() over (order by min(rowid)) as bigint) as table_index,
        min(rowid) as first_id, count(*) as rows,
        count(*) = max(rowid) - min(rowid) + 1 as together,
        count(*) filter (where zero_wage) as zero_wages, bool_and(readable) as readable
      from ${ROWS}
      group by k`);
    const base = `(select min(first_id) from ${GROUPS}) - ${1 + head.table.headerRow}`;
    // Written into the rows, which the raw_projections view joins by table_index: a join of the
    // groups in the records' query instead let DuckDB build its hash table on the rows of a small
    // file, and they came out of the view in another order.
    await db.exec(`update ${ROWS}
      set table_index = g.table_index, source_row = ${ROWS}.rowid - (${base})
      from ${GROUPS} g
      where ${ROWS}.k = g.k`);
    groups = await db.all<AreaGroup>(`
      select keys[1] as key0, keys[2] as key1, keys[3] as key2, len(keys) = 3 as plain_key,
        first_id - (${base}) as first_row, rows, together, zero_wages, readable
      from (select *, string_split(k, ${KEY_SEPARATOR}) as keys from ${GROUPS})
      order by table_index`);
    await db.exec(`drop table ${GROUPS}`);
    textReadable = (await db.firstRow(textsReadable()))[0] === true;
  } catch {
    // DuckDB could not read the file as it was told to, or a cell would not cast.
    await release();
    return undefined;
  }
  const tables = textReadable && areaTables(groups, csv.lines - head.table.headerRow, head);
  if (!tables) {
    await release();
    return undefined;
  }
  const records = `
    select table_index, source_row, soc_code, soc_title, is_detail, is_total, base_employment,
      projected_employment, change, pct_change, exits, transfers, openings,
      null as growth_openings, null as replacement_openings, median_hourly_wage,
      median_annual_wage, false as median_wage_topcoded, education, work_experience, ojt
    from ${ROWS}`;
  return { tables, records, release };
}

/** The header as readCsvTable finds it, the layout's columns, and the file as a FROM item. */
interface Head {
  table: RawTable;
  cols: AreaColumns;
  source: string;
}

function readHead(csv: PlainCsv, path: string, file: string): Head | undefined {
  try {
    const { table, delimiter } = parseCsv(decodeText(csv.head, file), file, HEADER_PROBE);
    const source = plainCsvSource(path, table.headerRow, table.headers.length);
    if (delimiter !== ',' || !source) return undefined;
    return { table, cols: resolveColumns(table, COLUMNS), source };
  } catch {
    return undefined;
  }
}

/**
 * Whether every text cell is one RowReader reads as written, checked on the typed rows' distinct
 * values (sqlTextValueReadable) rather than each row's: the title is required, the others may
 * be empty or a no-value token (null by then).
 */
function textsReadable(): string {
  const values = [
    `select coalesce(soc_title, '') as v from ${ROWS}`,
    ...['education', 'work_experience', 'ojt'].map(
      (c) => `select ${c} from ${ROWS} where ${c} is not null`,
    ),
  ];
  return `select bool_and(${sqlTextValueReadable('v')}) from (${values.join(' union ')})`;
}

/**
 * Between the area type, name and period in a row's key: one string column, not three (the
 * 1,001-area typed rows alone, 5 alternating runs: 1.40 -> 1.29 s wall, 2.38 -> 2.28 s CPU). A
 * key with this character in a cell does not split back into three (plain_key) and is left to
 * the row-by-row reader.
 */
const KEY_SEPARATOR = 'chr(31)';

/**
 * One pass over the file, each row typed as caEddAreasFromTable types it, with its area ×
 * period's text (k; an empty cell as '') and whether its cells but the text ones are readable
 * (sql-cells.ts; the text is checked by textsReadable). The rows stay in file order (their
 * rowids number them: plainCsvSource). No window: one over () made DuckDB read and type the
 * whole file on one thread (1,001 areas: the statement ~2.6 s on one core of two); table_index
 * and source_row are written from GROUPS. A cast that fails (on a row that is not readable)
 * stops the query.
 */
function typedRows({ cols, source }: Head): string {
  const c = (col: ResolvedColumn | undefined) => (col ? `c${col.index}` : 'null');
  const key = [cols.areaType, cols.areaName, cols.period].map((col) => `coalesce(${c(col)}, '')`);
  const readable = sqlRowReadable([
    { sql: c(cols.code), how: { read: 'pattern', pattern: PLAIN_SOC_CODE } },
    { sql: c(cols.level), how: { read: 'requiredNumber' } },
    { sql: c(cols.base), how: { read: 'requiredNumber' } },
    { sql: c(cols.projected), how: { read: 'requiredNumber' } },
    ...[cols.change, cols.pct, cols.exits, cols.transfers, cols.openings, cols.hourly, cols.annual]
      .filter((col) => col !== undefined)
      .map((col): SqlCell => ({ sql: c(col), how: { read: 'number', nullTokens: NO_VALUE } })),
  ]);
  const level = `cast(${c(cols.level)} as double)`;
  const code = `left(${c(cols.code)}, 7)`;
  const number = (col: ResolvedColumn | undefined) => sqlNumber(c(col), NO_VALUE);
  const text = (col: ResolvedColumn | undefined) => sqlText(c(col), NO_VALUE);
  return `
    select
      concat_ws(${KEY_SEPARATOR}, ${key.join(', ')}) as k,
      cast(null as bigint) as table_index,
      cast(null as bigint) as source_row,
      ${readable} as readable,
      ${level} = 4 and ${number(cols.annual)} = 0 as zero_wage,
      ${code} as soc_code,
      ${c(cols.title)} as soc_title,
      ${level} = 4 as is_detail,
      ${level} = 1 or ${code} = '00-0000' as is_total,
      ${sqlNumber(c(cols.base))} as base_employment,
      ${sqlNumber(c(cols.projected))} as projected_employment,
      ${number(cols.change)} as change,
      ${number(cols.pct)} as pct_change,
      ${number(cols.exits)} as exits,
      ${number(cols.transfers)} as transfers,
      ${number(cols.openings)} as openings,
      nullif(${number(cols.hourly)}, 0) as median_hourly_wage,
      nullif(${number(cols.annual)}, 0) as median_annual_wage,
      ${text(cols.education)} as education,
      ${text(cols.experience)} as work_experience,
      ${text(cols.ojt)} as ojt
    from ${source}`;
}

/** The rows of one area × period: `together` when they are one stretch of the file. */
interface AreaGroup extends Record<string, string | number | boolean | null> {
  key0: string;
  key1: string;
  key2: string;
  plain_key: boolean;
  first_row: number;
  rows: number;
  together: boolean;
  zero_wages: number;
  readable: boolean;
}

/**
 * The tables of the stretches of rows of one area × period, each read at its first row as the
 * row-by-row reader does; undefined when a row is not readable, a row went missing, an area's
 * rows are not all together, or a group's area is one the row-by-row reader must judge.
 */
function areaTables(
  groups: AreaGroup[],
  expectedRows: number,
  { table, cols }: Head,
): LoadedTable[] | undefined {
  const rows = groups.reduce((n, g) => n + g.rows, 0);
  if (
    groups.length === 0 ||
    rows !== expectedRows ||
    groups.some((g) => !g.readable || !g.together || !g.plain_key)
  ) {
    return undefined;
  }
  const tables: LoadedTable[] = [];
  for (const g of groups) {
    const cells: Cell[] = [];
    [cols.areaType, cols.areaName, cols.period].forEach((col, i) => {
      if (col) cells[col.index] = [g.key0, g.key1, g.key2][i] ?? null;
    });
    const r = new RowReader(table, { row: g.first_row, cells });
    try {
      const at = areaOf(r, cols);
      // The groups are of the text as written; RowReader folds whitespace. Where that makes a
      // difference, the row-by-row reader decides which rows share a table.
      if (at.type !== g.key0 || at.name !== g.key1 || at.period !== g.key2) return undefined;
      const { records: _, ...t } = withZeroWagesNote(newAreaTable(r, cols, at), g.zero_wages);
      tables.push({ ...t, rows: g.rows });
    } catch {
      return undefined;
    }
  }
  return tables;
}
