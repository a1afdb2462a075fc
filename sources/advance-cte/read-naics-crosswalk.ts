/**
 * Advance CTE's "CC - Sub-Cluster - NAICS" sheet: the 2-digit NAICS sectors of each 2024
 * cluster's sub-clusters ("31-33", "44-45", "48-49" as ranges, as NAICS writes them).
 */
import { readRows, resolveColumns } from '../tabular/columns.ts';
import type { RawTable } from '../tabular/table.ts';
import { readActeTable } from './read-acte-table.ts';
import { canonicalSpelling } from './read-soc-crosswalk.ts';

export interface NaicsClusterRecord {
  source_row: number;
  cluster: string;
  sublevel: string;
  naics_sector: string;
}

const COLUMNS = {
  cluster: { label: 'Career Cluster', match: /^career cluster$/, required: true },
  sub: { label: 'Sub-Cluster', match: /^sub-cluster$/, required: true },
  naics: { label: '2-Digit NAICS', match: /^2-digit naics$/, required: true },
};

/**
 * The crosswalk from its CSV export, its workbook (sheet "CC - Sub-Cluster - NAICS") or the Full
 * Framework workbook, whose rows list a cluster's sectors together ("51, 54"; see readActeTable).
 */
export async function readActeNaicsCrosswalk(
  path: string,
  file: string,
): Promise<NaicsClusterRecord[]> {
  return acteNaicsFromTable(
    await readActeTable(path, file, {
      sheet: 'CC - Sub-Cluster - NAICS',
      probe: '2-digit naics',
      columns: ['career cluster', 'sub-cluster', '2-digit naics'],
      list: '2-digit naics',
    }),
  );
}

export function acteNaicsFromTable(table: RawTable): NaicsClusterRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const out: NaicsClusterRecord[] = [];
  for (const r of readRows(table)) {
    out.push({
      source_row: r.row,
      cluster: r.requiredText(cols.cluster),
      sublevel: r.requiredText(cols.sub),
      naics_sector: r.requiredText(cols.naics),
    });
  }
  const clusterName = canonicalSpelling(out.map((x) => x.cluster));
  for (const x of out) x.cluster = clusterName(x.cluster);
  return out;
}
