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
 * Text a spreadsheet could take for a formula (looksLikeFormula, as every output guards it) is
 * stored as a string cell with the text format and Excel's quote-prefix flag, the same state
 * as text typed after an apostrophe: shown as written and kept as text even when edited.
 */
import { type Database, sqlIdent } from '../kernel/database.ts';
import { looksLikeFormulaSql } from '../sources/tabular/input-guards.ts';
import {
  numberTextSql,
  type PublishedColumn,
  type PublishedTable,
  type SheetMeasures,
  sheetMeasures,
} from './published-table.ts';
import { type StreamedEntry, writeZipFile, type ZipEntry } from './zip-writer.ts';

/** A sheet: a published table and the name on its tab (at most 31 characters, none of []:*?/\). */
export interface Sheet {
  title: string;
  table: PublishedTable;
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

/** Excel number format for a numeric column, by what the column holds. */
export function numberFormat(column: Pick<PublishedColumn, 'name' | 'type'>): string | undefined {
  const n = column.name;
  if (column.type === 'INTEGER') return '0';
  if (column.type !== 'DOUBLE') return undefined;
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

/** A header cell: column names are snake_case words, so they need no xml:space. */
function headerCell(ref: string, text: string): string {
  return `<c r="${ref}" s="${Styles.header}" t="inlineStr"><is><t>${xml(text)}</t></is></c>`;
}

/** A worksheet as XML in three parts, its rows (the bulk) in between. */
interface SheetParts {
  title: string;
  ref: string;
  head: string;
  tail: string;
}

/** The number style of each column, registering the formats in column order. */
function numberStyles(cols: readonly PublishedColumn[], styles: Styles): number[] {
  return cols.map((c) => {
    const f = numberFormat(c);
    return f === undefined ? 0 : styles.forFormat(f);
  });
}

/** The worksheet's XML around its data rows: frozen, filterable header, column widths. */
function sheetParts(
  title: string,
  cols: readonly PublishedColumn[],
  widths: readonly number[],
  rows: number,
): SheetParts {
  const last = columnLetter(Math.max(cols.length, 1) - 1);
  const ref = `A1:${last}${rows + 1}`;
  const header = `<row r="1">${cols.map((c, i) => headerCell(`${columnLetter(i)}1`, c.name)).join('')}</row>`;
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

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

/**
 * The SQL escaping text for the sheet XML (drops what XML 1.0 cannot hold; CR and tab kept as
 * references) and finding the edge whitespace XML would otherwise drop, created once per
 * connection (temporary macros live only as long as the connection).
 */
const MACROS = String.raw`
create or replace temp macro cf_xml(s) as (
  case
    when not regexp_matches(s, '[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]') then s
    else replace(replace(replace(replace(replace(replace(
      regexp_replace(s, '[^\t\n\r\x{20}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}]', '', 'g'),
      '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), chr(13), '&#13;'), chr(9), '&#9;')
  end);
create or replace temp macro cf_edge_space(s) as
  regexp_matches(s, '^[\t\n\x{0B}\f\r\p{Zs}\x{2028}\x{2029}\x{FEFF}]|[\t\n\x{0B}\f\r\p{Zs}\x{2028}\x{2029}\x{FEFF}]$');
`;

const ready = new WeakSet<Database>();

/**
 * SQL for one cell's XML (empty for null), the row's number as text being the column cf_row.
 * Numbers are written as in the CSV (numberTextSql), which Excel reads as the same value. Text
 * a spreadsheet could take for a formula gets the inert style.
 */
function cellSql(
  column: PublishedColumn,
  i: number,
  style: number,
  xml: SheetMeasures['xml'],
): string {
  const c = sqlIdent(column.name);
  const ref = `'<c r="${columnLetter(i)}', cf_row`;
  const s = style ? ` s="${style}"` : '';
  let cell: string;
  if (column.type === 'BOOLEAN') {
    cell = `${ref}, '" t="b"><v>', case when ${c} then '1' else '0' end, '</v></c>'`;
  } else if (column.type !== 'VARCHAR') {
    cell = `${ref}, '"${s}><v>', ${numberTextSql(c)}, '</v></c>'`;
  } else if (xml !== 'full') {
    // Most text (codes, names, sources) needs no escaping, or only "&": testing every cell for
    // the full rules cost more than writing it.
    const escaped = xml === 'amp' ? `replace(${c}, '&', '&amp;')` : c;
    cell = `${ref}, '" t="inlineStr"><is><t>', ${escaped}, '</t></is></c>'`;
  } else {
    cell =
      `${ref}, '"', case when ${looksLikeFormulaSql(c)} then ' s="${Styles.inertText}"' else '' end,` +
      ` ' t="inlineStr"><is><t', case when cf_edge_space(${c}) then ' xml:space="preserve"' else '' end,` +
      ` '>', cf_xml(${c}), '</t></is></c>'`;
  }
  return `case when ${c} is null then '' else concat(${cell}) end`;
}

/** Bytes of sheet XML gathered before a piece is written (or deflated) on its own. */
const PIECE_BYTES = 1 << 22;

/**
 * The sheet XML of the table's rows, numbered from 2 (after the header), in rowid order, as
 * UTF-8 pieces of a few megabytes. The rows come back as bytes (encode), so no JS string is made
 * of them only to be encoded again.
 */
async function* rowPieces(
  db: Database,
  table: PublishedTable,
  styles: readonly number[],
  measures: readonly SheetMeasures[],
): AsyncGenerator<Buffer> {
  if (!ready.has(db)) {
    await db.exec(MACROS);
    ready.add(db);
  }
  const cells = table.columns.map((c, i) =>
    cellSql(c, i, styles[i] ?? 0, measures[i]?.xml ?? 'full'),
  );
  const row = `concat('<row r="', cf_row, '">', ${cells.join(', ')}, '</row>')`;
  const numbered = `select *, cast(rowid + 2 as varchar) as cf_row from ${table.source}`;
  let piece: Buffer[] = [];
  let size = 0;
  // Streamed, not built into a table first: that measured no faster and held every row (1.4
  // GB of sheet XML at 1000 areas) in DuckDB's memory. No ORDER BY: DuckDB returns a table's
  // rows in insertion order, and sorting a million formatted rows took seconds.
  for await (const { columns } of db.streamChunks(`select encode(${row}) from (${numbered})`)) {
    const bytes = columns[0];
    if (bytes?.kind !== 'bytes') throw new Error('sheet rows did not come back as bytes');
    piece.push(bytes.values);
    size += bytes.values.length;
    if (size >= PIECE_BYTES) {
      yield Buffer.concat(piece, size);
      piece = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(piece, size);
}

/**
 * A table's sheet, its rows' XML built by DuckDB chunk by chunk. A table past Excel's row limit
 * is the caller's to leave out (write-publications.ts).
 */
function tableSheet(
  db: Database,
  sheet: Sheet,
  styles: Styles,
  measures: readonly SheetMeasures[],
): SheetData {
  const { table } = sheet;
  const formats = numberStyles(table.columns, styles);
  const widths = table.columns.map((c, i) => columnWidth(c.name, measures[i]?.longest ?? 0));
  const parts = sheetParts(sheet.title, table.columns, widths, table.rows);
  async function* chunks(): AsyncIterable<string | Uint8Array> {
    yield parts.head;
    yield* rowPieces(db, table, formats, measures);
    yield parts.tail;
  }
  return { ...parts, chunks };
}

/** A sheet's XML parts and its rows' XML, streamed. */
type SheetData = SheetParts & { chunks: () => AsyncIterable<string | Uint8Array> };

/**
 * Writes results.xlsx (or any path), each sheet's rows streamed from DuckDB into the file chunk
 * by chunk, so a million-row sheet never sits in memory. Equal tables give equal bytes.
 */
export async function writeXlsx(
  db: Database,
  path: string,
  sheets: readonly Sheet[],
): Promise<void> {
  const styles = new Styles();
  const built: SheetData[] = [];
  for (const s of sheets) built.push(tableSheet(db, s, styles, await sheetMeasures(db, s.table)));
  // Level 1: the sheets are repetitive XML that compresses well even at the fastest level.
  await writeZipFile(path, workbookEntries(built, styles), 1);
}

/** The workbook's zip entries, each sheet's rows streamed. */
function workbookEntries(
  built: readonly SheetData[],
  styles: Styles,
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
    entries.push({ name: sheetPart(i), chunks: s.chunks() });
  });
  return entries;
}
