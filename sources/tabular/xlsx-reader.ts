/**
 * A small reader for the publishers' .xlsx workbooks: the zip's parts read through the one zip
 * layer (zip-archive.ts: bounded inflate, sizes and CRCs checked) and the sheet XML scanned for
 * its rows and cells. It replaced exceljs as the reader: loading
 * exceljs took 0.2 s of every run's start and reading an 800-row sheet with it another 0.15-0.3 s
 * (its zip is inflated in JavaScript, its XML through a SAX parser into a full document model),
 * a fifth of the default run.
 *
 * Cells read as exceljs read them, then flattened as readXlsxTable flattened exceljs's values
 * (tests/sources/tabular/xlsx-reader.test.ts compares the two on every workbook in the data
 * folder): shared and inline strings with rich-text runs joined and _xHHHH_ escapes decoded;
 * numbers; booleans as TRUE / FALSE; errors as their text (#N/A); a formula as its cached
 * result, or empty without one; numbers in a date format as the ISO date; a merged range's
 * cells all holding its first cell's value. A row is listed when it holds a cell with a value or
 * a formula, or lies in a merged range.
 *
 * Where exceljs guesses, this reader refuses, naming the place (a WorkbookError the caller
 * turns into exit 3): a part that is not UTF-8 or whose tags never close, a shared-string index
 * past the table, a character reference past Unicode, a cell past Excel's last row or column, a
 * merged range over a million cells. A number cell whose text is not a number ("302500abc")
 * stays text, so the layout reading it as a number names its place, where parseFloat read 302500.
 */
import { firstInvalidUtf8, readInputBytes } from './input-guards.ts';
import type { Cell } from './table.ts';
import { openZipArchive, type ZipArchive } from './zip-archive.ts';

export interface SheetRow {
  /** 1-based, as in the sheet. */
  row: number;
  /** Column A first; cells between filled ones are null. */
  cells: Cell[];
}

export interface Worksheet {
  name: string;
  /** The rows holding something, in order. Parsed on first use. */
  rows(): SheetRow[];
}

/** Thrown for a file that is not a readable workbook; the caller names the file. */
export class WorkbookError extends Error {}

export interface Workbook {
  /** In the workbook's order (its tabs, left to right). */
  worksheets: Worksheet[];
}

/**
 * Opens a workbook: the file's size bounded, its zip read through the one zip layer (sizes
 * counted as inflated, CRCs checked). `file` names it in errors. Parts are inflated when first
 * needed; a CliError or WorkbookError can come from `rows()` too.
 */
export function readWorkbook(path: string, file: string = path): Workbook {
  return workbookFromBytes(readInputBytes(path, file), file);
}

/**
 * A workbook held in memory: one read out of a publisher's zip download (OEWS's oesm23st.zip
 * holds state_M2023_dl.xlsx), through the same zip layer and its own budget. `file` names it in
 * errors ("oesm23st.zip: state_M2023_dl.xlsx").
 */
export function workbookFromBytes(bytes: Buffer, file: string): Workbook {
  const archive = openZipArchive(bytes, file, { kind: 'an Excel workbook' });
  const zip = { text: (name: string) => partText(archive, name) };
  const workbookXml = zip.text('xl/workbook.xml');
  if (workbookXml === undefined) throw new WorkbookError('the zip archive holds no worksheets');
  const rels = relationships(zip.text('xl/_rels/workbook.xml.rels') ?? '');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);
  let shared: string[] | undefined;
  let dates: boolean[] | undefined;
  const sheets: Worksheet[] = [];
  for (const tag of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
    const a = attributes(tag[1] ?? '');
    const rel = rels.get(a['r:id'] ?? '');
    if (!rel?.type.endsWith('/worksheet')) continue;
    const part = partPath(rel.target);
    const name = decodeEntities(a.name ?? '');
    let rows: SheetRow[] | undefined;
    sheets.push({
      name,
      rows: () => {
        const xml = zip.text(part);
        if (xml === undefined) throw new WorkbookError(`its sheet "${name}" is missing`);
        shared ??= sharedStrings(zip.text('xl/sharedStrings.xml') ?? '');
        dates ??= dateStyles(zip.text('xl/styles.xml') ?? '');
        rows ??= sheetRows(name, xml, shared, dates, date1904);
        return rows;
      },
    });
  }
  if (sheets.length === 0) throw new WorkbookError('the zip archive holds no worksheets');
  return { worksheets: sheets };
}

// ---- zip

