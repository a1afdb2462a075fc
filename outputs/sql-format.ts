/**
 * The CSV and spreadsheet text of a published table, built by DuckDB rather than in JavaScript.
 *
 * Why: at scale (a thousand areas, 1.4 million occupation rows × 27 columns) reading every value
 * back into JavaScript cost more than everything else in the run: each text value is decoded
 * from UTF-8 on its own, and each row became an object, then a CSV line, then an XML row. Built
 * in SQL, the text is formatted by DuckDB and comes back as one string per row, streamed to disk
 * a piece at a time.
 *
 * The text must be byte for byte what outputs/to-csv.ts and outputs/write-xlsx.ts write from JS
 * rows (small tables built in TypeScript still go that way); tests/outputs/sql-format.test.ts
 * holds both to the same bytes on edge values and on real runs.
 */
import { type Database, sqlIdent } from '../kernel/database.ts';
import { looksLikeFormulaSql } from '../sources/tabular/input-guards.ts';
import type { TypedColumn } from './table-schema.ts';

/**
 * SQL macros, one per formatting rule, created once per connection (temporary: they live only
 * as long as the connection).
 *
 * cf_num: a DOUBLE as JavaScript's String(n) writes it, where String(n) has no exponent (1e-6 ≤
 * |n| < 1e21), else as to-csv.ts spells it out (toFixed(12), trailing zeros dropped). DuckDB
 * prints the same shortest round-trip digits as JavaScript; only the notation differs: "100.0"
 * for 100 and "1.2e-05" for 0.000012. Integers below 2^53 are exact as BIGINT; non-integers in
 * [1e-4, 1e16) DuckDB already prints plainly; the rest are rebuilt from the digits and exponent.
 *
 * cf_jsnum: String(n) itself (exponent and all), for the workbook's numeric cells.
 */
const MACROS = String.raw`
create or replace temp macro cf_digits(s) as replace(split_part(s, 'e', 1), '.', '');
create or replace temp macro cf_exp(s) as cast(split_part(s, 'e', 2) as integer);
create or replace temp macro cf_plain_abs(a) as (
  case
    when a < 9007199254740992 and a = trunc(a) then cast(cast(a as bigint) as varchar)
    when a >= 1e-4 and a < 1e16 then regexp_replace(cast(a as varchar), '\.0$', '')
    when a < 1e-4 then
      '0.' || repeat('0', -cf_exp(cast(a as varchar)) - 1) || cf_digits(cast(a as varchar))
    else cf_digits(cast(a as varchar))
      || repeat('0', cf_exp(cast(a as varchar)) + 1 - length(cf_digits(cast(a as varchar))))
  end);
create or replace temp macro cf_num(x) as (
  case
    when x is null or not isfinite(x) then null
    when x = 0 then '0'
    when abs(x) < 1e-6 then regexp_replace(printf('%.12f', x), '\.?0+$', '')
    when abs(x) >= 1e21 then regexp_replace(cast(x as varchar), '\.?0+$', '')
    else (case when x < 0 then '-' else '' end) || cf_plain_abs(abs(x))
  end);
create or replace temp macro cf_jsnum(x) as (
  case
    when x is null or not isfinite(x) then null
    when x = 0 then '0'
    when abs(x) < 1e-6 or abs(x) >= 1e21 then
      regexp_replace(cast(x as varchar), 'e([+-])0*(\d)', 'e\1\2')
    else (case when x < 0 then '-' else '' end) || cf_plain_abs(abs(x))
  end);
create or replace temp macro cf_csv_text(s) as (
  case when contains(s, ',') or contains(s, '"') or contains(s, chr(10)) or contains(s, chr(13))
    then '"' || replace(s, '"', '""') || '"' else s end);
create or replace temp macro cf_xml(s) as (
  case
    when not regexp_matches(s, '[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]') then s
    else replace(replace(replace(replace(replace(replace(
      regexp_replace(s, '[^\t\n\r\x{20}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}]', '', 'g'),
      '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), chr(13), '&#13;'), chr(9), '&#9;')
  end);
create or replace temp macro cf_edge_space(s) as
  regexp_matches(s, '^[\t\n\x{0B}\f\r\p{Zs}\x{2028}\x{2029}\x{FEFF}]|[\t\n\x{0B}\f\r\p{Zs}\x{2028}\x{2029}\x{FEFF}]$');
create or replace temp macro cf_formula(s) as regexp_matches(s, '^[=+\-@\t\r]');
create or replace temp macro cf_csv_formula(s) as (${looksLikeFormulaSql('s')});
create or replace temp macro cf_csv_inert(s) as (
  case when cf_csv_formula(s) then '''' || s else s end);
`;

const ready = new WeakSet<Database>();

/** Creates the formatting macros on this connection, once. */
export async function ensureFormatMacros(db: Database): Promise<void> {
  if (ready.has(db)) return;
  await db.exec(MACROS);
  ready.add(db);
}

/** How a DuckDB column type is written: as text, as a number or as a flag. */
export type ValueClass = 'text' | 'number' | 'flag';

const NUMERIC = /^(DOUBLE|FLOAT|REAL|INTEGER|BIGINT|SMALLINT|TINYINT|UINTEGER|USMALLINT|UTINYINT)$/;

/** The value class of a DuckDB type name; anything else is refused (an internal error). */
export function valueClass(duckdbType: string, column: string): ValueClass {
  if (duckdbType === 'VARCHAR') return 'text';
  if (duckdbType === 'BOOLEAN') return 'flag';
  if (NUMERIC.test(duckdbType)) return 'number';
  throw new Error(`published column ${column} has type ${duckdbType}, which no writer handles`);
}

