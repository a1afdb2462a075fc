/**
 * The BLS SOC 2018 structure file: one code per row, in the column of its level (Major Group,
 * Minor Group, Broad Group, Detailed Occupation), each row under the last code of the level above.
 * Read as BLS serves it (soc_structure_2018.xlsx: title rows, then the header, the title in the
 * column after "Detailed Occupation" under a blank header) or as the CSV conversion (a "Name"
 * header over the titles).
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { type ResolvedColumn, readRows, resolveColumns } from '../tabular/columns.ts';
import { readTable } from '../tabular/read-table.ts';
import type { RawTable } from '../tabular/table.ts';
import { parseSocCode, type SocLevel } from './soc-code.ts';

export interface SocStructureRecord {
  source_row: number;
  soc_code: string;
  title: string;
  level: Exclude<SocLevel, 'total'>;
  major_code: string;
  minor_code: string | null;
  broad_code: string | null;
}

const COLUMNS = {
  major: { label: 'Major Group', match: /^major group$/, required: true },
  minor: { label: 'Minor Group', match: /^minor group$/, required: true },
  broad: { label: 'Broad Group', match: /^broad group$/, required: true },
  detailed: { label: 'Detailed Occupation', match: /^detailed occupation$/, required: true },
  name: { label: 'Name', match: /^(name|title)$/, required: false },
};

/** The structure from BLS's workbook (its first sheet holding the header) or the CSV conversion. */
export async function readSocStructure(path: string, file: string): Promise<SocStructureRecord[]> {
  return socStructureFromTable(await readTable(path, file, { probe: { contains: 'major group' } }));
}

export function socStructureFromTable(table: RawTable): SocStructureRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const name = cols.name ?? untitledColumnAfter(table, cols.detailed);
  const out: SocStructureRecord[] = [];
  let major = '';
  let minor: string | null = null;
  let broad: string | null = null;
  const levels = [
    ['major', cols.major],
    ['minor', cols.minor],
    ['broad', cols.broad],
    ['detailed', cols.detailed],
  ] as const;
  for (const r of readRows(table)) {
    const hit = levels.find(([, col]) => r.text(col) !== null);
    if (!hit) continue;
    const [level, col] = hit;
    const text = r.text(col) ?? '';
    const code = parseSocCode(text);
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(col, text)), ExitCode.input);
    }
    if (level === 'major') [major, minor, broad] = [code, null, null];
    else if (level === 'minor') [minor, broad] = [code, null];
    else if (level === 'broad') broad = code;
    out.push({
      source_row: r.row,
      soc_code: code,
      title: r.requiredText(name),
      level,
      major_code: major,
      minor_code: level === 'major' ? null : minor,
      broad_code: level === 'detailed' || level === 'broad' ? broad : null,
    });
  }
  return out;
}

/**
 * BLS's workbook leaves the titles' header blank: the column right of "Detailed Occupation".
 * Without one there, "Name" is reported missing as any required column is.
 */
function untitledColumnAfter(
  table: RawTable,
  detailed: ResolvedColumn | undefined,
): ResolvedColumn {
  const index = (detailed?.index ?? -2) + 1;
  // The blank header cell may not be in the sheet at all: the header row then ends before it.
  if (index > 0 && (table.headers[index] ?? '') === '') {
    return { index, header: '(title)', captures: [] };
  }
  return resolveColumns(table, { name: { ...COLUMNS.name, required: true } })
    .name as ResolvedColumn;
}
