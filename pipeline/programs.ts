/**
 * `clusterfit programs RUN`: for each approved cluster of a finished run, the CIP 2020 programs
 * of study that lead to its occupations (NCES/BLS CIP–SOC crosswalk), with the annual openings of
 * those occupations as the run allocated them to the cluster. For the 2024 framework each program
 * also says whether Advance CTE's own CIP crosswalk places it in that cluster. Every figure traces
 * back: the occupations are listed by code (their openings are in occupations.csv) and the
 * crosswalk rows by row number.
 */

import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { col, type Row } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import { publishFiles } from '../kernel/output-folder.ts';
import { mdText } from '../outputs/markdown-text.ts';
import { publishRelation } from '../outputs/published-table.ts';
import { writeCsv } from '../outputs/write-csv.ts';
import { readActeCipCrosswalk } from '../sources/advance-cte/read-cip-crosswalk.ts';
import { readCipSocCrosswalk } from '../sources/nces/read-cip-soc-crosswalk.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { resolveInput } from './data-dir.ts';
import { queryFinishedRun, type RunReportOptions, runFilterSql } from './finished-run.ts';

export const PROGRAMS_COLUMNS = [
  'area',
  'vintage',
  'framework',
  'cluster',
  'cluster_rank',
  'cip_code',
  'cip_title',
  'occupations',
  'soc_codes',
  'annual_openings',
  'acte_cluster',
  'acte_sub_clusters',
  'cip_soc_rows',
] as const;

/**
 * Added when the run had `supply`: the program's awards a year in the area (all levels, first
 * majors) and the part of them its split reaches this cluster with (supply_programs.csv).
 */
export const PROGRAMS_SUPPLY_COLUMNS = ['awards', 'awards_to_cluster'] as const;

interface ProgramRow extends Row {
  area: string;
  vintage: string;
  framework: string;
  cluster: string;
  cluster_rank: number;
  cip_code: string;
  cip_title: string;
  occupations: number;
  soc_codes: string;
  annual_openings: number;
  acte_cluster: boolean | null;
  awards?: number | null;
  awards_to_cluster?: number | null;
}

