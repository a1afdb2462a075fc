/**
 * Checks every input file passes before a reader parses it, so a file that is too big, is not
 * text, or is not UTF-8 stops the run with a message naming the place, instead of exhausting
 * memory or turning into mojibake in the results. Zip archives have their own layer
 * (zip-archive.ts), bounded by what they actually inflate to.
 *
 * Limits are generous for the publishers' files (the largest, a 33-area CSV, is a few MB; a
 * workbook inflates to tens of MB) and can be raised for unusual inputs through the environment.
 */
import { readFileSync, statSync } from 'node:fs';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import type { TextEncoding } from '../../kernel/config-types.ts';
import { messages } from '../../kernel/messages.ts';

const MB = 1024 * 1024;

/**
 * The longest text a cell may hold. The longest title a publisher writes is about 150
 * characters; a cell of a megabyte is a broken export or an attack on whatever opens the
 * results, never data. Readers check it where a cell is read (RowReader.cell); plain-csv.ts
 * leaves a longer line to that reader.
 */
export const MAX_FIELD_CHARS = 10_000;

/** The largest input file read, in bytes (CLUSTERFIT_MAX_INPUT_MB, default 512). */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  return limitMb(env.CLUSTERFIT_MAX_INPUT_MB, 512);
}

/**
 * The most a zip archive's entries may inflate to together, in bytes (CLUSTERFIT_MAX_UNZIPPED_MB,
 * default 256). The publishers' workbooks inflate to under 4 MB; a state's OEWS workbook to tens
 * of MB. 256 keeps a run's peak memory bounded even for an archive that fills its budget.
 */
export function maxUnzippedBytes(env: NodeJS.ProcessEnv = process.env): number {
  return limitMb(env.CLUSTERFIT_MAX_UNZIPPED_MB, 256);
}

function limitMb(value: string | undefined, fallback: number): number {
  const n = value === undefined ? Number.NaN : Number(value);
  return Math.floor((Number.isFinite(n) && n > 0 ? n : fallback) * MB);
}

/** Refuses a file larger than the input limit before any of it is read. */
export function checkInputSize(path: string, file: string): void {
  const bytes = statSync(path).size;
  const limit = maxInputBytes();
  if (bytes > limit) {
    throw new CliError(messages.inputTooLarge(file, bytes, limit), ExitCode.input, { file });
  }
}

/** A file's bytes, after the size check. */
export function readInputBytes(path: string, file: string): Buffer {
  checkInputSize(path, file);
  return readFileSync(path);
}

/** A text file's text (CSV, JSON), after the size, NUL and encoding checks. */
export function readTextFile(path: string, file: string, encoding: TextEncoding = 'utf-8'): string {
  return decodeText(readInputBytes(path, file), file, encoding);
}

/**
 * The file's text. A UTF-8 BOM is dropped; a UTF-16/32 BOM, NUL bytes (a binary file) or bytes
 * that are not UTF-8 (a file saved as Windows-1252) are refused naming the row and column.
 */
export function decodeText(
  bytes: Uint8Array,
  file: string,
  encoding: TextEncoding = 'utf-8',
): string {
  const b = bytes;
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    throw new CliError(messages.utf16(file), ExitCode.input, { file });
  }
  const nul = b.indexOf(0);
  if (nul >= 0) {
    const at = rowAndColumn(b, nul);
    throw new CliError(messages.binaryFile(file, at.row, at.column), ExitCode.input, {
      file,
      row: at.row,
    });
  }
  // Every byte but NUL has a Windows-1252 reading; the NUL check above still applies.
  if (encoding === 'windows-1252') return decodeWindows1252(b);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b).replace(/^\uFEFF/, '');
  } catch {
    const offset = firstInvalidUtf8(b);
    const at = rowAndColumn(b, offset);
    const p = { file, row: at.row, column: `${at.column}` };
    throw new CliError(messages.notUtf8(p, b[offset] ?? 0), ExitCode.input, p);
  }
}

/**
 * Windows-1252 text. Node's TextDecoder('windows-1252') reads 0x80-0x9F as C1 controls (as
 * Latin-1 does) rather than as the dashes, quotes and symbols Windows puts there, so those 32
 * bytes are mapped here from the code page's table; the rest is Latin-1.
 */
function decodeWindows1252(b: Uint8Array): string {
  const latin1 = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/** Windows-1252 0x80-0x9F; the five bytes the code page leaves undefined stay as they are. */
const CP1252_HIGH = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
];

/** 1-based line and comma-separated field of a byte offset (quotes are not followed: a hint). */
function rowAndColumn(b: Uint8Array, offset: number): { row: number; column: number } {
  let row = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      row++;
      column = 1;
    } else if (b[i] === 0x2c) column++;
  }
  return { row, column };
}

/** The offset of the first byte that breaks UTF-8 (the length when none does). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : 3;
    if (c >= 0x80 && (c < 0xc2 || c > 0xf4)) return i;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return b.length;
}

/**
 * Text a spreadsheet would run as a formula when the results are opened: starting with =, +, -
 * or @ (after any tab, carriage return or space) and not simply a signed number
 * ("-2+3+cmd|' /C calc'!A0" is the classic payload).
 *
 * The policy: a code, an education level or a config name like that is a sign of tampering or a
 * broken export and stops the run, naming its place. An occupation title is only ever shown, and
 * one odd title ("-Other", "=SUM…") should not cost a state its whole run: it is kept, reported
 * as a data-quality warning (check formula_title), and written inert everywhere, with a "'"
 * before it in the CSV files (outputs/write-csv.ts) and as text in results.xlsx (write-xlsx.ts).
 */
/** looksLikeFormula as a SQL condition on the VARCHAR expression `c` (the same cells). */
export const looksLikeFormulaSql = (c: string): string =>
  String.raw`(regexp_matches(${c}, '^[\t\r ]*[=+\-@]')` +
  String.raw` and not regexp_full_match(${c}, '[-=+@\s]*')` +
  String.raw` and not regexp_full_match(trim(regexp_replace(${c}, '^[\t\r ]+', '')), '(?i)[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(e[-+]?[0-9]+)?%?'))`;

/** Tab, carriage return, space, =, +, - and @: what a formula can start with. */
const FORMULA_START = new Set([9, 13, 32, 61, 43, 45, 64]);

export function looksLikeFormula(text: string): boolean {
  // Almost every cell starts with none of those characters: said by its first character alone,
  // without the replace and patterns below (every text cell of every input passes here).
  if (!FORMULA_START.has(text.charCodeAt(0))) return false;
  const s = text.replace(/^[\t\r ]+/, '');
  // A lone dash or a rule of dashes is a publisher's "no value", not a formula.
  if (!/^[=+\-@]/.test(s) || /^[-=+@\s]*$/.test(s)) return false;
  return !/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?%?$/i.test(s.trim());
}
