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
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { checkPercentChange } from '../mapped/unit-identities.ts';
import type { Area, ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { parseSocCode, socLevelOf } from '../soc/soc-code.ts';
import { POSTAL } from '../state-fips.ts';
import { type ColumnSpec, readRows, resolveColumns } from '../tabular/columns.ts';
import { readTextFile } from '../tabular/input-guards.ts';
import { jsonRecordsTable } from '../tabular/read-json-table.ts';

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
  const suppressed = new Map<ProjectionTable, number>();
  for (const page of pages) {
    const table = jsonRecordsTable(page.text, page.file, FIELDS);
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
            // Every figure is rounded to the nearest ten on its own, so projected − base can
            // miss the published change by 10 (identities allow the rounding of each term).
            rounding: 10,
          },
          records: [],
          notes: [
            'Projections Central long-term projections: openings are annual averages; percent change in percent; figures rounded to the nearest ten.',
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
      const base = r.number(cols.base, NO_VALUE);
      const projected = r.number(cols.projected, NO_VALUE);
      if (base === null || projected === null) {
        // A confidential estimate: kept out of every total, never read as zero; counted.
        suppressed.set(t, (suppressed.get(t) ?? 0) + 1);
        continue;
      }
      const record: ProjectionRecord = {
        source_row: r.row,
        soc_code: code,
        soc_title: r.requiredText(cols.title),
        is_detail: level === 'detailed',
        is_total: level === 'total',
        base_employment: base,
        projected_employment: projected,
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
  const list = [...tables.values()];
  for (const [t, n] of suppressed) t.notes.push(messages.suppressedRows(t.area.name, n));
  // Percent change within the bounds the rounding to ten leaves (a fraction here would stop).
  checkPercentChange(list, pages.map((p) => p.file).join(', '));
  return list;
}
