/**
 * The table behind each Advance CTE crosswalk reader. Each crosswalk comes as its own workbook
 * (or its CSV export), or as one sheet of the Full Framework workbook ("SOC - CIP - CC": cluster,
 * sub-cluster, SOC, CIP and the cluster's 2-digit NAICS sectors on every row), or that sheet's
 * CSV export, known by its headers. From that sheet a
 * crosswalk takes its own columns, each distinct row once, at the sheet row where it first
 * appears: the assignments and, for each code, their order are those of the separate workbooks
 * (checked on the 2024 framework, June 2025 revision), so the `primary` allocation picks alike.
 */
import { extname } from 'node:path';
import { readTable } from '../tabular/read-table.ts';
import { openWorkbook, readXlsxTable } from '../tabular/read-xlsx-table.ts';
import { normalizeHeader, type RawRow, type RawTable } from '../tabular/table.ts';

export const FULL_FRAMEWORK_SHEET = 'SOC - CIP - CC';
/** The headers only the Full Framework sheet has together (normalized). */
const FULL_FRAMEWORK_HEADERS = ['soc code', 'cip code (2020)', '2-digit naics'];

export interface ActeTableSource {
  /** The crosswalk's own sheet in its workbook. */
  sheet: string;
  /** Its header cell that finds the header row (normalized). */
  probe: string;
  /** The columns (normalized headers) a record is made of, in the Full Framework sheet. */
  columns: string[];
  /** A column holding a list ("51, 54") read as one record per item. */
  list?: string;
}

/** The crosswalk's table from its workbook, its CSV export, or the Full Framework workbook. */
export async function readActeTable(
  path: string,
  file: string,
  source: ActeTableSource,
): Promise<RawTable> {
  const probe = { contains: source.probe };
  let table: RawTable | undefined;
  if (extname(path).toLowerCase() === '.xlsx') {
    const sheets = (await openWorkbook(path, file)).worksheets.map((w) => w.name);
    if (!sheets.includes(source.sheet) && sheets.includes(FULL_FRAMEWORK_SHEET)) {
      table = await readXlsxTable(path, file, FULL_FRAMEWORK_SHEET, probe);
    }
  }
  table ??= await readTable(path, file, { sheet: source.sheet, probe });
  const headers = new Set(table.headers.map(normalizeHeader));
  return FULL_FRAMEWORK_HEADERS.every((h) => headers.has(h)) ? distinctRows(table, source) : table;
}

/**
 * Each distinct combination of the source's columns once; a list column split into one row per
 * item. The sheet's cluster title rows (one filled cell) are left out; any other row is kept for
 * the reader to check, so a row missing a value is reported, not dropped.
 */
function distinctRows(table: RawTable, source: ActeTableSource): RawTable {
  const normalized = table.headers.map(normalizeHeader);
  const indexes = source.columns.map((c) => normalized.indexOf(c));
  // A missing column is left for the reader's own column check to name.
  if (indexes.some((i) => i < 0)) return table;
  const listIndex = source.list === undefined ? -1 : normalized.indexOf(source.list);
  const seen = new Set<string>();
  const rows: RawRow[] = [];
  for (const row of table.rows) {
    if (row.cells.filter((c) => c !== null && String(c).trim() !== '').length <= 1) continue;
    const items = listIndex < 0 ? [null] : String(row.cells[listIndex] ?? '').split(/,\s*/);
    for (const item of items) {
      const cells = [...row.cells];
      if (listIndex >= 0) cells[listIndex] = item;
      const key = indexes.map((i) => String(cells[i] ?? '').toLowerCase()).join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ row: row.row, cells });
    }
  }
  return { ...table, rows };
}
