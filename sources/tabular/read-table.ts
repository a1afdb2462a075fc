/**
 * One table from a publisher's file, as served (.xlsx) or as converted to CSV: the front end is
 * chosen by the file's extension, and the layout's row logic then reads either RawTable alike.
 */
import { extname } from 'node:path';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { readCsvTable } from './read-csv-table.ts';
import { readXlsxTable } from './read-xlsx-table.ts';
import type { HeaderProbe, RawTable } from './table.ts';

export interface TableSource {
  /** How the header row is found, in either format. */
  probe: HeaderProbe;
  /**
   * The workbook's sheet. Without one, the first sheet whose header row the probe finds: for
   * workbooks whose sheet names vary between releases.
   */
  sheet?: string;
  /** The workbook's header when the publisher's differs from the CSV conversion's. */
  workbookProbe?: HeaderProbe;
}

/** Reads a .csv or .xlsx file into a RawTable; any other extension is an input error. */
export async function readTable(
  path: string,
  file: string,
  source: TableSource,
): Promise<RawTable> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') {
    return readXlsxTable(path, file, source.sheet, source.workbookProbe ?? source.probe);
  }
  if (ext === '.csv') return readCsvTable(path, file, source.probe);
  throw new CliError(messages.unsupportedExtension(file, ['.xlsx', '.csv']), ExitCode.input);
}
