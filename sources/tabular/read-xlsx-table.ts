import { closeSync, openSync, readSync } from 'node:fs';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import {
  type Cell,
  findHeaderIndex,
  type HeaderProbe,
  isBlankRow,
  type RawTable,
} from './table.ts';
import { readWorkbook, type SheetRow, type Workbook, WorkbookError } from './xlsx-reader.ts';

/**
 * Reads one sheet of an .xlsx workbook into a RawTable. Title rows above the header are kept as
 * the preamble; rich text (footnote markers set in superscript) is flattened to plain text.
 * Without a sheet name, the first sheet (in tab order) whose header row the probe finds is read:
 * for publishers whose sheet names change between releases.
 */
export async function readXlsxTable(
  path: string,
  file: string,
  sheet: string | undefined,
  probe: HeaderProbe,
): Promise<RawTable> {
  const workbook = await openWorkbook(path, file);
  const candidates =
    sheet === undefined ? workbook.worksheets : workbook.worksheets.filter((w) => w.name === sheet);
  if (sheet !== undefined && candidates.length === 0) {
    throw new CliError(
      messages.sheetMissing(
        file,
        sheet,
        workbook.worksheets.map((w) => w.name),
      ),
      ExitCode.input,
    );
  }
  for (const ws of candidates) {
    const all = sheetRows(ws, file);
    const headerIndex = findHeaderIndex(
      all.map((r) => r.cells),
      probe,
    );
    if (headerIndex >= 0) return tableFromRows(file, ws.name, all, headerIndex);
  }
  throw new CliError(
    messages.headerNotFound(
      sheet === undefined ? file : `${file} (sheet "${sheet}")`,
      probe.contains,
      probe.within ?? 30,
    ),
    ExitCode.input,
  );
}

function tableFromRows(
  file: string,
  sheet: string,
  all: SheetRow[],
  headerIndex: number,
): RawTable {
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
 * Loads a workbook: an HTML page saved as .xlsx is refused by its first bytes; the reader bounds
 * the file's size and reads its zip through the one zip layer (zip-archive.ts).
 */
export async function openWorkbook(path: string, file: string): Promise<Workbook> {
  assertZip(path, file);
  try {
    return readWorkbook(path, file);
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    throw new CliError(messages.notAWorkbook(file, error.message), ExitCode.input, { file });
  }
}

/** A sheet's rows; a part of the workbook found unreadable only now is the same input error. */
export function sheetRows(ws: Workbook['worksheets'][number], file: string): SheetRow[] {
  try {
    return ws.rows();
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    throw new CliError(messages.notAWorkbook(file, error.message), ExitCode.input, { file });
  }
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
