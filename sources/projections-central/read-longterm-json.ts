/**
 * Projections Central long-term projections as the REST API returns them
 * (public.projectionscentral.org/Projections/LongTermRestJson/…): a JSON object with a "rows"
 * array (or a bare array), every value a string. Fields: Area, Title, Base, Projected, Change,
 * PercentChange, AvgAnnualOpenings, STFIPS, StateURL, OccCode, BaseYear, ProjYear.
 * Publisher facts handled here:
 * - one table per state (STFIPS) and period; STFIPS 0 is the BLS national row, not a state;
 * - openings are annual averages; percent change is in percent;
 * - area names can carry stray spaces (" United States");
 * - no wages, education or exits/transfers split.
 * Each row's place in an error is its 1-based position in the page's rows array.
 */
import { CliError, ExitCode } from '../../pipeline/cli-error.ts';
import { messages } from '../../pipeline/messages.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { parseSocCode, socLevelOf } from '../soc/soc-code.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readTextFile } from '../tabular/input-guards.ts';
import { findDuplicateKey } from '../tabular/json-duplicate-keys.ts';
import type { Cell, RawTable } from '../tabular/table.ts';

const FIELDS = [
  'Area',
  'Title',
  'Base',
  'Projected',
  'Change',
  'PercentChange',
  'AvgAnnualOpenings',
  'STFIPS',
  'StateURL',
  'OccCode',
  'BaseYear',
  'ProjYear',
] as const;

const field = (name: string, required = true): ColumnSpec => ({
  label: name,
  match: new RegExp(`^${name.toLowerCase()}$`),
  required,
});

const COLUMNS = {
  area: field('Area'),
  title: field('Title'),
  base: field('Base'),
  projected: field('Projected'),
  change: field('Change'),
  pct: field('PercentChange'),
  openings: field('AvgAnnualOpenings'),
  fips: field('STFIPS'),
  code: field('OccCode'),
  baseYear: field('BaseYear'),
  projYear: field('ProjYear'),
} satisfies Record<string, ColumnSpec>;

const NO_VALUE = ['N/A', 'NA', '', '*', '—', '-'];

