/**
 * results.xlsx: one sheet per table, for analysts who live in Excel. Numbers are typed numeric
 * cells with number formats (values stay exactly the CSV's; formats only change how they show),
 * header rows are frozen and filterable, widths are set.
 *
 * Written directly as SpreadsheetML rather than through exceljs: exceljs took about 300 ms to
 * write the occupations sheet (a tenth of the run's budget; this writer takes a third of
 * that), could not mark a cell "quote prefix", and stamped the current time into the file, so
 * its output had to be unzipped and rezipped to be reproducible. This writer is deterministic by
 * construction. The tests read this file back with exceljs (sources/tabular/xlsx-reader.ts
 * reads the publishers' workbooks).
 *
 * Text a spreadsheet could take for a formula (starting with =, +, -, @, tab or carriage return)
 * is stored as a string cell with the text format and Excel's quote-prefix flag, the same state
 * as text typed after an apostrophe: shown as written and kept as text even when edited.
 */
import type { Database } from '../kernel/database.ts';
import { columnLetter, sheetRowSql } from './sql-format.ts';
import { type SqlTable, textPieces } from './sql-table.ts';
import { cellValue, type PublishedTable, type TypedColumn } from './table-schema.ts';
import type { CsvValue } from './to-csv.ts';
import { type StreamedEntry, writeZipFile, type ZipEntry, zipBuffer } from './zip-writer.ts';

/** A sheet: the table and the name on its tab (at most 31 characters, none of []:*?/\). */
export interface Sheet {
  title: string;
  table: PublishedTable;
}

/** A sheet whose rows stay in DuckDB and are written chunk by chunk. */
export interface SqlSheet {
  title: string;
  sql: SqlTable;
}

/** Excel's limit: 1,048,576 rows a sheet, the header row included. */
export const MAX_SHEET_ROWS = 1_048_575;

/**
 * The data rows a sheet may hold: Excel's limit, or, for tests only, CLUSTERFIT_XLSX_ROW_LIMIT
 * (a whole number above 0), so a test can pass the limit without writing a million rows.
 */
