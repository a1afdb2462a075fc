/**
 * A small reader for the publishers' .xlsx workbooks: the zip's parts inflated by Node's zlib and
 * the sheet XML scanned for its rows and cells. It replaced exceljs as the reader: loading
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
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import type { Cell } from './table.ts';

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

export function readWorkbook(path: string): Workbook {
  const zip = zipEntries(readFileSync(path));
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
        rows ??= sheetRows(xml, shared, dates, date1904);
        return rows;
      },
    });
  }
  if (sheets.length === 0) throw new WorkbookError('the zip archive holds no worksheets');
  return { worksheets: sheets };
}

// ---- zip

interface Zip {
  names: string[];
  bytes(name: string): Buffer | undefined;
  text(name: string): string | undefined;
}

/**
 * The first entry of a zip archive whose name `pick` accepts, inflated: the workbook inside a
 * publisher's .zip (OEWS's oesm23st.zip holds state_M2023_dl.xlsx). Undefined when none is;
 * the caller has run the archive through checkZipSize first.
 */
export function readZipEntry(
  path: string,
  pick: (name: string) => boolean,
): { name: string; bytes: Buffer } | undefined {
  const zip = zipEntries(readFileSync(path));
  const name = zip.names.find(pick);
  const bytes = name === undefined ? undefined : zip.bytes(name);
  return name === undefined || bytes === undefined ? undefined : { name, bytes };
}

/**
 * The archive's entries by name, inflated on demand. checkZipSize has already refused archives
 * without a directory, Zip64 and bombs; anything else wrong here is a WorkbookError.
 */
function zipEntries(bytes: Buffer): Zip {
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new WorkbookError('its zip directory is missing (a cut-off download?)');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries = new Map<string, { method: number; size: number; offset: number }>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) {
      throw new WorkbookError('its zip directory is damaged');
    }
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      method: bytes.readUInt16LE(at + 10),
      size: bytes.readUInt32LE(at + 20),
      offset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  const entry = (name: string): Buffer | undefined => {
    const e = entries.get(name);
    if (!e) return undefined;
    const o = e.offset;
    if (o + 30 > bytes.length || bytes.readUInt32LE(o) !== 0x04034b50) {
      throw new WorkbookError(`its zip entry "${name}" is damaged`);
    }
    const start = o + 30 + bytes.readUInt16LE(o + 26) + bytes.readUInt16LE(o + 28);
    const data = bytes.subarray(start, start + e.size);
    if (data.length !== e.size) throw new WorkbookError(`its zip entry "${name}" is cut off`);
    if (e.method === 0) return data;
    if (e.method !== 8) {
      throw new WorkbookError(`its zip entry "${name}" uses compression method ${e.method}`);
    }
    try {
      return inflateRawSync(data);
    } catch (error) {
      throw new WorkbookError(
        `its zip entry "${name}" does not inflate: ${(error as Error).message}`,
      );
    }
  };
  return {
    names: [...entries.keys()],
    bytes: entry,
    text(name) {
      const data = entry(name);
      // XML reads CR LF and a lone CR as LF (its end-of-line handling), so text cells do too.
      return data === undefined ? undefined : lineFeeds(data.toString('utf8'));
    },
  };
}

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
  const out: string[] = [];
  for (const si of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
    out.push(richText(si[1] ?? ''));
  }
  return out;
}

function richText(xml: string): string {
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

function sheetRows(xml: string, shared: string[], dates: boolean[], date1904: boolean): SheetRow[] {
  const rows = new Map<number, Cell[]>();
  const present = new Map<number, number>(); // row → cells counted, up to the last such column
  let lastRow = 0;
  const rowPattern = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
  const cellPattern = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
  for (const r of xml.matchAll(rowPattern)) {
    const rowNumber = Number(attributes(r[1] ?? '').r ?? lastRow + 1);
    lastRow = rowNumber;
    const cells: Cell[] = rows.get(rowNumber) ?? [];
    let lastColumn = 0;
    for (const c of (r[2] ?? '').matchAll(cellPattern)) {
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
      lastColumn = column;
      let value: Cell = null;
      if (inline && !hasFormula) value = richText(inline[1] ?? '');
      else if (hasValue) {
        const text = decodeEntities(v?.[1] as string);
        value = typedValue(a.t, text, hasFormula, shared, dates[style] === true, date1904);
      }
      cells[column - 1] = value;
      present.set(rowNumber, Math.max(present.get(rowNumber) ?? 0, column));
    }
    rows.set(rowNumber, cells);
  }
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+\d+):([A-Z]+\d+)"/g)) {
    const [top, left] = cellRef(m[1] as string);
    const [bottom, right] = cellRef(m[2] as string);
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

function typedValue(
  type: string | undefined,
  text: string,
  formula: boolean,
  shared: string[],
  dateStyle: boolean,
  date1904: boolean,
): Cell {
  switch (type) {
    case 's':
      if (formula) break; // a formula's result is never a shared-string index
      return shared[Number.parseInt(text, 10)] ?? null;
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
  const n = Number.parseFloat(text);
  if (dateStyle && !Number.isNaN(n)) {
    const ms = Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
  }
  return n;
}

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

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out[m[1] as string] = m[2] ?? m[3] ?? '';
  }
  return out;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number.parseInt(e.slice(1), 10))
        : (ENTITIES[e] as string),
  );
}

/** OOXML's escapes for characters XML cannot hold: _x000D_ is a carriage return. */
function decodeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