/** USPS codes by state FIPS, for readable area codes ("09" → "CT"). */
export const POSTAL: Record<string, string> = {
  '01': 'AL',
  '02': 'AK',
  '04': 'AZ',
  '05': 'AR',
  '06': 'CA',
  '08': 'CO',
  '09': 'CT',
  '10': 'DE',
  '11': 'DC',
  '12': 'FL',
  '13': 'GA',
  '15': 'HI',
  '16': 'ID',
  '17': 'IL',
  '18': 'IN',
  '19': 'IA',
  '20': 'KS',
  '21': 'KY',
  '22': 'LA',
  '23': 'ME',
  '24': 'MD',
  '25': 'MA',
  '26': 'MI',
  '27': 'MN',
  '28': 'MS',
  '29': 'MO',
  '30': 'MT',
  '31': 'NE',
  '32': 'NV',
  '33': 'NH',
  '34': 'NJ',
  '35': 'NM',
  '36': 'NY',
  '37': 'NC',
  '38': 'ND',
  '39': 'OH',
  '40': 'OK',
  '41': 'OR',
  '42': 'PA',
  '44': 'RI',
  '45': 'SC',
  '46': 'SD',
  '47': 'TN',
  '48': 'TX',
  '49': 'UT',
  '50': 'VT',
  '51': 'VA',
  '53': 'WA',
  '54': 'WV',
  '55': 'WI',
  '56': 'WY',
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

/** Reads one or several saved API pages; rows for the same state and period are combined. */
export async function readProjectionsCentralJson(
  path: string | string[],
  file: string | string[],
): Promise<ProjectionTable[]> {
  const paths = Array.isArray(path) ? path : [path];
  const files = Array.isArray(file) ? file : [file];
  return projectionsCentralFromPages(
    paths.map((p, i) => ({ text: readTextFile(p, files[i] ?? p), file: files[i] ?? p })),
  );
}

/** The string path: page texts as the API returned them. */
export function projectionsCentralFromPages(
  pages: { text: string; file: string }[],
): ProjectionTable[] {
  const tables = new Map<string, ProjectionTable>();
  for (const page of pages) {
    const table = pageTable(page.text, page.file);
    const cols = resolveColumns(table, COLUMNS);
    for (const r of readRows(table)) {
      const fipsNumber = r.requiredNumber(cols.fips);
      const fips = String(fipsNumber).padStart(2, '0');
      const baseYear = r.requiredNumber(cols.baseYear);
      const projYear = r.requiredNumber(cols.projYear);
      if (!Number.isInteger(baseYear) || !Number.isInteger(projYear) || projYear <= baseYear) {
        throw new CliError(
          messages.badPeriod(r.place(cols.projYear, `${baseYear}-${projYear}`)),
          ExitCode.input,
        );
      }
      const key = `${fips}\u0000${baseYear}\u0000${projYear}`;
      let t = tables.get(key);
      if (!t) {
        const name = r.requiredText(cols.area);
        const area: Area =
          fips === '00'
            ? { code: 'US', name, type: 'nation', fips }
            : { code: POSTAL[fips] ?? `FIPS-${fips}`, name, type: 'state', fips };
        t = {
          area,
          base_year: baseYear,
          proj_year: projYear,
          units: {
            employment_multiplier: 1,
            openings_period_years: 1,
            pct_change_unit: 'percent',
            openings_method: 'separations',
            soc_vintage: baseYear >= 2018 ? 2018 : 2010,
          },
          records: [],
          notes: [
            'Projections Central long-term projections: openings are annual averages; percent change in percent.',
            `SOC ${baseYear >= 2018 ? 2018 : 2010} assumed from the base year ${baseYear} (the API does not say).`,
            ...(fips === '00' ? ['STFIPS 0 is the BLS national projection, not a state.'] : []),
            'Detailed rows are those whose code is a detailed SOC code; the API carries no level.',
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
        base_employment: r.requiredNumber(cols.base, NO_VALUE),
        projected_employment: r.requiredNumber(cols.projected, NO_VALUE),
        change: r.number(cols.change, NO_VALUE),
        pct_change: r.number(cols.pct, NO_VALUE),
        exits: null,
        transfers: null,
        openings: r.number(cols.openings, NO_VALUE),
        median_hourly_wage: null,
        median_annual_wage: null,
        median_wage_topcoded: false,
        education: null,
        work_experience: null,
        ojt: null,
      };
      t.records.push(record);
    }
  }
  if (tables.size === 0) {
    throw new CliError(messages.emptyTable(pages.map((p) => p.file).join(', ')), ExitCode.input);
  }
  return [...tables.values()];
}

/** One page as a RawTable: the union of field names as headers, one row per JSON object. */
function pageTable(text: string, file: string): RawTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(messages.notJson(file, (error as Error).message), ExitCode.input);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    const p = { file, row: duplicate.element ?? duplicate.line, column: duplicate.key };
    throw new CliError(messages.jsonDuplicateKey(p, duplicate.line), ExitCode.input, p);
  }
  const rows = Array.isArray(parsed)
    ? parsed
    : parsed !== null &&
        typeof parsed === 'object' &&
        Array.isArray((parsed as { rows?: unknown }).rows)
      ? (parsed as { rows: unknown[] }).rows
      : undefined;
  if (rows === undefined) throw new CliError(messages.jsonNotRows(file), ExitCode.input);
  const headers: string[] = [...FIELDS].filter((f) =>
    rows.some((o) => o !== null && typeof o === 'object' && f in (o as object)),
  );
  for (const o of rows) {
    if (o !== null && typeof o === 'object') {
      for (const k of Object.keys(o)) if (!headers.includes(k)) headers.push(k);
    }
  }
  return {
    file,
    preamble: [],
    headerRow: 0,
    headers,
    rows: rows.map((o, i) => {
      if (o === null || typeof o !== 'object' || Array.isArray(o)) {
        throw new CliError(messages.jsonRowNotObject({ file, row: i + 1 }), ExitCode.input);
      }
      const obj = o as Record<string, unknown>;
      return { row: i + 1, cells: headers.map((h) => toCell(obj[h])) };
    }),
  };
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}
