/**
 * A crosswalk a user supplies for a framework clusterfit does not ship (a state's own clusters,
 * or Advance CTE's suspended 2022 proposal, which has no official crosswalk): a CSV with a
 * `soc_code` column (SOC 2018, or O*NET-SOC such as 29-1141.01), a `cluster` column and,
 * optionally, `sublevel` and `title`. A code listed under several clusters counts in each; its
 * first listed cluster is its primary one.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { CrosswalkRecord } from '../crosswalk-record.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';

const COLUMNS = {
  code: { label: 'soc_code', match: /^soc_code$/, required: true },
  cluster: { label: 'cluster', match: /^cluster$/, required: true },
  sublevel: { label: 'sublevel', match: /^sublevel$/, required: false },
  title: { label: 'title', match: /^title$/, required: false },
};

export async function readUserCrosswalk(path: string, file: string): Promise<CrosswalkRecord[]> {
  const table = readCsvTable(path, file, { contains: 'soc_code' });
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
      soc_title: (cols.title ? r.text(cols.title) : null) ?? '',
      cluster: r.requiredText(cols.cluster),
      sublevel: (cols.sublevel ? r.text(cols.sublevel) : null) ?? '(no sub-level)',
      priority: n,
    });
  }
  return out;
}
