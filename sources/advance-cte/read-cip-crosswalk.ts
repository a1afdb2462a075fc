/**
 * Advance CTE's CIP crosswalk for the 2024 framework ("CIP - CC - Sub-Clusters"): which
 * programs of study Advance CTE places in each cluster and sub-cluster. Names are case-normalized
 * as in the SOC crosswalk. The workbook stores CIP codes as text ("01.0000"), as the CSV does.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { parseCipCode } from '../nces/read-cip-soc-crosswalk.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import type { RawTable } from '../tabular/table.ts';
import { readActeTable } from './read-acte-table.ts';
import { withCanonicalNames } from './read-soc-crosswalk.ts';

export interface CipClusterRecord {
  source_row: number;
  cip_code: string;
  cip_title: string;
  cluster: string;
  sublevel: string;
}

const COLUMNS = {
  cip: { label: 'CIP Code (2020)', match: /^cip code \(2020\)$/, required: true },
  title: { label: 'CIP Title (2020)', match: /^cip title \(2020\)$/, required: true },
  cluster: { label: 'Career Cluster', match: /^career cluster$/, required: true },
  sub: { label: 'Sub-Cluster', match: /^sub-cluster$/, required: true },
};

/**
 * The crosswalk from its CSV export, its workbook (sheet "CIP - CC - Sub-Clusters") or the Full
 * Framework workbook (see readActeTable).
 */
export async function readActeCipCrosswalk(
  path: string,
  file: string,
): Promise<CipClusterRecord[]> {
  return acteCipFromTable(
    await readActeTable(path, file, {
      sheet: 'CIP - CC - Sub-Clusters',
      probe: 'cip code (2020)',
      columns: ['cip code (2020)', 'cip title (2020)', 'career cluster', 'sub-cluster'],
    }),
  );
}

export function acteCipFromTable(table: RawTable): CipClusterRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const out: CipClusterRecord[] = [];
  for (const r of readRows(table)) {
    const text = r.requiredText(cols.cip);
    const cip = parseCipCode(text);
    if (cip === undefined) {
      throw new CliError(messages.badCipCode(r.place(cols.cip, text)), ExitCode.input);
    }
    out.push({
      source_row: r.row,
      cip_code: cip,
      cip_title: r.requiredText(cols.title),
      cluster: r.requiredText(cols.cluster),
      sublevel: r.requiredText(cols.sub),
    });
  }
  return withCanonicalNames(out);
}