/** A part's text: the zip layer checks its size and CRC; the text must be UTF-8. */
function partText(zip: ZipArchive, name: string): string | undefined {
  const data = zip.read(name);
  if (data === undefined) return undefined;
  let xml: string;
  try {
    xml = STRICT_UTF8.decode(data);
  } catch {
    const at = firstInvalidUtf8(data);
    const byte = (data[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new WorkbookError(
      `its part "${name}" is not UTF-8 text (byte 0x${byte} at offset ${at})`,
    );
  }
  // XML cannot hold a NUL: one is a damaged part, and would reach the results as text.
  const nul = xml.indexOf('\0');
  if (nul >= 0) throw new WorkbookError(`its part "${name}" holds a NUL at character ${nul}`);
  assertTagsEnd(xml, name);
  // XML reads CR LF and a lone CR as LF (its end-of-line handling), so text cells do too.
  return lineFeeds(xml);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/*
 * The parts are read with lazy patterns (`<row …>…</row>`). On XML that never closes what it
 * opens, each attempt scans to the end of the text: time quadratic in the part's size (100 KB of
 * "<row " took 1.4 s, a megabyte would take minutes). Two linear checks rule that out: every tag
 * ends ('>') before the next begins, and no element the patterns look for is opened after its
 * last closing tag (where a lazy match could not end).
 */

/** Every '<' of the part is followed by its '>' before the next '<'. */
function assertTagsEnd(xml: string, part: string): void {
  for (let at = xml.indexOf('<'); at >= 0; ) {
    const end = xml.indexOf('>', at);
    const next = xml.indexOf('<', at + 1);
    if (end < 0 || (next >= 0 && next < end)) {
      throw new WorkbookError(
        `its part "${part}" is not well-formed XML: a tag at character ${at} does not end`,
      );
    }
    at = next;
  }
}

/**
 * No <tag> in `xml` (a part, or one element's content) is left open after the last </tag>. The
 * last </tag> is looked for from the end, closing tag by closing tag: a row's content ends with
 * its last cell's </c>, so each of the statewide EDD sheet's 800 rows costs one test instead of
 * a scan of its every cell (in a CPU profile of that sheet's read, assertClosed had 7 %).
 */
function assertClosed(xml: string, tag: string): void {
  let patterns = TAG_PATTERNS.get(tag);
  if (!patterns) {
    patterns = {
      close: new RegExp(`</(?:\\w+:)?${tag}>`, 'y'),
      open: new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*>`, 'g'),
    };
    TAG_PATTERNS.set(tag, patterns);
  }
  const { close, open } = patterns;
  let after = 0;
  for (
    let at = xml.lastIndexOf('</');
    at >= 0;
    at = at === 0 ? -1 : xml.lastIndexOf('</', at - 1)
  ) {
    close.lastIndex = at;
    if (close.test(xml)) {
      after = close.lastIndex;
      break;
    }
  }
  open.lastIndex = after;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    if (!m[0].endsWith('/>')) {
      throw new WorkbookError(`its XML opens <${tag}> at character ${m.index} and never closes it`);
    }
  }
}

const TAG_PATTERNS = new Map<string, { close: RegExp; open: RegExp }>();

function lineFeeds(xml: string): string {
  return xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml;
}

// ---- workbook parts

function relationships(xml: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  for (const tag of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)) {
    const a = attributes(tag[1] ?? '');
    if (a.Id) out.set(a.Id, { type: a.Type ?? '', target: decodeEntities(a.Target ?? '') });
  }
  return out;
}

/** A relationship target as a zip entry name: relative to xl/, or absolute from the root. */
function partPath(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** Each shared string's text: its <t>, or its rich-text runs' <t>s joined (phonetic runs left out). */
function sharedStrings(xml: string): string[] {
  assertClosed(xml, 'si');
  const out: string[] = [];
  for (const si of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
    const body = si[1] ?? '';
    // Most strings are one plain <t>, which richText would read as its text: read at once.
    const plain = PLAIN_TEXT.exec(body);
    out.push(plain ? decodeEscapes(decodeEntities(plain[1] as string)) : richText(body));
  }
  return out;
}

const PLAIN_TEXT = /^<t(?: xml:space="preserve")?>([^<]*)<\/t>$/;

function richText(xml: string): string {
  assertClosed(xml, 'rPh');
  assertClosed(xml, 't');
  const body = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let text = '';
  for (const t of body.matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) {
    text += decodeEscapes(decodeEntities(t[1] ?? ''));
  }
  return text;
}

/** ECMA-376's built-in number formats that are dates or times (ids 14-22 and 45-47). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** For each cell style (cellXfs, by position), whether its number format shows a date or time. */
function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const tag of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*?)\/?>/g)) {
    const a = attributes(tag[1] ?? '');
    custom.set(Number(a.numFmtId), decodeEntities(a.formatCode ?? ''));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  for (const tag of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attributes(tag[1] ?? '').numFmtId ?? 0);
    const code = custom.get(id);
    out.push(id !== 0 && (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id)));
  }
  return out;
}

/** A format shows a date or time when, outside quotes and brackets, it has y, m, d, h, s or b. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

// ---- sheet

function sheetRows(
  sheet: string,
  xml: string,
  shared: string[],
  dates: boolean[],
  date1904: boolean,
): SheetRow[] {
  const rows = new Map<number, Cell[]>();
  const present = new Map<number, number>(); // row → cells counted, up to the last such column
  let lastRow = 0;
  const rowPattern = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
  const cellPattern = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
  assertClosed(xml, 'row');
  for (const r of xml.matchAll(rowPattern)) {
    const rowNumber = Number(attributes(r[1] ?? '').r ?? lastRow + 1);
    if (!Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > MAX_ROWS) {
      throw new WorkbookError(
        `sheet "${sheet}" has a row numbered ${rowNumber}, past Excel's rows`,
      );
    }
    lastRow = rowNumber;
    const cells: Cell[] = rows.get(rowNumber) ?? [];
    let lastColumn = 0;
    let widest = 0;
    const content = r[2] ?? '';
    assertClosed(content, 'c');
    for (let at = 0; at < content.length; ) {
      // The form Excel writes for nearly every cell, read by one pattern (SIMPLE_CELL says why).
      SIMPLE_CELL.lastIndex = at;
      const simple = SIMPLE_CELL.exec(content);
      if (simple) {
        at = SIMPLE_CELL.lastIndex;
        const ref = simple[1] as string;
        const style = simple[2] === undefined ? 0 : Number.parseInt(simple[2], 10);
        const text = simple[4] ?? '';
        if (text === '') {
          if (style) lastColumn = columnIndex(ref);
          continue;
        }
        const column = columnIndex(ref);
        if (column > MAX_COLUMNS) {
          throw pastColumns(ref, sheet);
        }
        lastColumn = column;
        const value = typedValue(simple[3], text, false, shared, dates[style] === true, date1904);
        if (value === undefined) {
          throw danglingString(ref, sheet, text, shared);
        }
        cells[column - 1] = value;
        widest = Math.max(widest, column);
        continue;
      }
      cellPattern.lastIndex = at;
      const c = cellPattern.exec(content);
      if (!c) break;
      at = cellPattern.lastIndex;
      const a = attributes(c[1] ?? '');
      const body = c[2] ?? '';
      const v = /<(?:\w+:)?v\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?v>)/.exec(body);
      const hasValue = v !== null && (v[1] ?? '') !== '';
      const hasFormula = /<(?:\w+:)?f\b/.test(body);
      const inline =
        a.t === 'inlineStr' ? /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(body) : null;
      const style = a.s === undefined ? 0 : Number.parseInt(a.s, 10);
      // An empty cell is left out of the row. exceljs still counts a styled one's position for
      // a following cell written without its reference; an unstyled one it drops altogether.
      if (!hasValue && !hasFormula && !inline) {
        if (style) lastColumn = a.r ? columnIndex(a.r) : lastColumn + 1;
        continue;
      }
      const column = a.r ? columnIndex(a.r) : lastColumn + 1;
      if (column < 1 || column > MAX_COLUMNS) {
        throw pastColumns(a.r ?? String(column), sheet);
      }
      lastColumn = column;
      let value: Cell | undefined = null;
      if (inline && !hasFormula) value = richText(inline[1] ?? '');
      else if (hasValue) {
        const text = decodeEntities(v?.[1] as string);
        value = typedValue(a.t, text, hasFormula, shared, dates[style] === true, date1904);
        if (value === undefined) {
          throw danglingString(a.r ?? `${rowNumber}:${column}`, sheet, text, shared);
        }
      }
      cells[column - 1] = value;
      widest = Math.max(widest, column);
    }
    if (widest > 0) present.set(rowNumber, Math.max(present.get(rowNumber) ?? 0, widest));
    rows.set(rowNumber, cells);
  }
  let merged = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+):([A-Z]+\d+)"/g)) {
    const [top, left] = cellRef(m[1] as string);
    const [bottom, right] = cellRef(m[2] as string);
    // A range filled cell by cell: one over the whole sheet would be 17 billion cells.
    merged += Math.max(0, bottom - top + 1) * Math.max(0, right - left + 1);
    if (bottom > MAX_ROWS || right > MAX_COLUMNS || merged > MAX_MERGED_CELLS) {
      throw new WorkbookError(
        `the merged cells ${m[1]}:${m[2]} of sheet "${sheet}" reach past Excel's sheet or, with the ranges before them, cover more than ${MAX_MERGED_CELLS.toLocaleString('en-US')} cells`,
      );
    }
    const master = rows.get(top)?.[left - 1] ?? null;
    for (let row = top; row <= bottom; row++) {
      const cells = rows.get(row) ?? [];
      // The first cell keeps its own standing: a styled empty one still does not count.
      const first = row === top ? left + 1 : left;
      if (first > right) continue;
      for (let column = first; column <= right; column++) cells[column - 1] = master;
      rows.set(row, cells);
      present.set(row, Math.max(present.get(row) ?? 0, right));
    }
  }
  return [...present.keys()]
    .sort((x, y) => x - y)
    .map((row) => {
      const cells = rows.get(row) ?? [];
      return {
        row,
        cells: Array.from({ length: present.get(row) ?? 0 }, (_, i) => cells[i] ?? null),
      };
    });
}