export function sheetRowLimit(): number {
  const test = Number(process.env.CLUSTERFIT_XLSX_ROW_LIMIT);
  return Number.isSafeInteger(test) && test > 0 ? test : MAX_SHEET_ROWS;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a spreadsheet could run the text as a formula if it were not stored as text. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Excel number format for a numeric column, by what the column holds. */
export function numberFormat(column: TypedColumn): string | undefined {
  const n = column.name;
  if (column.kind === 'int32') return '0';
  if (column.kind !== 'float64') return undefined;
  if (n === 'median_wage') return '"$"#,##0';
  // pct_change is stored in percent units (8.8 means 8.8%), so the % sign is a literal.
  if (n === 'pct_change') return '0.0"%"';
  if (n.endsWith('_share')) return '0.0%';
  if (n === 'score' || n === 'allocation_weight') return '0.000';
  if (/employment|change|openings/.test(n)) return '#,##0';
  return '#,##0.##';
}

/** Formats Excel knows by number; anything else is declared in styles.xml from id 164 up. */
const BUILTIN_FORMATS: Record<string, number> = { '0': 1, '#,##0': 3, '@': 49 };

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Anything but printable ASCII other than & < > ". */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]/;

/** Escapes text for XML; drops characters XML 1.0 cannot hold; keeps CR and tab as references. */
function xml(s: string): string {
  // Most cells are plain printable ASCII with nothing to escape; skip the seven passes for them.
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** The longest value's length in a column of JS rows, as SqlTable.longest gives it. */
function longestValue(column: TypedColumn, table: PublishedTable): number {
  let longest = 0;
  for (const row of table.rows) {
    const v = row[column.name];
    const len =
      column.kind === 'float64' ? 12 : v === null || v === undefined ? 0 : String(v).length;
    if (len > longest) longest = len;
  }
  return longest;
}

function columnWidth(name: string, longest: number): number {
  return Math.min(Math.max(Math.max(name.length, longest) + 2, 8), 60);
}

/** Cell style indexes (cellXfs) shared by all sheets. */
class Styles {
  static readonly header = 1;
  static readonly inertText = 2;
  private readonly custom: string[] = [];
  private readonly xfs: number[] = [];

  /** The cellXfs index for a number format, adding it on first use. */
  forFormat(format: string): number {
    const id = BUILTIN_FORMATS[format] ?? 164 + this.indexOfCustom(format);
    let at = this.xfs.indexOf(id);
    if (at < 0) at = this.xfs.push(id) - 1;
    return 3 + at;
  }

  private indexOfCustom(format: string): number {
    let at = this.custom.indexOf(format);
    if (at < 0) at = this.custom.push(format) - 1;
    return at;
  }

  toXml(): string {
    const numFmts = this.custom
      .map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xml(f)}"/>`)
      .join('');
    const base = 'fontId="0" fillId="0" borderId="0" xfId="0"';
    const xfs = [
      `<xf numFmtId="0" ${base}/>`,
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
      `<xf numFmtId="49" ${base} applyNumberFormat="1" quotePrefix="1"/>`,
      ...this.xfs.map((id) => `<xf numFmtId="${id}" ${base} applyNumberFormat="1"/>`),
    ];
    const font = (bold: boolean) =>
      `<font>${bold ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
    return (
      `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
      (this.custom.length > 0
        ? `<numFmts count="${this.custom.length}">${numFmts}</numFmts>`
        : '') +
      `<fonts count="2">${font(false)}${font(true)}</fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

/** True when the text starts or ends with whitespace, which XML would otherwise drop. */
function edgeSpace(text: string): boolean {
  return (
    text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)))
  );
}

function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  // Beyond ASCII, whatever JavaScript's \s calls space (no-break space, em space, …).
  return /\s/.test(String.fromCharCode(code));
}

function textCell(ref: string, text: string, style: number): string {
  const space = edgeSpace(text) ? ' xml:space="preserve"' : '';
  const s = style === 0 ? '' : ` s="${style}"`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xml(text)}</t></is></c>`;
}

/** A worksheet as XML in three parts, its rows (the bulk) in between. */
interface SheetParts {
  title: string;
  ref: string;
  head: string;
  tail: string;
}

/** The number style of each column, registering the formats in column order. */
function numberStyles(cols: readonly TypedColumn[], styles: Styles): number[] {
  return cols.map((c) => {
    const f = numberFormat(c);
    return f === undefined ? 0 : styles.forFormat(f);
  });
}

/** The worksheet's XML around its data rows: frozen, filterable header, column widths. */
function sheetParts(
  title: string,
  cols: readonly TypedColumn[],
  widths: readonly number[],
  rows: number,
): SheetParts {
  const last = columnLetter(Math.max(cols.length, 1) - 1);
  const ref = `A1:${last}${rows + 1}`;
  const header = `<row r="1">${cols.map((c, i) => textCell(`${columnLetter(i)}1`, c.name, Styles.header)).join('')}</row>`;
  const widthXml = cols
    .map((_, i) => `<col min="${i + 1}" max="${i + 1}" width="${widths[i]}" customWidth="1"/>`)
    .join('');
  return {
    title,
    ref,
    head:
      `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      `<dimension ref="${ref}"/>` +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      '<sheetFormatPr defaultRowHeight="15"/>' +
      (widthXml ? `<cols>${widthXml}</cols>` : '') +
      `<sheetData>${header}`,
    tail: `</sheetData><autoFilter ref="${ref}"/></worksheet>`,
  };
}

/**
 * A JS table's data rows as worksheet XML, with the per-column parts (letter, style attribute)
 * worked out once. (Appending cells to one string per row, rather than joining an array,
 * measured slower: V8 then flattens every row's rope.)
 */
function rowsXml(table: PublishedTable, formats: readonly number[]): string {
  const cols = table.columns;
  const rows: string[] = [];
  const letters = cols.map((_, i) => columnLetter(i));
  const numberStyle = formats.map((f) => (f ? ` s="${f}"` : ''));
  const names = cols.map((c) => c.name);
  const kinds = cols.map((c) => c.kind);
  const count = cols.length;
  const sourceRows = table.rows;
  for (let r = 0; r < sourceRows.length; r++) {
    const source = sourceRows[r] as Record<string, CsvValue>;
    const n = r + 2;
    const cells: string[] = [];
    for (let i = 0; i < count; i++) {
      const v = cellValue(kinds[i] as TypedColumn['kind'], source[names[i] as string]);
      if (v === null) continue;
      const at = `${letters[i]}${n}`;
      if (typeof v === 'boolean') cells.push(`<c r="${at}" t="b"><v>${v ? 1 : 0}</v></c>`);
      else if (typeof v === 'number') cells.push(`<c r="${at}"${numberStyle[i]}><v>${v}</v></c>`);
      else cells.push(textCell(at, v, looksLikeFormula(v) ? Styles.inertText : 0));
    }
    rows.push(`<row r="${n}">${cells.join('')}</row>`);
  }
  return rows.join('');
}

/** A JS table's sheet, whole. */
function jsSheet(sheet: Sheet, styles: Styles): SheetParts & { xml: string } {
  const { table } = sheet;
  const formats = numberStyles(table.columns, styles);
  const widths = table.columns.map((c) => columnWidth(c.name, longestValue(c, table)));
  const parts = sheetParts(sheet.title, table.columns, widths, table.rows.length);
  return { ...parts, xml: parts.head + rowsXml(table, formats) + parts.tail };
}

/**
 * A DuckDB table's sheet, its rows' XML built by DuckDB chunk by chunk. A table past Excel's row
 * limit is the caller's to leave out (write-publications.ts).
 */
function sqlSheet(
  db: Database,
  sheet: SqlSheet,
  styles: Styles,
): SheetParts & { chunks: () => AsyncIterable<string | Uint8Array> } {
  const { sql } = sheet;
  const formats = numberStyles(sql.columns, styles);
  const widths = sql.columns.map((c, i) => columnWidth(c.name, sql.longest[i] ?? 0));
  const parts = sheetParts(sheet.title, sql.columns, widths, sql.rows);
  const rowSql = sheetRowSql(
    sql.columns.map((c, i) => ({ ...c, text: sql.text[i] ?? null })),
    { number: formats, inertText: Styles.inertText },
    'cf_row',
  );
  async function* chunks(): AsyncIterable<string | Uint8Array> {
    yield parts.head;
    yield* textPieces(db, sql.source, rowSql, 0, sql.rows, 2);
    yield parts.tail;
  }
  return { ...parts, chunks };
}

/** The workbook as bytes; equal sheets give equal bytes. */
export function xlsxBuffer(sheets: readonly Sheet[]): Buffer {
  const styles = new Styles();
  const built = sheets.map((s) => jsSheet(s, styles));
  const entries = workbookEntries(built, styles, (s) => s.xml) as ZipEntry[];
  // Level 1: the sheets are repetitive XML that compresses well even at the fastest level.
  return zipBuffer(entries, 1);
}

/**
 * Writes results.xlsx (or any path). Sheets of JS rows are built whole; sheets of DuckDB tables
 * are streamed into the file chunk by chunk, so a million-row sheet never sits in memory. The
 * bytes for the same rows are the same either way.
 */
export async function writeXlsx(
  path: string,
  sheets: readonly (Sheet | SqlSheet)[],
  db?: Database,
): Promise<void> {
  const styles = new Styles();
  type Built = SheetParts &
    ({ xml: string } | { chunks: () => AsyncIterable<string | Uint8Array> });
  const built = sheets.map((s): Built => {
    if ('table' in s) return jsSheet(s, styles);
    if (!db) throw new Error(`sheet ${s.title}: a DuckDB sheet needs the database`);
    return sqlSheet(db, s, styles);
  });
  const entries = workbookEntries(built, styles, (s) =>
    'xml' in s ? s.xml : { chunks: s.chunks() },
  );
  await writeZipFile(path, entries, 1);
}

/** The workbook's zip entries; each sheet's data is what `data` gives for it. */
function workbookEntries<S extends SheetParts>(
  built: readonly S[],
  styles: Styles,
  data: (sheet: S) => string | { chunks: AsyncIterable<string | Uint8Array> },
): (ZipEntry | StreamedEntry)[] {
  const entries: (ZipEntry | StreamedEntry)[] = [];
  const add = (name: string, data: string) => {
    entries.push({ name, data });
  };
  const sheetPart = (i: number) => `xl/worksheets/sheet${i + 1}.xml`;
  add(
    '[Content_Types].xml',
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      built
        .map(
          (_, i) =>
            `<Override PartName="/${sheetPart(i)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
      '</Types>',
  );
  add(
    '_rels/.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
      `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
      '</Relationships>',
  );
  add(
    'docProps/core.xml',
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      '<dc:creator>clusterfit</dc:creator><dc:title>clusterfit results</dc:title></cp:coreProperties>',
  );
  add(
    'docProps/app.xml',
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>clusterfit</Application></Properties>`,
  );
  const quoted = (title: string) => `'${title.replace(/'/g, "''")}'`;
  add(
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>` +
      built
        .map((s, i) => `<sheet name="${xml(s.title)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('') +
      '</sheets><definedNames>' +
      built
        .map((s, i) => {
          const abs = s.ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
          return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xml(`${quoted(s.title)}!${abs}`)}</definedName>`;
        })
        .join('') +
      '</definedNames></workbook>',
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
      built
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${built.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
      '</Relationships>',
  );
  add('xl/styles.xml', styles.toXml());
  built.forEach((s, i) => {
    const d = data(s);
    if (typeof d === 'string') add(sheetPart(i), d);
    else entries.push({ name: sheetPart(i), chunks: d.chunks });
  });
  return entries;
}
