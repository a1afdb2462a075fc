/**
 * Data-quality checks on the projections. Identities are checked on the raw rows, in the
 * publisher's own units, so the numbers in a message are the ones in the file. Each query returns the offending rows with their
 * place in the source file. Severity decides what happens: an error stops the run before anything
 * is published; a warning is reported in data_quality.csv and the manifest.
 */
import type { SourcePlace } from '../pipeline/cli-error.ts';
import type { Database } from '../pipeline/database.ts';
import { messages } from '../pipeline/messages.ts';
import type { Finding } from '../pipeline/run-context.ts';

interface Check {
  id: string;
  severity: Finding['severity'];
  /** Selects file, row, column, value, expected (numbers may be null). */
  sql: string;
  message(r: CheckRow): string;
}

interface CheckRow extends Record<string, string | number | boolean | null> {
  file: string;
  row: number | null;
  column: string | null;
  value: number | string | null;
  expected: number | null;
}

// Published figures are rounded (to 10 in many states); half a job either way is rounding, more
// than one job is a broken identity.
const TOLERANCE = 1.0;

const CHECKS: Check[] = [
  {
    id: 'change_identity',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'change' as "column", change as value,
            projected_employment - base_employment as expected
          from raw_projections
          where change is not null and abs(projected_employment - base_employment - change) > ${TOLERANCE}
          order by source_row`,
    message: (r) =>
      messages.identityBroken(
        at(r, 'Numeric Change'),
        'projected − base = change',
        r.expected ?? 0,
        Number(r.value),
      ),
  },
  {
    id: 'openings_identity',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'openings' as "column",
            openings as value, exits + transfers + change as expected
          from raw_projections
          where is_detail and openings is not null and exits is not null
            and transfers is not null and change is not null
            and abs(exits + transfers + change - openings) > ${TOLERANCE}
          order by source_row`,
    message: (r) =>
      messages.identityBroken(
        at(r, 'Total Job Openings'),
        'exits + transfers + change = openings',
        r.expected ?? 0,
        Number(r.value),
      ),
  },
  {
    id: 'negative_employment',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'base_employment' as "column",
            least(base_employment, projected_employment) as value, null as expected
          from stg_projections where base_employment < 0 or projected_employment < 0
          order by source_row`,
    message: (r) => messages.negativeEmployment(at(r, 'Base Year Employment', true)),
  },
  {
    id: 'duplicate_code',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'soc_code' as "column", soc_code as value,
            first_row as expected
          from (
            select *, min(source_row) over (partition by area_code, vintage, soc_code) as first_row
            from stg_projections where is_detail
          ) where source_row <> first_row
          order by source_row`,
    message: (r) => messages.duplicateCode(at(r, 'SOC Code', true), r.expected ?? 0),
  },
  {
    id: 'unknown_education',
    severity: 'warning',
    sql: `select source_file as file, source_row as row, 'education' as "column",
            education as value, null as expected
          from stg_projections
          where is_detail and education is not null and education_category is null
          order by source_row`,
    message: (r) => messages.unknownEducation(at(r, 'Entry Level Education', true)),
  },
  {
    id: 'detail_coverage',
    severity: 'warning',
    sql: `select any_value(p.source_file) as file, null as row, 'base_employment' as "column",
            a.detail_base_employment as value, a.published_total_base_employment as expected
          from stg_areas a join stg_projections p using (area_code, vintage)
          where a.published_total_base_employment is not null
            and a.detail_base_employment < 0.99 * a.published_total_base_employment
          group by a.area_code, a.vintage, a.detail_base_employment, a.published_total_base_employment`,
    message: (r) =>
      `${r.file}: detailed occupations add up to ${Number(r.value).toLocaleString('en-US')} jobs, ${((100 * Number(r.value)) / (r.expected ?? 1)).toFixed(1)}% of the published total ${Number(r.expected).toLocaleString('en-US')} (the publisher suppresses small occupations).`,
  },
  {
    id: 'detail_coverage',
    severity: 'info',
    sql: `select any_value(p.source_file) as file, null as row, 'base_employment' as "column",
            a.detail_base_employment as value, a.published_total_base_employment as expected
          from stg_areas a join stg_projections p using (area_code, vintage)
          where a.published_total_base_employment is not null
            and a.detail_base_employment >= 0.99 * a.published_total_base_employment
          group by a.area_code, a.vintage, a.detail_base_employment, a.published_total_base_employment`,
    message: (r) =>
      `${r.file}: detailed occupations add up to ${Number(r.value).toLocaleString('en-US')} jobs, ${((100 * Number(r.value)) / (r.expected ?? 1)).toFixed(1)}% of the published total ${Number(r.expected).toLocaleString('en-US')}; the rest is suppressed small occupations and rounding.`,
  },
];

/** The place a check row points at, as messages.place() expects it. */
function at(r: CheckRow, column: string, withValue = false): SourcePlace {
  const p: SourcePlace = { file: r.file, column };
  if (r.row !== null) p.row = r.row;
  if (withValue && r.value !== null) p.value = r.value;
  return p;
}

export async function runChecks(db: Database): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of CHECKS) {
    const rows = await db.all<CheckRow>(check.sql);
    for (const r of rows) {
      findings.push({
        severity: check.severity,
        check: check.id,
        file: r.file,
        row: r.row,
        column: r.column,
        value: r.value === null ? null : String(r.value),
        message: check.message(r),
      });
    }
  }
  return findings;
}