const pastColumns = (cell: string, sheet: string) =>
  new WorkbookError(`cell ${cell} of sheet "${sheet}" lies past Excel's columns`);

const danglingString = (cell: string, sheet: string, text: string, shared: string[]) =>
  new WorkbookError(
    `cell ${cell} of sheet "${sheet}" points to shared string ${text}, but the workbook holds ${shared.length}`,
  );

function typedValue(
  type: string | undefined,
  text: string,
  formula: boolean,
  shared: string[],
  dateStyle: boolean,
  date1904: boolean,
): Cell | undefined {
  switch (type) {
    case 's':
      if (formula) break; // a formula's result is never a shared-string index
      // Undefined for an index past the table: a dangling reference, not an empty cell.
      return /^\d+$/.test(text) ? shared[Number(text)] : undefined;
    case 'str':
      // exceljs decodes a string result's entities a second time.
      return decodeEntities(text);
    case 'inlineStr':
      return formula ? Number.parseFloat(text) : text;
    case 'b':
      return Number.parseInt(text, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return text;
  }
  // Not parseFloat, which reads "302500abc" as 302500: text that is not a number stays text,
  // and the layout reading the cell as a number names its place.
  if (!XML_NUMBER.test(text)) return text;
  const n = Number(text);
  if (dateStyle && !Number.isNaN(n)) {
    const ms = Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
  }
  return n;
}

/** Excel's sheet size: references past it are not a sheet's. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
/** Merged ranges in publishers' sheets are titles over a row or a few; a million is no sheet. */
const MAX_MERGED_CELLS = 1_000_000;

/**
 * A cell as Excel writes nearly all of them: `<c r="B10" s="22" t="s"><v>40</v></c>`, or empty
 * and self-closed, its attributes in that order and its value without markup or entities. Read
 * by this one pattern, at the place the general one (cellPattern) would match next and ending
 * where it would, the cell is what the general path reads: no formula, no inline string, its
 * column from its reference. Anything else goes the general way. The statewide EDD workbook's
 * 12,000 cells each took an object of attributes and three patterns: its read in a fresh process
 * (with the plain shared strings below), 6 runs each: 40-45 -> 28-31 ms of CPU, before a run's
 * first statement.
 */
const SIMPLE_CELL =
  /<c r="([A-Z]{1,3}\d+)"(?: s="(\d+)")?(?: t="(s|n|str|b|e)")?(?:\/>|><v>([^<&]*)<\/v><\/c>|><\/c>)/y;

/** A number as a sheet writes one (xsd:double without INF / NaN). */
const XML_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** "AB12" → [12, 28] (row, column), both 1-based. */
function cellRef(ref: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  return m ? [Number(m[2]), columnIndex(m[1] as string)] : [0, 0];
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

// ---- XML text

/**
 * A tag's attributes by name. One shared pattern run with exec, not matchAll: matchAll copies the
 * pattern and makes an iterator on every call, and this runs for every cell (the statewide EDD
 * sheet's 12,000; in a CPU profile of that sheet's read, attributes had a fifth).
 */
function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
    out[m[1] as string] = m[2] ?? m[3] ?? '';
  }
  return out;
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e] as string;
    const code = e.startsWith('#x')
      ? Number.parseInt(e.slice(2), 16)
      : Number.parseInt(e.slice(1), 10);
    // String.fromCodePoint throws a RangeError past U+10FFFF: an XML error, said as one.
    if (!(code <= 0x10ffff)) throw new WorkbookError(`it holds the character reference &${e};`);
    return String.fromCodePoint(code);
  });
}

/** OOXML's escapes for characters XML cannot hold: _x000D_ is a carriage return. */
function decodeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
