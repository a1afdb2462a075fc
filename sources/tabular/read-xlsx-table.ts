import { closeSync, openSync, readSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { CliError, ExitCode } from '../../pipeline/cli-error.ts';
import { messages } from '../../pipeline/messages.ts';
import { checkInputSize, checkZipSize } from './input-guards.ts';
import {
  type Cell,
  findHeaderIndex,
  type HeaderProbe,
  isBlankRow,
  type RawTable,
} from './table.ts';

/**
 * Reads one sheet of an .xlsx workbook into a RawTable. Title rows above the header are kept as
 * the preamble; rich text (footnote markers set in superscript) is flattened to plain text.
 */
export async function readXlsxTable(
  path: string,
  file: string,
  sheet: string,
  probe: HeaderProbe,
): Promise<RawTable> {
  const workbook = await openWorkbook(path, file);
  const ws = workbook.getWorksheet(sheet);
  if (!ws) {
    throw new CliError(
      messages.sheetMissing(
        file,
        sheet,
        workbook.worksheets.map((w) => w.name),
      ),
      ExitCode.input,
    );
  }
  const all: { row: number; cells: Cell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    // exceljs puts column A at index 1.
    const cells = values.slice(1).map(cellValue);
    all.push({ row: rowNumber, cells });
  });
  const headerIndex = findHeaderIndex(
    all.map((r) => r.cells),
    probe,
  );
  if (headerIndex < 0) {
    throw new CliError(
      messages.headerNotFound(`${file} (sheet "${sheet}")`, probe.contains, probe.within ?? 30),
      ExitCode.input,
    );
  }
  const header = all[headerIndex] as { row: number; cells: Cell[] };
  // The header may not start in column A; keep column positions as they are in the sheet.
  const headers = header.cells.map((c) =>
    c === null ? '' : String(c).replace(/\s+/g, ' ').trim(),
  );
  const rows = all
    .slice(headerIndex + 1)
    .filter((r) => !isBlankRow(r.cells))
    .map((r) => ({ row: r.row, cells: r.cells }));
  const preamble = all
    .slice(0, headerIndex)
    .flatMap((r) => r.cells)
    .filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  return { file, sheet, preamble, headerRow: header.row, headers, rows };
}

/**
 * Loads a workbook after the checks that keep a bad file from reaching exceljs: its size, its
 * zip signature, and what its zip directory says it inflates to.
 */
export async function openWorkbook(path: string, file: string): Promise<ExcelJS.Workbook> {
  checkInputSize(path, file);
  assertZip(path, file);
  checkZipSize(path, file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new CliError(messages.notAWorkbook(file, (error as Error).message), ExitCode.input, {
      file,
    });
  }
  if (workbook.worksheets.length === 0) {
    throw new CliError(
      messages.notAWorkbook(file, 'the zip archive holds no worksheets'),
      ExitCode.input,
      { file },
    );
  }
  return workbook;
}

/** A workbook is a zip archive; anything else (an HTML error page saved as .xlsx) is refused early. */
export function assertZip(path: string, file: string): void {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(4);
  const n = readSync(fd, head, 0, 4, 0);
  closeSync(fd);
  if (n === 0) throw new CliError(messages.emptyFile(file), ExitCode.input);
  if (n < 4 || head.readUInt32LE(0) !== 0x04034b50) {
    const sniff = head.toString('latin1', 0, n).replace(/[^\x20-\x7e]/g, '?');
    throw new CliError(
      messages.notAWorkbook(file, `it does not start like a zip archive but with "${sniff}"`),
      ExitCode.input,
    );
  }
}

/** Flattens exceljs's cell value variants to text, number or empty. */
function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return (v.richText as { text: string }[]).map((part) => part.text).join('');
    }
    if ('result' in v) return cellValue(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('error' in v) return String(v.error);
    if ('text' in v) return cellValue(v.text);
  }
  return String(value);
}