/** Writes programs.csv and programs.md into `out`; returns the Markdown. */
export async function listPrograms(opts: RunReportOptions): Promise<string> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const nces = resolveInput('nces-cip2020-soc2018', config, opts.dataDir);
  const acte = resolveInput('acte-2024-cip', config, opts.dataDir);
  const cip = [
    col('source_row', 'INTEGER'),
    col('cip_code', 'VARCHAR'),
    col('cip_title', 'VARCHAR'),
  ];
  const tables = {
    cip_soc: {
      columns: [...cip, col('soc_code', 'VARCHAR')],
      rows: await readCipSocCrosswalk(nces.path, nces.file),
    },
    cip_cluster: {
      columns: [...cip, col('cluster', 'VARCHAR'), col('sublevel', 'VARCHAR')],
      rows: await readActeCipCrosswalk(acte.path, acte.file),
    },
  };
  return queryFinishedRun(opts.run, tables, async (db) => {
    const where = runFilterSql('c', opts);
    const supply =
      (await db.scalar(
        `select count(*) from duckdb_tables() where database_name = 'r' and table_name = 'mart_supply_programs'`,
      )) > 0;
    // The run's own supply tables: the program's awards in the area, and what reached the cluster.
    const supplySelect = supply
      ? `, (select sum(s.completions) from r.stg_supply_awards s
            where s.area_code = l.area_code and s.vintage = l.vintage and s.cip_code = l.cip_code)
            as awards,
          (select round(sum(p.completions), 2) from r.mart_supply_programs p
            where p.area_code = l.area_code and p.vintage = l.vintage
              and p.framework = l.framework and p.cluster = l.cluster and p.cip_code = l.cip_code)
            as awards_to_cluster`
      : '';
    const columns = supply ? [...PROGRAMS_COLUMNS, ...PROGRAMS_SUPPLY_COLUMNS] : PROGRAMS_COLUMNS;
    const table = await publishRelation(
      db,
      'programs',
      columns,
      `
      with occ as (
        select o.area_code, o.vintage, o.framework, o.cluster, c.rank, o.soc_code,
          o.allocation_weight * o.annual_openings as openings
        from r.mart_occupations o
        join r.mart_clusters c using (area_code, vintage, framework, cluster)
        where c.approved and o.allocation_weight > 0 ${where}
      ),
      -- A run's code may be an OEWS aggregate (13-1020): a program reaches it through its members.
      codes as (
        select distinct soc_code, soc_code as member from occ
        union
        select aggregate_code, member_code from r.int_aggregate_members
      ),
      links as (
        select o.area_code, o.vintage, o.framework, o.cluster, o.rank, o.soc_code,
          any_value(o.openings) as openings, x.cip_code, any_value(x.cip_title) as cip_title,
          -- Sorted, so the same inputs give the same programs.csv byte for byte.
          array_to_string(list_sort(list(distinct x.source_row)), ';') as cip_soc_rows
        from occ o
        join codes k on k.soc_code = o.soc_code
        join cip_soc x on x.soc_code = k.member
        group by o.area_code, o.vintage, o.framework, o.cluster, o.rank, o.soc_code, x.cip_code
      )
      select l.area_code as area, l.vintage, l.framework, l.cluster, l.rank as cluster_rank,
        l.cip_code, any_value(l.cip_title) as cip_title,
        cast(count(*) as integer) as occupations,
        string_agg(l.soc_code, ';' order by l.soc_code) as soc_codes,
        round(sum(l.openings), 2) as annual_openings,
        case when l.framework = 'acte2024' then coalesce(bool_or(a.cluster is not null), false) end
          as acte_cluster,
        any_value(a.sublevels) as acte_sub_clusters,
        string_agg(l.cip_soc_rows, ';' order by l.soc_code) as cip_soc_rows${supplySelect}
      from links l
      left join (
        select cip_code, cluster, string_agg(distinct sublevel, ';' order by sublevel) as sublevels
        from cip_cluster group by all
      ) a on l.framework = 'acte2024' and a.cip_code = l.cip_code and a.cluster = l.cluster
      group by l.area_code, l.vintage, l.framework, l.cluster, l.rank, l.cip_code
      order by area, vintage, framework, cluster_rank, annual_openings desc, cip_code`,
    );
    const rows = await db.all<ProgramRow>(`select * from ${table.source}`);
    if (rows.length === 0) {
      throw new CliError(
        messages.programsNone(opts.run, opts.framework, opts.area),
        ExitCode.usage,
      );
    }
    const md = renderPrograms(rows, opts.top ?? 5, nces.file, acte.file, supply);
    await publishFiles(opts.out, {
      'programs.csv': (path) => writeCsv(db, path, table),
      'programs.md': md,
    });
    return md;
  });
}

function renderPrograms(
  rows: ProgramRow[],
  top: number,
  ncesFile: string,
  acteFile: string,
  supply: boolean,
): string {
  const out = [
    '# Programs of study for the approved clusters',
    '',
    messages.programsMethod(ncesFile, acteFile),
    '',
  ];
  const groups = new Map<string, ProgramRow[]>();
  for (const r of rows) {
    const key = [r.area, r.vintage, r.framework, String(r.cluster_rank).padStart(4, '0')].join(
      '\t',
    );
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let heading = '';
  for (const list of groups.values()) {
    const first = list[0] as ProgramRow;
    const h = `## ${first.area}, ${first.vintage}, ${first.framework}`;
    if (h !== heading) out.push(h, '');
    heading = h;
    out.push(`### ${first.cluster_rank}. ${first.cluster} (${list.length} programs)`, '');
    out.push(
      `| CIP | Program | Occupations | Annual openings |${supply ? ' Awards a year | Awards to this cluster |' : ''} In Advance CTE’s cluster |`,
      `|---|---|---:|---:|${supply ? '---:|---:|' : ''}---|`,
    );
    const count = (n: number | null | undefined) =>
      n === null || n === undefined ? '0' : Math.round(n).toLocaleString('en-US');
    for (const p of list.slice(0, top)) {
      const acte = p.acte_cluster === null ? 'n/a' : p.acte_cluster ? 'yes' : 'no';
      const awards = supply ? ` ${count(p.awards)} | ${count(p.awards_to_cluster)} |` : '';
      out.push(
        `| ${p.cip_code} | ${mdText(p.cip_title.replace(/\.$/, ''))} | ${p.occupations} | ${Math.round(p.annual_openings).toLocaleString('en-US')} |${awards} ${acte} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
