/**
 * results.xlsx: one sheet per table, for analysts who live in Excel. Numbers are typed numeric
 * cells with number formats (the values stay exactly the CSV's; formats only change how they
 * show), header rows are frozen, widths are set, and text that a spreadsheet could take for a
 * formula is stored as text in a text-formatted cell, so it shows as typed and stays text even
 * when someone edits the cell.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { cellValue, type PublishedTable, type TypedColumn } from './table-schema.ts';

/** A sheet: the table and the name on its tab (Excel allows 31 characters, no []:*?/\). */
export interface Sheet {
  title: string;
  table: PublishedTable;
}

/**
 * A fixed timestamp for the workbook's properties and zip entries, so equal tables give equal
 * bytes. 1980-01-01 is the earliest date a zip entry can carry, the usual choice of
 * reproducible builds.
 */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

/** Text starting with these is read as a formula (or DDE payload) by some spreadsheet. */
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

function columnWidth(column: TypedColumn, table: PublishedTable): number {
  let longest = column.name.length;
  for (const row of table.rows) {
    const v = row[column.name];
    const len =
      column.kind === 'float64' ? 12 : v === null || v === undefined ? 0 : String(v).length;
    if (len > longest) longest = len;
  }
  return Math.min(Math.max(longest + 2, 8), 60);
}

/** The workbook as bytes; deterministic for equal sheets. */
export async function xlsxBuffer(sheets: readonly Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'clusterfit';
  wb.lastModifiedBy = 'clusterfit';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const { title, table } of sheets) {
    const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    ws.columns = table.columns.map((c) => {
      const fmt = numberFormat(c);
      return {
        header: c.name,
        key: c.name,
        width: columnWidth(c, table),
        ...(fmt === undefined ? {} : { style: { numFmt: fmt } }),
      };
    });
    ws.getRow(1).font = { bold: true };
    for (const source of table.rows) {
      const values = table.columns.map((c) => cellValue(c.kind, source[c.name]));
      const row = ws.addRow(values);
      values.forEach((v, i) => {
        if (typeof v === 'string' && looksLikeFormula(v)) {
          // exceljs writes a string as a string cell, never a formula; the text format ("@")
          // also keeps Excel and LibreOffice from turning it into one when the cell is edited.
          const cell = row.getCell(i + 1);
          cell.value = v;
          cell.numFmt = '@';
        }
      });
    }
    ws.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1, column: Math.max(table.columns.length, 1) },
    };
  }
  // exceljs stamps each zip entry with the current time, so the zip is rebuilt with the fixed
  // date; exceljs stores uncompressed (compressing twice costs a third of the write time).
  const raw = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
  const zip = await JSZip.loadAsync(raw);
  const names = Object.keys(zip.files).sort();
  const out = new JSZip();
  for (const name of names) {
    const entry = zip.files[name];
    if (!entry || entry.dir) continue;
    out.file(name, await entry.async('uint8array'), { date: FIXED_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

/** Writes results.xlsx (or any path) from the sheets. */
export async function writeXlsx(path: string, sheets: readonly Sheet[]): Promise<void> {
  writeFileSync(path, await xlsxBuffer(sheets));
}
