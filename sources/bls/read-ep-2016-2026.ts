/**
 * BLS Employment Projections 2016-26, Table 1.7 "Occupational projections, 2016-26, and worker
 * characteristics, 2016", in the CSV layout with underscore headers (Employment_2016 …).
 * Publisher facts handled here:
 * - employment and annual-average openings are in thousands;
 * - "Line item" rows are the detailed occupations, "Summary" rows the groups above them;
 * - "NA" and "—" mark unavailable values; wages above the top code read ">=$208,000";
 * - codes are SOC 2010;
 * - the median wage is May 2017 (OEWS), education and experience are BLS assignments.
 * Columns that are not BLS's (the layer1-layer3 split of the code some copies carry) are ignored.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { yearsFromHeaders } from '../projection-years.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { type ColumnSpec, readRows, resolveColumns, secondMatch } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import type { RawTable } from '../tabular/table.ts';
import { blsWage, isLineItem } from './bls-ep-cells.ts';

const HEADER_PROBE = { contains: 'code' };
const NO_VALUE = ['NA', '—', 'N/A', '-'];

const COLUMNS = {
  title: { label: 'Jobs', match: /^jobs$/, required: true },
  code: { label: 'Code', match: /^code$/, required: true },
  type: { label: 'Occupation_Type', match: /^occupation_type$/, required: true },
  base: { label: 'Employment_<base year>', match: /^employment_(\d{4})$/, required: true },
  change: {
    label: 'Employment_Change_Number',
    match: /^employment_change_number$/,
    required: true,
  },
  pct: { label: 'Employment_Change_Percent', match: /^employment_change_percent$/, required: true },
  openings: { label: 'Occupational_Openings', match: /^occupational_openings$/, required: true },
  wage: { label: 'Median_Annual_<year>', match: /^median_annual_(\d{4})$/, required: true },
  education: { label: 'Entry_Education', match: /^entry_education$/, required: true },
  experience: { label: 'Work_Experience', match: /^work_experience$/, required: false },
} satisfies Record<string, ColumnSpec>;

export const UNITED_STATES: Area = {
  code: 'US',
  name: 'United States',
  type: 'nation',
  fips: '00',
};

/** Reads the 2016-26 Table 1.7 CSV; one table for the nation. */
export async function readBlsEp2016(path: string, file: string): Promise<ProjectionTable[]> {
  return [blsEp2016FromTable(readCsvTable(path, file, HEADER_PROBE))];
}

/** The layout step, on a table already split into header and rows. */
export function blsEp2016FromTable(table: RawTable): ProjectionTable {
  const cols = resolveColumns(table, COLUMNS);
  // Both employment columns have the same form; the projected one is the second.
  const projected = secondMatch(table, COLUMNS.base.match);
  if (projected === undefined) {
    throw new CliError(
      messages.columnMissing(table.file, 'Employment_<projected year>', table.headers),
      ExitCode.input,
    );
  }
  const years = yearsFromHeaders(table.file, cols.base, projected);
  const records: ProjectionRecord[] = [];
  let topcoded = 0;
  for (const r of readRows(table)) {
    const codeText = r.requiredText(cols.code);
    const code = parseSocCode(codeText);
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const wage = blsWage(r, cols.wage, NO_VALUE);
    if (wage.topcoded) topcoded++;
    records.push({
      source_row: r.row,
      soc_code: code,
      soc_title: r.requiredText(cols.title),
      is_detail: isLineItem(r, cols.type),
      is_total: code === '00-0000',
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
      ojt: null,
    });
  }
  if (records.length === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  const wageYear = cols.wage?.captures[0] ?? '';
  return {
    area: UNITED_STATES,
    ...years,
    units: {
      employment_multiplier: 1000,
      openings_period_years: 1,
      pct_change_unit: 'percent',
      openings_method: 'separations',
      soc_vintage: 2010,
      rounding: 0.1,
    },
    records,
    notes: [
      'Employment and openings are published in thousands; multiplied by 1,000.',
      'Openings are annual averages (BLS separations method).',
      `Median annual wage is OEWS May ${wageYear}; ${topcoded} rows show only the top-code floor (">=$…") and are flagged as top-coded.`,
      'Codes are SOC 2010; the on-the-job training column of BLS Table 1.7 is not in this layout.',
    ],
  };
}
