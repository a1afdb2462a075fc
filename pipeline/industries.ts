/**
 * `clusterfit industries RUN`: which industries employ each cluster's occupations. Each
 * occupation's base-year jobs in the run are spread over NAICS sectors by its national staffing
 * pattern (OEWS industry-specific estimates by sector), then summed per cluster with the run's
 * allocation weights. For the 2024 framework each sector also says whether Advance CTE's NAICS
 * crosswalk lists it for the cluster. Jobs of occupations OEWS has no sector estimates for stay
 * in a "(no staffing pattern)" row, so each cluster's rows add up to its employment.
 */

import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { col, type Row } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import { publishFiles } from '../kernel/output-folder.ts';
import { mdText } from '../outputs/markdown-text.ts';
import { publishRelation } from '../outputs/published-table.ts';
import { writeCsv } from '../outputs/write-csv.ts';
import { readActeNaicsCrosswalk } from '../sources/advance-cte/read-naics-crosswalk.ts';
import { readSectorStaffing } from '../sources/oews/read-sector-staffing.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { resolveInput } from './data-dir.ts';
import { queryFinishedRun, type RunReportOptions, runFilterSql } from './finished-run.ts';

export const INDUSTRIES_COLUMNS = [
  'area',
  'vintage',
  'framework',
  'cluster',
  'approved',
  'naics_sector',
  'sector_title',
  'employment',
  'share',
  'acte_sector',
] as const;

/** The sector row that keeps jobs of occupations with no staffing pattern. */
export const NO_PATTERN = '(no staffing pattern)';

interface IndustryRow extends Row {
  area: string;
  vintage: string;
  framework: string;
  cluster: string;
  approved: boolean;
  naics_sector: string;
  sector_title: string;
  employment: number;
  share: number;
  acte_sector: boolean | null;
}

/** Writes industries.csv and industries.md into `out`; returns the Markdown. */
export async function listIndustries(opts: RunReportOptions): Promise<string> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const staffing = resolveInput('oews-natsector-2024', config, opts.dataDir);
  const acte = resolveInput('acte-2024-naics', config, opts.dataDir);
  const tables = {
    staffing: {
      columns: [
        col('source_row', 'INTEGER'),
        col('naics_sector', 'VARCHAR'),
        col('sector_title', 'VARCHAR'),
        col('soc_code', 'VARCHAR'),
        col('employment', 'DOUBLE'),
      ],
      rows: readSectorStaffing(staffing.path, staffing.file),
    },
    acte_naics: {
      columns: [
        col('source_row', 'INTEGER'),
        col('cluster', 'VARCHAR'),
        col('sublevel', 'VARCHAR'),
        col('naics_sector', 'VARCHAR'),
      ],
      rows: await readActeNaicsCrosswalk(acte.path, acte.file),
    },
  };
  return queryFinishedRun(opts.run, tables, async (db) => {
    const where = runFilterSql('o', opts);
    const table = await publishRelation(
      db,
      'industries',
      INDUSTRIES_COLUMNS,
      `
      with occ as (
        select o.area_code, o.vintage, o.framework, o.cluster, c.approved, o.soc_code,
          o.allocation_weight * o.base_employment as jobs
        from r.mart_occupations o
        join r.mart_clusters c using (area_code, vintage, framework, cluster)
        where o.allocation_weight > 0 ${where}
      ),
      -- An occupation's pattern: its own row if OEWS has one, else its members' (an aggregate
      -- such as 31-1120), else its aggregate's (a detailed code OEWS publishes only combined).
      candidates as (
        select o.soc_code, s.naics_sector, s.employment, 1 as tier
        from (select distinct soc_code from occ) o join staffing s using (soc_code)
        union all
        select o.soc_code, s.naics_sector, s.employment, 2
        from (select distinct soc_code from occ) o
        join r.int_aggregate_members a on a.aggregate_code = o.soc_code
        join staffing s on s.soc_code = a.member_code
        union all
        select o.soc_code, s.naics_sector, s.employment, 3
        from (select distinct soc_code from occ) o
        join r.int_aggregate_members a on a.member_code = o.soc_code
        join staffing s on s.soc_code = a.aggregate_code
      ),
      chosen as (
        select * from candidates qualify tier = min(tier) over (partition by soc_code)
      ),
      pattern as (
        select soc_code, naics_sector,
          sum(employment) / sum(sum(employment)) over (partition by soc_code) as share
        from chosen
        group by soc_code, naics_sector
      ),
      spread as (
        select o.area_code, o.vintage, o.framework, o.cluster, o.approved,
          coalesce(p.naics_sector, '${NO_PATTERN}') as naics_sector,
          o.jobs * coalesce(p.share, 1.0) as jobs
        from occ o left join pattern p using (soc_code)
      ),
      titles as (select naics_sector, any_value(sector_title) as sector_title from staffing group by 1),
      summed as (
        select area_code, vintage, framework, cluster, approved, naics_sector,
          cast(sum(cast(jobs as decimal(38, 6))) as double) as employment
        from spread group by all
      )
      select m.area_code as area, m.vintage, m.framework, m.cluster, m.approved, m.naics_sector,
        coalesce(t.sector_title, '') as sector_title,
        round(m.employment, 2) as employment,
        round(m.employment / sum(m.employment) over (
          partition by m.area_code, m.vintage, m.framework, m.cluster), 6) as share,
        case when m.framework = 'acte2024' and m.naics_sector <> '${NO_PATTERN}' then exists (
          select 1 from acte_naics a where a.cluster = m.cluster and a.naics_sector = m.naics_sector
        ) end as acte_sector
      from summed m left join titles t using (naics_sector)
      order by area, vintage, framework, cluster, employment desc, naics_sector`,
    );
    const rows = await db.all<IndustryRow>(`select * from ${table.source}`);
    if (rows.length === 0) {
      throw new CliError(
        messages.industriesNone(opts.run, opts.framework, opts.area),
        ExitCode.usage,
      );
    }
    const md = renderIndustries(rows, opts.top ?? 3, staffing.file, acte.file);
    await publishFiles(opts.out, {
      'industries.csv': (path) => writeCsv(db, path, table),
      'industries.md': md,
    });
    return md;
  });
}

function renderIndustries(
  rows: IndustryRow[],
  top: number,
  staffingFile: string,
  acteFile: string,
): string {
  const out = [
    '# Industries that employ each cluster',
    '',
    messages.industriesMethod(staffingFile, acteFile),
    '',
  ];
  const groups = new Map<string, IndustryRow[]>();
  for (const r of rows) {
    const key = [r.area, r.vintage, r.framework, r.cluster].join('\t');
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let heading = '';
  for (const list of groups.values()) {
    const first = list[0] as IndustryRow;
    const h = `## ${first.area}, ${first.vintage}, ${first.framework}`;
    if (h !== heading) {
      if (heading !== '') out.push('');
      out.push(
        h,
        '',
        '| Cluster | Approved | Largest sectors (share of the cluster’s jobs) |',
        '|---|---|---|',
      );
    }
    heading = h;
    const sectors = list
      .slice(0, top)
      .map(
        (s) =>
          `${s.naics_sector === NO_PATTERN ? NO_PATTERN : `${s.naics_sector} ${mdText(s.sector_title)}`} ${(100 * s.share).toFixed(1)}%${s.acte_sector ? ' ✓' : ''}`,
      );
    out.push(
      `| ${mdText(first.cluster)} | ${first.approved ? 'yes' : 'no'} | ${sectors.join('; ')} |`,
    );
  }
  out.push('');
  return out.join('\n');
}
