/**
 * Whether a CSV file is "plain": one where DuckDB's read_csv and papaparse (readCsvTable) are
 * bound to split the same records into the same cells, so a layout may load it in SQL instead
 * of reading it row by row in JavaScript. Plain means: valid UTF-8 with no NUL byte and no
 * UTF-16 mark, every line ending the same way (LF or CRLF, no stray CR), no blank line but a
 * final line ending, no line longer than a field may be (MAX_FIELD_CHARS), and every double quote opening or closing a whole field as RFC 4180 writes
 * it, so a record never spans lines. The file is read in fixed-size pieces: it is never held
 * whole. Anything else is left to readCsvTable, whose messages say what is wrong and where.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { sqlString } from '../../kernel/database.ts';
import { MAX_FIELD_CHARS, maxInputBytes } from './input-guards.ts';

export interface PlainCsv {
  /** The first lines (up to HEAD_LINES) as bytes, for the header search and delimiter guess. */
  head: Buffer;
  /** Lines holding a record: the header and any title rows above it included. */
  lines: number;
}

/** Enough lines for readCsvTable's header search (30 rows) and papaparse's delimiter guess (10). */
const HEAD_LINES = 40;
const PIECE_BYTES = 8 * 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** The file's shape when it is plain, or undefined. */
export function inspectPlainCsv(path: string): PlainCsv | undefined {
  const size = statSync(path).size;
  if (size === 0 || size > maxInputBytes()) return undefined;
  const fd = openSync(path, 'r');
  try {
    return inspect(fd, size);
  } finally {
    closeSync(fd);
  }
}

function inspect(fd: number, size: number): PlainCsv | undefined {
  const buf = Buffer.allocUnsafe(Math.min(PIECE_BYTES, size));
  const head: Buffer[] = [];
  let crlf: boolean | undefined; // whether lines end in CR LF, from the first line on
  let lines = 0;
  let offset = 0;
  // buf[0, kept) holds the start of a line the previous piece cut off.
  let kept = 0;
  while (offset < size || kept > 0) {
    let end = kept;
    while (end < buf.length && offset < size) {
      const n = readSync(fd, buf, end, buf.length - end, offset);
      if (n === 0) break;
      end += n;
      offset += n;
    }
    const last = offset >= size;
    // Whole lines only, so no UTF-8 sequence is split between pieces.
    const cut = last ? end : buf.lastIndexOf(LF, end - 1) + 1;
    if (cut === 0) return undefined; // a line longer than a piece
    const piece = buf.subarray(0, cut);
    // A UTF-16 byte-order mark is not UTF-8 either.
    if (piece.indexOf(0) >= 0 || !isUtf8(piece)) return undefined;
    let start = 0;
    let crs = 0;
    for (let at = piece.indexOf(LF); at >= 0; at = piece.indexOf(LF, start)) {
      const cr = at > start && piece[at - 1] === CR;
      crlf ??= cr;
      if (cr !== crlf) return undefined;
      if (at - start === (cr ? 1 : 0)) return undefined; // a blank line
      // A line that could hold a field over the length bound: RowReader names it.
      if (at - start > MAX_FIELD_CHARS) return undefined;
      if (cr) crs++;
      if (head.length < HEAD_LINES) head.push(Buffer.from(piece.subarray(start, at + 1)));
      lines++;
      start = at + 1;
    }
    if (start < cut) {
      // The last line, without a line ending (only at the end of the file).
      if (piece[cut - 1] === CR || cut - start > MAX_FIELD_CHARS) return undefined;
      if (head.length < HEAD_LINES) head.push(Buffer.from(piece.subarray(start, cut)));
      lines++;
    }
    if (countByte(piece, CR) !== crs) return undefined; // a CR that ends no line
    if (!quotesWellFormed(piece)) return undefined;
    buf.copy(buf, 0, cut, end);
    kept = end - cut;
    if (last && kept === 0) break;
  }
  if (lines === 0) return undefined;
  return { head: Buffer.concat(head), lines };
}

function countByte(b: Buffer, byte: number): number {
  let n = 0;
  for (let at = b.indexOf(byte); at >= 0; at = b.indexOf(byte, at + 1)) n++;
  return n;
}

/**
 * Every quote in `b` (whole lines) opens a field, is doubled inside one, or closes one, and no
 * quoted field holds a line break. Only the quotes are visited: the other bytes cannot make a
 * difference once the line endings are checked.
 */
function quotesWellFormed(b: Buffer): boolean {
  let lf = -1; // the first line feed at or after the field being read
  for (let open = b.indexOf(QUOTE); open >= 0; ) {
    const before = b[open - 1];
    if (open > 0 && before !== COMMA && before !== LF) return false; // a quote inside a field
    if (lf < open) {
      lf = b.indexOf(LF, open);
      if (lf < 0) lf = b.length;
    }
    let close = b.indexOf(QUOTE, open + 1);
    while (close >= 0 && b[close + 1] === QUOTE) close = b.indexOf(QUOTE, close + 2);
    if (close < 0 || close > lf) return false; // the field runs past its line
    const after = b[close + 1];
    if (after !== undefined && after !== COMMA && after !== LF && after !== CR) return false;
    open = b.indexOf(QUOTE, close + 1);
  }
  return true;
}

/**
 * DuckDB's read_csv over a plain CSV's records below its header row, as a FROM item: the cells
 * as VARCHAR columns c0, c1 … (one per header cell; an empty cell reads as NULL). No record
 * number: `with ordinality` makes DuckDB read the file and run everything above the scan on one
 * thread (a typing pass of the 1,001-area file: 0.80 s wall for 0.85 s of CPU with it, 0.43 s
 * for 0.79 s without, two threads). A table written from this by a query without joins or
 * windows holds the records in file order (DuckDB keeps insertion order:
 * preserve_insertion_order), so its rowids number them. Undefined for a path DuckDB would take as
 * a glob pattern.
 */
export function plainCsvSource(
  path: string,
  headerRow: number,
  columnCount: number,
): string | undefined {
  if (/[*?[\]{}]/.test(path)) return undefined;
  const names = Array.from({ length: columnCount }, (_, i) => `c${i}`);
  const columns = names.map((c) => `${c}: 'VARCHAR'`).join(', ');
  const options = [
    'header = false',
    `skip = ${headerRow}`,
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    "compression = 'none'",
    'auto_detect = false',
    'strict_mode = true',
    `columns = {${columns}}`,
  ];
  return `read_csv(${sqlString(path)}, ${options.join(', ')}) as csv(${names.join(', ')})`;
}
