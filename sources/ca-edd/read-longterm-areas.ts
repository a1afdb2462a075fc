/**
 * California EDD "Long-Term Occupational Employment Projections" open-data export (data.ca.gov),
 * one CSV with the state, metropolitan areas / divisions and rural consortia stacked. Publisher
 * facts handled here:
 * - each area and period is its own table; the area comes from "Area Type" and "Area Name";
 * - exits, transfers and total job openings are 10-year totals;
 * - percentage change is in percent (16.0), unlike the 2023-33 workbook's fraction;
 * - a wage of 0.00 means no estimate;
 * - SOC Level 4 rows are the detailed occupations, including OEWS hybrid codes (15-1256 …).
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { parsePeriod } from '../projection-years.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import {
  type ColumnSpec,
  type Columns,
  type RowReader,
  readRows,
  resolveColumns,
} from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import type { RawTable } from '../tabular/table.ts';

export const HEADER_PROBE = { contains: 'area type' };
export const NO_VALUE = ['N/A', 'NA', '—', '-', '*'];
const AREA_TYPES = ['State', 'Metropolitan Area', 'Consortium'] as const;

export const COLUMNS = {
  areaType: { label: 'Area Type', match: /^area type$/, required: true },
  areaName: { label: 'Area Name (County Names)', match: /^area name/, required: true },
  period: { label: 'Period', match: /^period$/, required: true },
  level: { label: 'SOC Level', match: /^soc level$/, required: true },
  code: {
    label: 'Standard Occupational Classification (SOC)',
    match: /^standard occupational classification/,
    required: true,
  },
  title: { label: 'Occupational Title', match: /^occupational title$/, required: true },
  base: { label: 'Base Year Employment Estimate', match: /^base year employment/, required: true },
  projected: {
    label: 'Projected Year Employment Estimate',
    match: /^projected year employment/,
    required: true,
  },
  change: { label: 'Numeric Change', match: /^numeric change$/, required: true },
  pct: { label: 'Percentage Change', match: /^percent-?age change$/, required: true },
  exits: { label: 'Exits', match: /^exits$/, required: true },
  transfers: { label: 'Transfers', match: /^transfers$/, required: true },
  openings: { label: 'Total Job Openings', match: /^total job openings$/, required: true },
  hourly: { label: 'Median Hourly Wage', match: /^median hourly wages?$/, required: true },
  annual: { label: 'Median Annual Wage', match: /^median annual wages?$/, required: true },
  education: { label: 'Entry Level Education', match: /^entry level education$/, required: true },
  experience: { label: 'Work Experience', match: /^work experience$/, required: false },
  ojt: { label: 'Job Training', match: /^(job training|on-the-job training)$/, required: false },
} satisfies Record<string, ColumnSpec>;

export type AreaColumns = Columns<keyof typeof COLUMNS>;

/** A stable area code: "CA" for the state, "CA-" + a slug of the name before its county list. */
export function caAreaCode(type: string, name: string): string {
  if (type === 'State') return 'CA';
  const short = name.replace(/\s*\(.*$/, '');
  const slug = short
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `CA-${slug}`;
}

/** Reads every area × period in the export, in file order. */
export async function readCaEddLongtermAreas(
  path: string,
  file: string,
): Promise<ProjectionTable[]> {
  return caEddAreasFromTable(readCsvTable(path, file, HEADER_PROBE));
}

export function caEddAreasFromTable(table: RawTable): ProjectionTable[] {
  const cols = resolveColumns(table, COLUMNS);
  const tables = new Map<string, ProjectionTable & { zeroWages: number }>();
  for (const r of readRows(table)) {
    const at = areaOf(r, cols);
    const key = `${at.type}\u0000${at.name}\u0000${at.period}`;
    let t = tables.get(key);
    if (!t) {
      t = { ...newAreaTable(r, cols, at), zeroWages: 0 };
      tables.set(key, t);
    }
    const codeText = r.requiredText(cols.code);
    const code = parseSocCode(codeText);
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const level = r.requiredNumber(cols.level);
    const annual = r.number(cols.annual, NO_VALUE);
    const hourly = r.number(cols.hourly, NO_VALUE);
    if (level === 4 && annual === 0) t.zeroWages++;
    const record: ProjectionRecord = {
      source_row: r.row,
      soc_code: code,
      soc_title: r.requiredText(cols.title),
      is_detail: level === 4,
      is_total: level === 1 || code === '00-0000',
      base_employment: r.requiredNumber(cols.base),
      projected_employment: r.requiredNumber(cols.projected),
      change: r.number(cols.change, NO_VALUE),
      pct_change: r.number(cols.pct, NO_VALUE),
      exits: r.number(cols.exits, NO_VALUE),
      transfers: r.number(cols.transfers, NO_VALUE),
      openings: r.number(cols.openings, NO_VALUE),
      median_hourly_wage: hourly === 0 ? null : hourly,
      median_annual_wage: annual === 0 ? null : annual,
      median_wage_topcoded: false,
      education: r.text(cols.education, NO_VALUE),
      work_experience: r.text(cols.experience, NO_VALUE),
      ojt: r.text(cols.ojt, NO_VALUE),
    };
    t.records.push(record);
  }
  if (tables.size === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  return [...tables.values()].map(({ zeroWages, ...t }) => withZeroWagesNote(t, zeroWages));
}

/** The area and period a row belongs to, as the file writes them. */
export interface AreaText {
  type: string;
  name: string;
  period: string;
}

/** Reads a row's area type, area name and period, refusing an unknown area type. */
export function areaOf(r: RowReader, cols: AreaColumns): AreaText {
  const type = r.requiredText(cols.areaType);
  if (!(AREA_TYPES as readonly string[]).includes(type)) {
    throw new CliError(
      messages.unexpectedValue(r.place(cols.areaType, type), AREA_TYPES),
      ExitCode.input,
    );
  }
  return { type, name: r.requiredText(cols.areaName), period: r.requiredText(cols.period) };
}

/** The (still empty) table of an area and period, first met at row r. */
export function newAreaTable(r: RowReader, cols: AreaColumns, at: AreaText): ProjectionTable {
  const years = parsePeriod(at.period, r.place(cols.period, at.period));
  const area: Area = {
    code: caAreaCode(at.type, at.name),
    name: at.name,
    type: at.type === 'State' ? 'state' : 'substate',
    fips: '06',
    publisher_type: at.type,
  };
  const period = years.proj_year - years.base_year;
  return {
    area,
    ...years,
    units: {
      employment_multiplier: 1,
      openings_period_years: period,
      pct_change_unit: 'percent',
      openings_method: 'separations',
      soc_vintage: 2018,
      rounding: 10,
    },
    records: [],
    notes: [
      `Exits, transfers and total job openings are published as ${period}-year totals; divided by ${period} to give annual averages.`,
      'Percentage change is published in percent.',
    ],
  };
}

/** The table with the note on its detailed rows whose annual wage 0 was read as missing. */
export function withZeroWagesNote<T extends { notes: string[] }>(t: T, zeroWages: number): T {
  return {
    ...t,
    notes: [
      ...t.notes,
      `A median wage of 0.00 means "no estimate"; ${zeroWages} detailed rows with annual wage 0 were read as missing.`,
    ],
  };
}
