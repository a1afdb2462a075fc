/**
 * BLS Employment Projections 2024-34, the "Occupational projections" CSV export of
 * data.bls.gov/projections/occupationProj. Publisher facts handled here:
 * - employment and annual-average openings are in thousands, written as text ("3,391.00");
 * - every row is a line item (no summary rows); 12 codes are National Employment Matrix
 *   aggregates (29-2010, 31-1120 …), kept as detailed rows;
 * - each title carries BLS's sample job titles after "    * " ("Registered nurses    * CCU
 *   Nurse* …"); the sample titles are split off;
 * - the wage is "N/A" (no estimate) or ">=239,200" (top-coded, kept as the floor and flagged);
 * - codes are SOC 2018 (2024 NEM); the median wage is OEWS May 2024.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { yearsFromHeaders } from '../projection-years.ts';
import { parseSocCode, socLevelOf } from '../soc/soc-code.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import type { RawTable } from '../tabular/table.ts';
import { blsWage } from './bls-ep-cells.ts';
import { UNITED_STATES } from './read-ep-2016-2026.ts';

const HEADER_PROBE = { contains: 'occupation code' };
const NO_VALUE = ['N/A', 'NA', '—', '-'];

const COLUMNS = {
  title: { label: 'Occupation Title', match: /^occupation title$/, required: true },
  code: { label: 'Occupation Code', match: /^occupation code$/, required: true },
  base: { label: 'Employment <base year>', match: /^employment (\d{4})$/, required: true },
  change: {
    label: 'Employment Change, <base>-<projected>',
    match: /^employment change, (\d{4})-(\d{4})$/,
    required: true,
  },
  pct: {
    label: 'Employment Percent Change, <base>-<projected>',
    match: /^employment percent change/,
    required: true,
  },
  openings: {
    label: 'Occupational Openings, <base>-<projected> Annual Average',
    match: /^occupational openings, \d{4}-\d{4} annual average$/,
    required: true,
  },
  wage: {
    label: 'Median Annual Wage <year>',
    match: /^median annual wage (\d{4})$/,
    required: true,
  },
  education: {
    label: 'Typical Entry-Level Education',
    match: /^typical entry-level education$/,
    required: true,
  },
  experience: {
    label: 'Work Experience in a Related Occupation',
    match: /^work experience in a related occupation$/,
    required: false,
  },
  ojt: {
    label: 'Typical on-the-job Training',
    match: /^typical on-the-job training$/,
    required: false,
  },
} satisfies Record<string, ColumnSpec>;

/** Reads the 2024-34 occupations CSV; one table for the nation. */
export async function readBlsEp2024(path: string, file: string): Promise<ProjectionTable[]> {
  return [blsEp2024FromTable(readCsvTable(path, file, HEADER_PROBE))];
}

/** The title without BLS's sample job titles, and how many sample titles there were. */
export function splitSampleTitles(text: string): { title: string; samples: string[] } {
  const at = text.indexOf('*');
  if (at < 0) return { title: text.trim(), samples: [] };
  return {
    title: text.slice(0, at).trim(),
    samples: text
      .slice(at)
      .split('*')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

/** The layout step, on a table already split into header and rows. */
export function blsEp2024FromTable(table: RawTable): ProjectionTable {
  const cols = resolveColumns(table, COLUMNS);
  const projectedYear = cols.change?.captures[1] ?? '';
  const projectedMatch = new RegExp(`^employment (${projectedYear})$`);
  const projected = resolveColumns(table, {
    projected: {
      label: `Employment ${projectedYear || '<projected year>'}`,
      match: projectedMatch,
      required: true,
    },
  }).projected;
  const years = yearsFromHeaders(table.file, cols.base, projected);
  const records: ProjectionRecord[] = [];
  let topcoded = 0;
  let noWage = 0;
  let misencoded = 0;
  for (const r of readRows(table)) {
    const codeText = r.requiredText(cols.code);
    const code = parseSocCode(codeText);
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const rawTitle = String(r.cell(cols.title) ?? '');
    if (rawTitle.includes('¿')) misencoded++;
    const { title } = splitSampleTitles(rawTitle);
    if (title === '') {
      throw new CliError(messages.requiredValueMissing(r.place(cols.title)), ExitCode.input);
    }
    const wage = blsWage(r, cols.wage, NO_VALUE);
    if (wage.topcoded) topcoded++;
    if (wage.value === null) noWage++;
    const level = socLevelOf(code);
    records.push({
      source_row: r.row,
      soc_code: code,
      soc_title: title,
      is_detail: level !== 'total' && level !== 'major',
      is_total: level === 'total',
      base_employment: r.requiredNumber(cols.base),
      projected_employment: r.requiredNumber(projected),
      change: r.number(cols.change, NO_VALUE),
      pct_change: r.number(cols.pct, NO_VALUE),
      exits: null,
      transfers: null,
      openings: r.number(cols.openings, NO_VALUE),
      median_hourly_wage: null,
      median_annual_wage: wage.value,
      median_wage_topcoded: wage.topcoded,
      education: r.text(cols.education, NO_VALUE),
      work_experience: r.text(cols.experience, NO_VALUE),
      ojt: r.text(cols.ojt, NO_VALUE),
    });
  }
  if (records.length === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  return {
    area: UNITED_STATES,
    ...years,
    units: {
      employment_multiplier: 1000,
      openings_period_years: 1,
      pct_change_unit: 'percent',
      openings_method: 'separations',
      soc_vintage: 2018,
      rounding: 0.1,
    },
    records,
    notes: [
      'Employment and openings are published in thousands; multiplied by 1,000.',
      'Openings are annual averages (BLS separations method); this layout has no exits/transfers split.',
      "BLS's sample job titles after each occupation title were split off.",
      `Median annual wage is OEWS May ${cols.wage?.captures[0] ?? ''}: ${noWage} rows "N/A" (no estimate), ${topcoded} top-coded rows kept at the floor (">=…") and flagged.`,
      ...(misencoded > 0
        ? [
            `${misencoded} rows carry "¿" (a mis-encoded ® in the source) in their sample titles, which were dropped.`,
          ]
        : []),
    ],
  };
}
