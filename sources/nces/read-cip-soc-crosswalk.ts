/**
 * NCES/BLS CIP 2020 ↔ SOC 2018 crosswalk (CIP2020Code, CIP2020Title, SOC2018Code, SOC2018Title):
 * which instructional programs prepare for which occupations. The "99-9999 NO MATCH" rows say a
 * program has no occupation and are left out.
 */
import { CliError, ExitCode } from '../../pipeline/cli-error.ts';
import { messages } from '../../pipeline/messages.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
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

export function readCipSocCrosswalk(path: string, file: string): CipSocRecord[] {
  return cipSocFromTable(readCsvTable(path, file, { contains: 'cip2020code' }));
}

export function cipSocFromTable(table: RawTable): CipSocRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const out: CipSocRecord[] = [];
  for (const r of readRows(table)) {
    const socText = r.requiredText(cols.soc);
    if (socText === '99-9999') continue;
    const cipText = r.requiredText(cols.cip);
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
