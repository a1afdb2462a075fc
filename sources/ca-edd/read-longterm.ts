/**
 * California EDD long-term occupational projections, statewide workbook (2023-2033 layout) and
 * its CSV export. Publisher facts handled here (see the workbook's Notes sheet):
 * - title rows above the header, footnote markers like "[4][5]" in the headers;
 * - exits, transfers and total job openings are 10-year totals (footnotes 7-9);
 * - percent change is a decimal fraction;
 * - a median wage of 0 means "no estimate" (footnote 10);
 * - SOC Level 4 rows are the detailed occupations, including OEWS aggregate codes (footnote 3).
 */
import { extname } from 'node:path';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import { readXlsxTable } from '../tabular/read-xlsx-table.ts';
import type { RawTable } from '../tabular/table.ts';

const SHEET = 'Occupational';
const HEADER_PROBE = { contains: 'soc code' };
const NO_VALUE = ['N/A', 'NA', '—', '-', '*'];

const COLUMNS = {
  level: { label: 'SOC Level', match: /^soc level$/, required: true },
  code: { label: 'SOC Code', match: /^soc code$/, required: true },
  title: { label: 'Occupational Title', match: /^occupational title$/, required: true },
  base: {
    label: 'Base Year Employment Estimate',
    match: /^base year employment estimate ?(\d{4})?$/,
    required: true,
  },
  projected: {
    label: 'Projected Year Employment Estimate',
    match: /^projected year employment estimate ?(\d{4})?$/,
    required: true,
  },
  change: { label: 'Numeric Change', match: /^numeric change/, required: true },
  pct: { label: 'Percentage Change', match: /^percent-?age change/, required: true },
  exits: { label: 'Exits', match: /^exits$/, required: true },
  transfers: { label: 'Transfers', match: /^transfers$/, required: true },
  openings: { label: 'Total Job Openings', match: /^total job openings$/, required: true },
  hourly: { label: 'Median Hourly Wages', match: /^median hourly wages?$/, required: false },
  annual: { label: 'Median Annual Wages', match: /^median annual wages?$/, required: true },
  education: { label: 'Entry Level Education', match: /^entry level education$/, required: true },
  experience: { label: 'Work Experience', match: /^work experience$/, required: false },
  ojt: { label: 'On-the-Job Training', match: /^on-the-job training$/, required: false },
} satisfies Record<string, ColumnSpec>;

const CALIFORNIA: Area = { code: 'CA', name: 'California', type: 'state', fips: '06' };

/** Reads the statewide table from the .xlsx workbook or its .csv export: one table, California. */
export async function readCaEddLongterm(path: string, file: string): Promise<ProjectionTable[]> {
  const ext = extname(path).toLowerCase();
  let table: RawTable;
  if (ext === '.xlsx') table = await readXlsxTable(path, file, SHEET, HEADER_PROBE);
  else if (ext === '.csv') table = readCsvTable(path, file, HEADER_PROBE);
  else throw new CliError(messages.unsupportedExtension(file, ['.xlsx', '.csv']), ExitCode.input);
  return [caEddFromTable(table)];
}

/** The layout step, shared by the workbook and CSV paths. */
export function caEddFromTable(table: RawTable): ProjectionTable {
  const cols = resolveColumns(table, COLUMNS);
  const years = [...(cols.base?.captures ?? []), ...(cols.change?.captures ?? [])];
  const changeYears = /(\d{4})-(\d{4})/.exec(cols.change?.header ?? '');
  const baseYear = Number(years[0] ?? changeYears?.[1]);
  const projYear = Number(cols.projected?.captures[0] ?? changeYears?.[2]);
  if (!Number.isInteger(baseYear) || !Number.isInteger(projYear) || projYear <= baseYear) {
    throw new CliError(
      messages.yearsNotFound(table.file, [cols.base?.header ?? '', cols.projected?.header ?? '']),
      ExitCode.input,
    );
  }
  const records: ProjectionRecord[] = [];
  let zeroWages = 0;
  for (const r of readRows(table)) {
    const levelText = r.text(cols.level);
    const codeText = r.text(cols.code);
    // The workbook ends with an "End of worksheet." line in the first column.
    if (codeText === null && levelText !== null && !/^\d+$/.test(levelText)) continue;
    const code = parseSocCode(r.requiredText(cols.code));
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const level = r.requiredNumber(cols.level);
    const annual = r.number(cols.annual, NO_VALUE);
    const hourly = r.number(cols.hourly, NO_VALUE);
    if (level === 4 && annual === 0) zeroWages++;
    records.push({
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
      // Footnote 10: "An estimate could not be provided for wages listed as $0."
      median_hourly_wage: hourly === 0 ? null : hourly,
      median_annual_wage: annual === 0 ? null : annual,
      median_wage_topcoded: false,
      education: r.text(cols.education, NO_VALUE),
      work_experience: r.text(cols.experience, NO_VALUE),
      ojt: r.text(cols.ojt, NO_VALUE),
    });
  }
  if (records.length === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  return {
    area: CALIFORNIA,
    base_year: baseYear,
    proj_year: projYear,
    units: {
      employment_multiplier: 1,
      openings_period_years: projYear - baseYear,
      pct_change_unit: 'fraction',
      openings_method: 'separations',
      soc_vintage: 2018,
    },
    records,
    notes: [
      `Exits, transfers and total job openings are published as ${projYear - baseYear}-year totals; divided by ${projYear - baseYear} to give annual averages.`,
      'Percent change is published as a decimal fraction; multiplied by 100.',
      `A median wage of 0 means "no estimate" (EDD footnote 10); ${zeroWages} detailed rows with annual wage 0 were read as missing.`,
    ],
  };
}
