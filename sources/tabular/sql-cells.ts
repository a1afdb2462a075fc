/**
 * RowReader's typing (columns.ts) in SQL, for layouts that load a plain CSV (plain-csv.ts) with
 * DuckDB. `sqlRowReadable` holds for a row only when RowReader reads every one of its cells
 * without an error, and to the value that `sqlNumber` / `sqlText` give. It is narrower than
 * RowReader: "1,234", "$5", " 12 ", "12%", ".5" and text with runs of spaces or unusual
 * whitespace fail it although RowReader reads them. A layout that meets a row failing it reads
 * the file with RowReader instead, which gives the values, or the error naming file, row,
 * column and value.
 *
 * Why the values agree:
 * - a number cell matching NUMBER is one parseNumberText reads as Number(text); DuckDB's cast
 *   from VARCHAR to DOUBLE rounds correctly too, so both give the same double (-0 included);
 * - a text cell matching TEXT has no whitespace but single spaces between words, so RowReader's
 *   whitespace folding and trimming leave it as it is, and it cannot look like a formula;
 * - an empty cell (DuckDB's NULL) and a "no value" token read as null either way.
 */
import { sqlString } from '../../kernel/database.ts';

/** A plain decimal number: what parseNumberText reads as Number(text). */
const NUMBER = '-?[0-9]+(\\.[0-9]+)?';

/** Every character JavaScript's \s matches, control characters, and U+0085 (RE2 class body). */
const SPACE =
  '\\x{00}-\\x{20}\\x{7F}-\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/** Words with single spaces between them, not starting like a formula (=, +, -, @). */
const TEXT = `[^=+\\-@${SPACE}][^${SPACE}]*( [^${SPACE}]+)*`;

/** How RowReader reads a cell: which accessor, and with which "no value" tokens. */
export type CellRead =
  | { read: 'requiredNumber' | 'requiredText' }
  | { read: 'number' | 'text'; nullTokens: readonly string[] }
  /** Text with no spaces that matches the RE2 pattern whole (a code). */
  | { read: 'pattern'; pattern: string };

/** A column of the row source, as SQL, and how RowReader reads it. */
export interface SqlCell {
  sql: string;
  how: CellRead;
}

/**
 * One condition for the whole row: its cells joined by U+0001, which none of the patterns
 * allows inside a cell, against the patterns joined the same way. One regular expression per
 * row costs less than one per cell.
 */
export function sqlRowReadable(cells: readonly SqlCell[]): string {
  const joined = cells.map((c) => c.sql).join(', chr(1), ');
  const pattern = cells.map((c) => `(${cellPattern(c.how)})`).join('\\x{01}');
  return `regexp_full_match(concat(${joined}), ${sqlString(pattern)})`;
}

/**
 * Whether a text value, as sqlText gives it (an empty cell and the no-value tokens already null),
 * is one RowReader reads as written: true for a value `text` reads, NULL for null. It depends on
 * the value alone, so a layout may check a text column's distinct values once instead of each
 * row's cell in sqlRowReadable: at 1,001 areas (750,000 rows) the text cells took 0.6 s of the
 * pattern's 0.9 s there, their distinct values a few milliseconds. A `requiredText` cell is
 * readable when its value is not null and this holds.
 */
export function sqlTextValueReadable(value: string): string {
  return `regexp_full_match(${value}, ${sqlString(TEXT)})`;
}

function cellPattern(how: CellRead): string {
  switch (how.read) {
    case 'requiredNumber':
      return NUMBER;
    case 'requiredText':
      return TEXT;
    case 'pattern':
      return how.pattern;
    case 'number':
      return [NUMBER, ...how.nullTokens.map(re2Literal), ''].join('|');
    case 'text':
      return [TEXT, ...how.nullTokens.map(re2Literal), ''].join('|');
  }
}

/** A number cell's value, as RowReader.number gives it for a readable row. */
export function sqlNumber(cell: string, nullTokens: readonly string[] = []): string {
  return `case when ${isNoValue(cell, nullTokens)} then null else cast(${cell} as double) end`;
}

/** A text cell's value, as RowReader.text gives it for a readable row. */
export function sqlText(cell: string, nullTokens: readonly string[] = []): string {
  return `case when ${isNoValue(cell, nullTokens)} then null else ${cell} end`;
}

/**
 * Equalities joined by OR, not an IN list: DuckDB's optimizer turns a longer IN list into a
 * join, which costs more here.
 */
function isNoValue(cell: string, nullTokens: readonly string[]): string {
  return `(${['', ...nullTokens].map((t) => `${cell} = ${sqlString(t)}`).join(' or ')})`;
}

function re2Literal(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}/-]/g, '\\$&');
}
