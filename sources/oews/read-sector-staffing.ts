/**
 * OEWS national estimates by NAICS sector × occupation ("natsector" _dl layout): the staffing
 * pattern that says which industries employ an occupation. Only detailed-occupation rows are
 * kept; "**" (no estimate released) leaves a row out rather than reading it as zero. OEWS writes
 * combined sectors by their first code (31 = 31-33, 44 = 44-45, 48 = 48-49) and government as 99;
 * they are renamed to NAICS notation here (99 → 92, see the caveat in PROVENANCE.md).
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';

export interface SectorStaffingRecord {
  source_row: number;
  naics_sector: string;
  sector_title: string;
  soc_code: string;
  employment: number;
}

const COLUMNS = {
  naics: { label: 'NAICS', match: /^naics$/, required: true },
  naicsTitle: { label: 'NAICS_TITLE', match: /^naics_title$/, required: true },
  iGroup: { label: 'I_GROUP', match: /^i_group$/, required: true },
  code: { label: 'OCC_CODE', match: /^occ_code$/, required: true },
  group: { label: 'O_GROUP', match: /^o_group$/, required: true },
  totEmp: { label: 'TOT_EMP', match: /^tot_emp$/, required: true },
};

const SECTOR_NAMES: Record<string, string> = {
  '31': '31-33',
  '44': '44-45',
  '48': '48-49',
  '99': '92',
};

export function readSectorStaffing(path: string, file: string): SectorStaffingRecord[] {
  const table = readCsvTable(path, file, { contains: 'occ_code' });
  const cols = resolveColumns(table, COLUMNS);
  const out: SectorStaffingRecord[] = [];
  for (const r of readRows(table)) {
    if (r.requiredText(cols.group) !== 'detailed' || r.requiredText(cols.iGroup) !== 'sector')
      continue;
    const codeText = r.requiredText(cols.code);
    const soc = parseSocCode(codeText);
    if (soc === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const employment = r.number(cols.totEmp, ['**', '*']);
    if (employment === null) continue;
    const naics = r.requiredText(cols.naics);
    out.push({
      source_row: r.row,
      naics_sector: SECTOR_NAMES[naics] ?? naics,
      sector_title: r.requiredText(cols.naicsTitle),
      soc_code: soc,
      employment,
    });
  }
  return out;
}
