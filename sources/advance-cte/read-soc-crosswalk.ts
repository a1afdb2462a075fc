/**
 * Advance CTE's 2024 National Career Clusters Framework SOC crosswalk ("SOC - CC - Sub-Clusters"),
 * from the CSV export or the original workbook. Codes are BLS National Employment Matrix codes,
 * so OEWS aggregates such as 13-1020 appear as themselves. Names are case-normalized: the file
 * spells one sub-cluster "water systems" once and "Water Systems" elsewhere.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { CrosswalkRecord } from '../crosswalk-record.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import type { RawTable } from '../tabular/table.ts';
import { readActeTable } from './read-acte-table.ts';

const SHEET = 'SOC - CC - Sub-Clusters';
const COLUMNS = {
  code: { label: 'SOC Code', match: /^soc code$/, required: true },
  title: { label: 'Occupation Title', match: /^occupation title$/, required: true },
  cluster: { label: 'Career Cluster', match: /^career cluster$/, required: true },
  sub: { label: 'Sub-Cluster', match: /^sub-cluster$/, required: true },
};

/**
 * The crosswalk from its CSV export, its workbook (sheet "SOC - CC - Sub-Clusters") or the Full
 * Framework workbook (see readActeTable).
 */
export async function readActeSocCrosswalk(path: string, file: string): Promise<CrosswalkRecord[]> {
  return acteFromTable(
    await readActeTable(path, file, {
      sheet: SHEET,
      probe: 'soc code',
      columns: ['soc code', 'occupation title', 'career cluster', 'sub-cluster'],
    }),
  );
}

export function acteFromTable(table: RawTable): CrosswalkRecord[] {
  const cols = resolveColumns(table, COLUMNS);
  const out: CrosswalkRecord[] = [];
  const perCode = new Map<string, number>();
  for (const r of readRows(table)) {
    const text = r.requiredText(cols.code);
    const soc = parseSocCode(text);
    if (soc === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, text)), ExitCode.input);
    }
    const n = perCode.get(soc) ?? 0;
    perCode.set(soc, n + 1);
    out.push({
      source_row: r.row,
      soc_code: soc,
      source_code: text,
      soc_title: r.requiredText(cols.title),
      cluster: r.requiredText(cols.cluster),
      sublevel: r.requiredText(cols.sub),
      priority: n,
    });
  }
  return withCanonicalNames(out);
}

/** Cluster and sub-cluster names case-normalized across the records (see canonicalSpelling). */
export function withCanonicalNames<T extends { cluster: string; sublevel: string }>(out: T[]): T[] {
  const clusterName = canonicalSpelling(out.map((x) => x.cluster));
  const subName = canonicalSpelling(out.map((x) => x.sublevel));
  for (const x of out) {
    x.cluster = clusterName(x.cluster);
    x.sublevel = subName(x.sublevel);
  }
  return out;
}

/**
 * For names that differ only in letter case, the spelling used most often (first seen on a tie),
 * so "water systems" joins "Water Systems".
 */
export function canonicalSpelling(names: string[]): (name: string) => string {
  const counts = new Map<string, Map<string, number>>();
  for (const name of names) {
    const key = name.toLowerCase();
    const variants = counts.get(key) ?? new Map<string, number>();
    variants.set(name, (variants.get(name) ?? 0) + 1);
    counts.set(key, variants);
  }
  const best = new Map<string, string>();
  for (const [key, variants] of counts) {
    let pick = '';
    let max = -1;
    for (const [name, n] of variants) {
      if (n > max) {
        pick = name;
        max = n;
      }
    }
    best.set(key, pick);
  }
  return (name) => best.get(name.toLowerCase()) ?? name;
}
