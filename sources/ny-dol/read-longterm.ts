/**
 * New York State Department of Labor "Long Term Occupational Projections" (data.ny.gov dataset
 * pqm4-9qqb) as exported to CSV: the statewide table (area 0) and labor-market regions (areas
 * 2-10) stacked, possibly for different periods. Publisher facts handled here:
 * - UTF-8 with a byte-order mark;
 * - SOC 2010 codes written "' 11-1011" (a leading apostrophe and space, to keep Excel from
 *   reading them as dates);
 * - Percent is text with "%";
 * - openings are annual averages by the older BLS growth + replacement method; both parts are kept;
 * - base employment includes the self-employed;
 * - there is no level column: the level follows from the code's digits.
 */
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { parsePeriod } from '../projection-years.ts';
import { parseSocCode, socLevelOf } from '../soc/soc-code.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import type { RawTable } from '../tabular/table.ts';

const HEADER_PROBE = { contains: 'soc' };
const NO_VALUE = ['N/A', 'NA', '—', '-', '*'];

const COLUMNS = {
  area: { label: 'Area', match: /^area$/, required: true },
  period: { label: 'Period', match: /^period$/, required: true },
  code: { label: 'SOC', match: /^soc$/, required: true },
  title: { label: 'Occupation Title', match: /^occupation title$/, required: true },
  base: { label: 'Base Year', match: /^base year$/, required: true },
  projected: { label: 'Projected Year', match: /^projected year$/, required: true },
  change: { label: 'Change', match: /^change$/, required: true },
  pct: { label: 'Percent', match: /^percent$/, required: true, percent: true },
  openings: { label: 'Total Annual Openings', match: /^total annual openings$/, required: true },
  growth: { label: 'Growth Annual Openings', match: /^growth annual openings$/, required: true },
  replacement: {
    label: 'Replacement Annual Openings',
    match: /^replacement annual openings$/,
    required: true,
  },
} satisfies Record<string, ColumnSpec>;

/**
 * The file carries area numbers only. Area 0 is the state; the regions' names are documented on
 * data.ny.gov but are not in the file, so they are named by number rather than guessed.
 */
export function nyArea(areaNumber: number): Area {
  if (areaNumber === 0) {
    return { code: 'NY', name: 'New York State', type: 'state', fips: '36' };
  }
  return {
    code: `NY-region-${areaNumber}`,
    name: `New York region ${areaNumber}`,
    type: 'substate',
    fips: '36',
    publisher_type: 'labor market region',
  };
}

/** Reads every area × period in the export, in file order. */
export async function readNyDolLongterm(path: string, file: string): Promise<ProjectionTable[]> {
  return nyDolFromTable(readCsvTable(path, file, HEADER_PROBE));
}

export function nyDolFromTable(table: RawTable): ProjectionTable[] {
  const cols = resolveColumns(table, COLUMNS);
  const tables = new Map<string, ProjectionTable>();
  for (const r of readRows(table)) {
    const areaNumber = r.requiredNumber(cols.area);
    if (!Number.isInteger(areaNumber) || areaNumber < 0) {
      throw new CliError(
        messages.notANumber(r.place(cols.area, r.cell(cols.area))),
        ExitCode.input,
      );
    }
    const periodText = r.requiredText(cols.period);
    const key = `${areaNumber}\u0000${periodText}`;
    let t = tables.get(key);
    if (!t) {
      const years = parsePeriod(periodText, r.place(cols.period, periodText));
      t = {
        area: nyArea(areaNumber),
        ...years,
        units: {
          employment_multiplier: 1,
          openings_period_years: 1,
          pct_change_unit: 'percent',
          openings_method: 'growth-replacement',
          soc_vintage: 2010,
          rounding: 10,
        },
        records: [],
        notes: [
          'Openings are annual averages by the older BLS growth + replacement method; they are not comparable with separations-method openings (exits + transfers + growth).',
          'Base employment includes self-employed workers.',
          'SOC 2010 codes; the leading apostrophe and space were stripped.',
          ...(areaNumber === 0
            ? []
            : [
                `Region ${areaNumber}: the file gives only the region number; see data.ny.gov dataset pqm4-9qqb for its name.`,
              ]),
        ],
      };
      tables.set(key, t);
    }
    const codeText = r.requiredText(cols.code);
    const code = parseSocCode(codeText);
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const level = socLevelOf(code);
    const record: ProjectionRecord = {
      source_row: r.row,
      soc_code: code,
      soc_title: r.requiredText(cols.title),
      is_detail: level === 'detailed',
      is_total: level === 'total',
      base_employment: r.requiredNumber(cols.base),
      projected_employment: r.requiredNumber(cols.projected),
      change: r.number(cols.change, NO_VALUE),
      pct_change: r.number(cols.pct, NO_VALUE),
      exits: null,
      transfers: null,
      openings: r.number(cols.openings, NO_VALUE),
      growth_openings: r.number(cols.growth, NO_VALUE),
      replacement_openings: r.number(cols.replacement, NO_VALUE),
      median_hourly_wage: null,
      median_annual_wage: null,
      median_wage_topcoded: false,
      education: null,
      work_experience: null,
      ojt: null,
    };
    t.records.push(record);
  }
  if (tables.size === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  return [...tables.values()];
}
