/**
 * NCES/BLS CIP 2020 ↔ SOC 2018 crosswalk (CIP2020Code, CIP2020Title, SOC2018Code, SOC2018Title):
 * which instructional programs prepare for which occupations. The "99-9999 NO MATCH" rows say a
 * program has no occupation and are left out. Read as NCES serves it (CIP2020_SOC2018_Crosswalk.xlsx,
 * sheet "CIP-SOC") or as the CSV conversion.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import { readTable } from '../tabular/read-table.ts';
import type { RawTable } from '../tabular/table.ts';

export interface CipSocRecord {
  source_row: number;
  cip_code: string;
  cip_title: string;
  soc_code: string;
}

const COLUMNS = {
  cip: { label: 'CIP2020Code', match: /^cip2020code$/, required: true },
  title: { label: 'CIP2020Title', match: /^cip2020title$/, required: true },
  soc: { label: 'SOC2018Code', match: /^soc2018code$/, required: true },
};

/** "01.0101", after stripping the `="…"` wrapper some NCES exports put around codes. */
export function parseCipCode(text: string): string | undefined {
  const t = text.replace(/^="?|"$/g, '').trim();
  return /^\d{2}\.\d{4}$/.test(t) ? t : undefined;
}

/** The crosswalk from NCES's workbook (sheet "CIP-SOC") or the CSV conversion. */
export async function readCipSocCrosswalk(path: string, file: string): Promise<CipSocRecord[]> {
  const source = { sheet: 'CIP-SOC', probe: { contains: 'cip2020code' } };
  return cipSocFromTable(await readTable(path, file, source));
}

export function cipSocFromTable(table: RawTable): CipSocRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const out: CipSocRecord[] = [];
  for (const r of readRows(table)) {
    const socText = r.requiredText(cols.soc);
    if (socText === '99-9999') continue;
    // A workbook cell typed as a number has lost the code's zeros (1.01 for "01.0100").
    const cell = r.cell(cols.cip);
    const cipText =
      typeof cell === 'number' ? cell.toFixed(4).padStart(7, '0') : r.requiredText(cols.cip);
    const cip = parseCipCode(cipText);
    if (cip === undefined) {
      throw new CliError(messages.badCipCode(r.place(cols.cip, cipText)), ExitCode.input);
    }
    const soc = parseSocCode(socText);
    if (soc === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.soc, socText)), ExitCode.input);
    }
    out.push({
      source_row: r.row,
      cip_code: cip,
      cip_title: r.requiredText(cols.title),
      soc_code: soc,
    });
  }
  return out;
}