/**
 * What a text column's values need when written, found once over its distinct values (see
 * sql-table.ts): most published text (codes, names, sources) needs no quoting or escaping, and
 * testing every cell for it cost more than writing the cell.
 */
export interface TextTraits {
  /** Some value holds a comma, quote or line break: CSV quotes those values. */
  csvQuote: boolean;
  /** Some value would run as a formula in a spreadsheet: CSV writes those with a "'" before. */
  csvInert: boolean;
  /** The sheet XML: 'plain' text as is, 'amp' only "&" escaped, 'full' every rule applied. */
  xml: 'plain' | 'amp' | 'full';
}

/** A published column as the line builders see it. */
export interface LineColumn {
  name: string;
  cls: ValueClass;
  /** For a text column; without it every rule is applied to every value. */
  text?: TextTraits | null;
}

/**
 * Text the sheet XML cannot take as it is, but for "&": a quote, an angle bracket, a control or
 * non-ASCII character (cf_xml's rules), a leading or trailing space (xml:space) or a formula
 * start (the inert style; tab and CR are already controls).
 */
const NOT_PLAIN_XML = String.raw`[^\x20\x21\x23-\x3b\x3d\x3f-\x7e]|^[ =+\-@]| $`;

/**
 * SQL classifying one text value for TextTraits: bit 1 when CSV must quote it, and for XML 4 when
 * it needs more than "&" escaped (a quote, an angle bracket, a control or non-ASCII character,
 * an edge space, a formula start), else 2 when it holds "&".
 */
export function textTraitBitsSql(c: string): string {
  return (
    `((case when contains(${c}, ',') or contains(${c}, '"') or contains(${c}, chr(10)) or contains(${c}, chr(13)) then 1 else 0 end)` +
    ` | (case when regexp_matches(${c}, '${NOT_PLAIN_XML}') then 4` +
    ` when contains(${c}, '&') then 2 else 0 end)` +
    ` | (case when ${looksLikeFormulaSql(c)} then 8 else 0 end))`
  );
}

/** TextTraits from the OR of textTraitBitsSql over a column's values. */
export function textTraits(bits: number): TextTraits {
  return {
    csvQuote: (bits & 1) !== 0,
    csvInert: (bits & 8) !== 0,
    xml: bits & 4 ? 'full' : bits & 2 ? 'amp' : 'plain',
  };
}

/** SQL for one CSV field of a column (never null: a null is the empty field). */
function csvField(column: LineColumn): string {
  const c = sqlIdent(column.name);
  if (column.cls === 'text') {
    const inert = column.text?.csvInert === false ? c : `cf_csv_inert(${c})`;
    return column.text?.csvQuote === false
      ? `coalesce(${inert}, '')`
      : `coalesce(cf_csv_text(${inert}), '')`;
  }
  if (column.cls === 'flag')
    return `case when ${c} then 'true' when not ${c} then 'false' else '' end`;
  return `coalesce(cf_num(cast(${c} as double)), '')`;
}

/** SQL for a table row's CSV line, without its line feed. */
export function csvLineSql(columns: readonly LineColumn[]): string {
  // One concat_ws rather than a chain of ||, which builds every intermediate string.
  return `concat_ws(',', ${columns.map(csvField).join(', ')})`;
}

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

/** Cell style indexes the sheet XML uses, as write-xlsx.ts's Styles gives them. */
export interface CellStyles {
  /** Per column: the style of its numeric cells (0 = none). */
  number: readonly number[];
  /** The style of text that could be taken for a formula. */
  inertText: number;
}

/**
 * SQL for a table row's worksheet XML (<row r="n">…</row>), its row number as text being the
 * column `n` (which must not clash with a published column). Cells follow the column's kind as
 * write-xlsx.ts writes them: null cells are left out.
 */
export function sheetRowSql(
  columns: readonly (TypedColumn & { text?: TextTraits | null })[],
  styles: CellStyles,
  n: string,
): string {
  const cells = columns.map((column, i) => {
    const c = sqlIdent(column.name);
    const ref = `'<c r="${columnLetter(i)}', ${n}`;
    return `case when ${c} is null then '' else concat(${cellSql(column, c, ref, styles.number[i] ?? 0, styles.inertText)}) end`;
  });
  return `concat('<row r="', ${n}, '">', ${cells.join(', ')}, '</row>')`;
}

/** The parts of one cell's XML, for concat. */
function cellSql(
  column: TypedColumn & { text?: TextTraits | null },
  c: string,
  ref: string,
  style: number,
  inert: number,
): string {
  const s = style ? ` s="${style}"` : '';
  switch (column.kind) {
    case 'bool':
      return `${ref}, '" t="b"><v>', case when ${c} then '1' else '0' end, '</v></c>'`;
    case 'float64':
    case 'int32':
      return `${ref}, '"${s}><v>', cf_jsnum(cast(${c} as double)), '</v></c>'`;
    case 'utf8': {
      const text = `cast(${c} as varchar)`;
      const xml = column.text?.xml ?? 'full';
      if (xml !== 'full') {
        const escaped = xml === 'amp' ? `replace(${text}, '&', '&amp;')` : text;
        return `${ref}, '" t="inlineStr"><is><t>', ${escaped}, '</t></is></c>'`;
      }
      return (
        `${ref}, '"', case when cf_formula(${text}) then ' s="${inert}"' else '' end,` +
        ` ' t="inlineStr"><is><t', case when cf_edge_space(${text}) then ' xml:space="preserve"' else '' end,` +
        ` '>', cf_xml(${text}), '</t></is></c>'`
      );
    }
  }
}
