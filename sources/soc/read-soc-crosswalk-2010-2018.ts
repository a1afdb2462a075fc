/**
 * The BLS SOC 2010 → SOC 2018 crosswalk at the detailed level (many-to-many, no employment
 * weights). The " (##)" appended to some 2018 titles marks codes that take content from more
 * than one 2010 code; it is stripped from the title and kept as a flag. Read as BLS serves it
 * (soc_2010_to_2018_crosswalk.xlsx: title rows, then "2010 SOC Code", "2010 SOC Title",
 * "2018 SOC Code", "2018 SOC Title") or as the CSV conversion (soc2010, soc2010_title, …).
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readTable } from '../tabular/read-table.ts';
import type { RawTable } from '../tabular/table.ts';
import { parseSocCode } from './soc-code.ts';

export interface SocBridgeRecord {
  source_row: number;
  soc2010: string;
  soc2010_title: string;
  soc2018: string;
  soc2018_title: string;
  /** The source marked the 2018 title with " (##)": the code draws on several 2010 codes. */
  soc2018_multiple_sources: boolean;
}

const COLUMNS = {
  soc2010: { label: 'soc2010', match: /^(soc2010|2010 soc code)$/, required: true },
  title2010: { label: 'soc2010_title', match: /^(soc2010_title|2010 soc title)$/, required: true },
  soc2018: { label: 'soc2018', match: /^(soc2018|2018 soc code)$/, required: true },
  title2018: { label: 'soc2018_title', match: /^(soc2018_title|2018 soc title)$/, required: true },
} satisfies Record<string, ColumnSpec>;

const MARKER = /\s*\(##\)\s*$/;

/** The crosswalk from BLS's workbook (its first sheet holding the header) or the CSV conversion. */
export async function readSocCrosswalk2010To2018(
  path: string,
  file: string,
): Promise<SocBridgeRecord[]> {
  const source = { probe: { contains: 'soc2010' }, workbookProbe: { contains: '2010 soc code' } };
  return socCrosswalkFromTable(await readTable(path, file, source));
}

export function socCrosswalkFromTable(table: RawTable): SocBridgeRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const out: SocBridgeRecord[] = [];
  for (const r of readRows(table)) {
    const code = (column: typeof cols.soc2010) => {
      const text = r.requiredText(column);
      const c = parseSocCode(text);
      if (c === undefined) {
        throw new CliError(messages.badSocCode(r.place(column, text)), ExitCode.input);
      }
      return c;
    };
    const title2018 = r.requiredText(cols.title2018);
    out.push({
      source_row: r.row,
      soc2010: code(cols.soc2010),
      soc2010_title: r.requiredText(cols.title2010),
      soc2018: code(cols.soc2018),
      soc2018_title: title2018.replace(MARKER, ''),
      soc2018_multiple_sources: MARKER.test(title2018),
    });
  }
  if (out.length === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  return out;
}
