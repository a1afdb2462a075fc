/**
 * A header-described table from a CSV, the first sheet of an XLSX workbook or a JSON file of
 * records, its header row found among the first rows as the one naming the most known fields.
 */
import { extname } from 'node:path';
import Papa from 'papaparse';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { FIELDS, type TextEncoding } from '../../kernel/config-types.ts';
import { messages } from '../../kernel/messages.ts';
import { readTextFile } from '../tabular/input-guards.ts';
import { parseCsvTable } from '../tabular/read-csv-table.ts';
import { jsonRecordsTable } from '../tabular/read-json-table.ts';
import { openWorkbook, readXlsxTable, sheetRows } from '../tabular/read-xlsx-table.ts';
import {
  type Cell,
  DEFAULT_HEADER_SEARCH_ROWS,
  normalizeHeader,
  type RawTable,
} from '../tabular/table.ts';
import { compactHeader, employmentYear, GENERIC_WORDS } from './fields.ts';
import { MAPPED_LAYOUTS } from './layouts.ts';

const KNOWN = new Set<string>([
  ...FIELDS.flatMap((f) => GENERIC_WORDS[f]),
  ...MAPPED_LAYOUTS.flatMap((l) => Object.values(l.words).flat()),
]);

/** Reads the file at `path` (named `file` in messages) as a table of text cells. */
export async function loadHeaderTable(
  path: string,
  file: string,
  encoding: TextEncoding = 'utf-8',
): Promise<RawTable> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return jsonRecordsTable(readTextFile(path, file, encoding), file);
  if (ext === '.xlsx') {
    const workbook = await openWorkbook(path, file);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new CliError(messages.emptyFile(file), ExitCode.input);
    const rows = sheetRows(sheet, file)
      .slice(0, DEFAULT_HEADER_SEARCH_ROWS)
      .map((r) => r.cells);
    return readXlsxTable(path, file, sheet.name, headerProbe(rows, file));
  }
  if (ext === '.csv' || ext === '.txt') {
    const text = readTextFile(path, file, encoding);
    if (text.trim() === '') throw new CliError(messages.emptyFile(file), ExitCode.input);
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
      preview: DEFAULT_HEADER_SEARCH_ROWS,
    }).data;
    const probe = headerProbe(rows, file);
    const width = rows.find((r) => r.some((c) => normalizeHeader(c) === probe.contains))?.length;
    return parseCsvTable(withoutFootnotes(text, width ?? 0), file, probe);
  }
  throw new CliError(
    messages.unsupportedExtension(file, ['.csv', '.xlsx', '.json']),
    ExitCode.usage,
  );
}

/**
 * The text without the source and footnote lines some exports put under the table in a single
 * cell ("Source: LMI office"), lines the CSV reader would refuse as rows too short. Only whole
 * lines at the end go, so every other row keeps its number.
 */
function withoutFootnotes(text: string, width: number): string {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  let keep = lines.length;
  while (keep > 1) {
    const line = lines[keep - 1] ?? '';
    const cells = line.split(',');
    const filled = cells.filter((c) => c.trim() !== '');
    // A cut-off data row ("29-11") is not a footnote: it still stops the read, as too short.
    const note =
      filled.length === 0 || (filled.length === 1 && /^\s*[^\d\s]/.test(filled[0] ?? ''));
    if (line.includes('"') || cells.length >= width || !note) break;
    keep--;
  }
  return keep === lines.length ? text : `${lines.slice(0, keep).join('\n')}\n`;
}

/** The header row: the first of the rows naming the most known fields (at least two). */
function headerProbe(rows: Cell[][], file: string): { contains: string } {
  let best = -1;
  let bestScore = 1;
  rows.forEach((cells, i) => {
    const score = cells.filter(
      (c) =>
        typeof c === 'string' && (KNOWN.has(compactHeader(c)) || employmentYear(c) !== undefined),
    ).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const first = rows[best]?.find((c) => typeof c === 'string' && c.trim() !== '');
  if (typeof first !== 'string') {
    throw new CliError(
      messages.mappedHeaderNotFound(file, DEFAULT_HEADER_SEARCH_ROWS),
      ExitCode.input,
    );
  }
  return { contains: normalizeHeader(first) };
}
