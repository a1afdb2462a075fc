import { extname } from 'node:path';
import Papa from 'papaparse';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { decodeText, readInputBytes, readTextFile } from './input-guards.ts';
import {
  type Cell,
  findHeaderIndex,
  type HeaderProbe,
  isBlankRow,
  type RawTable,
} from './table.ts';
import { openZipArchive } from './zip-archive.ts';

/**
 * Reads a CSV file into a RawTable. Every cell stays text: typing happens in the layout, column
 * by column, because papaparse's dynamic typing would strip the leading zeros from codes.
 */
export function readCsvTable(
  path: string,
  file: string,
  probe: HeaderProbe,
  inZip?: { entry: RegExp; wanted: string },
): RawTable {
  if (inZip === undefined || extname(path).toLowerCase() !== '.zip') {
    return parseCsvTable(readTextFile(path, file), file, probe);
  }
  // A publisher's zip (NCES's C2023_A.zip holds c2023_a.csv): read through the one zip layer,
  // which bounds what it inflates and checks the entry's size and CRC.
  const archive = openZipArchive(readInputBytes(path, file), file);
  const name = archive.names.find((n) => inZip.entry.test(n));
  const bytes = name === undefined ? undefined : archive.read(name);
  if (name === undefined || bytes === undefined) {
    throw new CliError(
      messages.zipEntryMissing(file, inZip.wanted, [...archive.names]),
      ExitCode.input,
    );
  }
  const inner = `${file}/${name}`;
  return parseCsvTable(decodeText(bytes, inner), inner, probe);
}

/** The string path of readCsvTable, so tests can run the same checks without a file. */
export function parseCsvTable(text: string, file: string, probe: HeaderProbe): RawTable {
  return parseCsv(text, file, probe).table;
}

/** parseCsvTable, and the delimiter papaparse settled on. */
export function parseCsv(
  text: string,
  file: string,
  probe: HeaderProbe,
): { table: RawTable; delimiter: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new CliError(messages.emptyFile(file), ExitCode.input);
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false });
  // An undetectable delimiter is only papaparse falling back to a comma (a one-column file, an
  // HTML page): the header search below says what is really wrong.
  const bad = parsed.errors.find(
    (e) => e.type === 'Quotes' || (e.type === 'Delimiter' && e.code !== 'UndetectableDelimiter'),
  );
  if (bad) {
    const row = (bad.row ?? 0) + 1;
    // A quote left open on the last record is what a cut-off download looks like.
    const cutOff = bad.code === 'MissingQuotes' && row >= parsed.data.length;
    const message = cutOff
      ? messages.endsInsideQuotes(file, row)
      : messages.malformedCsv(file, row, bad.message);
    throw new CliError(message, ExitCode.input, { file, row });
  }
  const records: Cell[][] = parsed.data;
  const headerIndex = findHeaderIndex(records, probe);
  if (headerIndex < 0) {
    throw new CliError(
      messages.headerNotFound(file, probe.contains, probe.within ?? 30),
      ExitCode.input,
    );
  }
  const headers = (records[headerIndex] ?? []).map((h) =>
    String(h ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  const rows = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i] ?? [];
    if (isBlankRow(cells)) continue;
    if (cells.length < headers.length) {
      throw new CliError(
        messages.rowTooShort(file, i + 1, cells.length, headers.length),
        ExitCode.input,
        { file, row: i + 1 },
      );
    }
    // Empty trailing fields (a trailing comma) are harmless; a value past the header's last
    // column is an unquoted comma that shifted the row.
    if (cells.length > headers.length && !isBlankRow(cells.slice(headers.length))) {
      throw new CliError(
        messages.rowTooLong(file, i + 1, cells.length, headers.length),
        ExitCode.input,
        { file, row: i + 1 },
      );
    }
    rows.push({ row: i + 1, cells });
  }
  const preamble = records
    .slice(0, headerIndex)
    .flat()
    .filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  return {
    table: { file, preamble, headerRow: headerIndex + 1, headers, rows },
    delimiter: parsed.meta.delimiter,
  };
}
