/**
 * O*NET OnLine's "All Career Clusters" export: the legacy 16 clusters and their pathways by
 * O*NET-SOC code. Codes are truncated to SOC; rows that belong to two clusters carry "; "-separated
 * lists of clusters and pathways in the same order, which are split and zipped.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { CrosswalkRecord } from '../crosswalk-record.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';

const COLUMNS = {
  cluster: { label: 'Career Cluster', match: /^career cluster$/, required: true },
  pathway: { label: 'Career Pathway', match: /^career pathway$/, required: true },
  code: { label: 'Code', match: /^code$/, required: true },
  title: { label: 'Occupation', match: /^occupation$/, required: true },
};

export function readOnetCareerClusters(path: string, file: string): CrosswalkRecord[] {
  const table = readCsvTable(path, file, { contains: 'career cluster' });
  const cols = resolveColumns(table, COLUMNS);
  const out: CrosswalkRecord[] = [];
  for (const r of readRows(table)) {
    const sourceCode = r.requiredText(cols.code);
    const soc = parseSocCode(sourceCode);
    if (soc === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, sourceCode)), ExitCode.input);
    }
    const clusters = r.requiredText(cols.cluster).split(/\s*;\s*/);
    const pathways = r.requiredText(cols.pathway).split(/\s*;\s*/);
    if (clusters.length !== pathways.length) {
      throw new CliError(
        `${r.place(cols.pathway, r.text(cols.pathway)).file}, row ${r.row}: ${clusters.length} clusters but ${pathways.length} pathways; they must pair up.`,
        ExitCode.input,
      );
    }
    // The base occupation (".00") speaks for the SOC code before its O*NET specialties.
    const base = sourceCode.endsWith('.00') ? 0 : 100;
    clusters.forEach((cluster, i) => {
      out.push({
        source_row: r.row,
        soc_code: soc,
        source_code: sourceCode,
        soc_title: r.requiredText(cols.title),
        cluster,
        sublevel: pathways[i] ?? '',
        priority: base + i,
      });
    });
  }
  return out;
}
