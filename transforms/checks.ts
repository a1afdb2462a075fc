/**
 * Data-quality checks on the projections. Identities are checked on the raw rows, in the
 * publisher's own units, so the numbers in a message are the ones in the file. Each query returns the offending rows with their
 * place in the source file. Severity decides what happens: an error stops the run before anything
 * is published; a warning is reported in data_quality.csv and the manifest.
 */
import type { SourcePlace } from '../kernel/cli-error.ts';
import type { Database } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';
import type { Finding } from '../kernel/run-context.ts';
import { looksLikeFormulaSql } from '../sources/tabular/input-guards.ts';

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

// Figures are published rounded (to 10 in many states, to 0.1 thousand by BLS): an identity of
// three rounded terms may be off by up to 1.5 units of that rounding and still be right.
const TOLERANCE = '(1.5 * rounding + 1e-9)';

/** Bounds every projections row must respect, in the publisher's units. */
const RANGES = [
  // Openings may be negative: publishers sum exits + transfers + change, and a shrinking
  // occupation with no separations gives a negative total (CA EDD 2020-30, El Centro surgeons).
  ...['exits', 'transfers', 'replacement_openings'].map((column) => ({
    column,
    label: column.replace('_', ' '),
    outside: `${column} < 0`,
    range: 'cannot be negative',
  })),
  ...['base_employment', 'projected_employment'].map((column) => ({
    column,
    label: column.replace('_', ' '),
    outside: `${column} * employment_multiplier > 400e6`,
    range: 'more jobs than the United States has people',
  })),
  {
    column: 'median_hourly_wage',
    label: 'median hourly wage',
    outside: 'median_hourly_wage < 0 or median_hourly_wage > 1000',
    range: 'from $0 to $1,000 an hour',
  },
  {
    column: 'median_annual_wage',
    label: 'median annual wage',
    outside: 'median_annual_wage < 0 or median_annual_wage > 2000000',
    range: 'from $0 to $2,000,000 a year',
  },
];

const CHECKS: Check[] = [
  {
    id: 'change_identity',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'change' as "column", change as value,
            projected_employment - base_employment as expected
          from raw_projections
          where is_detail and change is not null
            and abs(projected_employment - base_employment - change) > ${TOLERANCE}
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
    // A broken total or summary row is reported, but only detailed rows feed the results.
    id: 'change_identity_summary',
    severity: 'warning',
    sql: `select source_file as file, source_row as row, 'change' as "column", change as value,
            projected_employment - base_employment as expected
          from raw_projections
          where not is_detail and change is not null
            and abs(projected_employment - base_employment - change) > ${TOLERANCE}
          order by source_row`,
    message: (r) =>
      `${messages.identityBroken(at(r, 'Numeric Change'), 'projected − base = change', r.expected ?? 0, Number(r.value))} (a summary row: reported, not used in the results)`,
  },
  {
    // Exits, transfers and openings may be annual averages (BLS) while change spans the whole
    // projection period: change is brought to the openings' period before adding.
    id: 'openings_identity',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'openings' as "column",
            openings as value,
            exits + transfers + change * openings_period_years / (proj_year - base_year) as expected
          from raw_projections
          where is_detail and openings is not null and exits is not null
            and transfers is not null and change is not null
            and abs(exits + transfers + change * openings_period_years / (proj_year - base_year)
                    - openings) > ${TOLERANCE}
          order by source_row`,
    message: (r) =>
      messages.identityBroken(
        at(r, 'Total Job Openings'),
        'exits + transfers + change = openings',
        round(r.expected),
        Number(r.value),
      ),
  },
  {
    // Percent change against (projected − base) / base, in the publisher's unit. Each figure may
    // be off by its rounding, so the ratio is bounded by the extremes those allow, and the
    // printed percent itself by half a percentage point (some publishers print whole percents).
    id: 'pct_change_identity',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'pct_change' as "column",
            pct_change as value, round((projected_employment / base_employment - 1) * scale, 4) as expected
          from (select *, case pct_change_unit when 'fraction' then 1 else 100 end as scale
                from raw_projections)
          where is_detail and pct_change is not null and base_employment - rounding > 0
            and (pct_change < ((projected_employment - rounding) / (base_employment + rounding) - 1
                               - 0.005) * scale - 1e-9
              or pct_change > ((projected_employment + rounding) / (base_employment - rounding) - 1
                               + 0.005) * scale + 1e-9)
          order by source_row`,
    message: (r) =>
      messages.identityBroken(
        at(r, 'Percent Change'),
        '(projected − base) / base = percent change',
        r.expected ?? 0,
        Number(r.value),
      ),
  },
  {
    id: 'openings_components',
    severity: 'error',
    sql: `select source_file as file, source_row as row, 'openings' as "column",
            openings as value, growth_openings + replacement_openings as expected
          from raw_projections
          where is_detail and openings is not null and growth_openings is not null
            and replacement_openings is not null
            and abs(growth_openings + replacement_openings - openings) > ${TOLERANCE}
          order by source_row`,
    message: (r) =>
      messages.identityBroken(
        at(r, 'Total Annual Openings'),
        'growth + replacement = total openings',
        round(r.expected),
        Number(r.value),
      ),
  },
  {
    id: 'unknown_code',
    severity: 'warning',
    sql: `select source_file as file, source_row as row, 'soc_code' as "column", soc_code as value,
            soc_vintage as expected
          from stg_projections p
          where is_detail and (
            (soc_vintage = 2018
              and soc_code not in (select soc_code from raw_soc_structure where level = 'detailed')
              and soc_code not in (select aggregate_code from int_aggregate_members))
            or (soc_vintage = 2010 and soc_code not in (select soc2010 from raw_soc_bridge)))
          order by source_row`,
    message: (r) => messages.unknownCode(at(r, 'SOC Code', true), Number(r.expected)),
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
    // Flows and wages cannot be negative, and no occupation employs more people than live in the
    // United States: such values are typos or a column shifted by a broken export.
    id: 'value_range',
    severity: 'error',
    sql: `select * from (
            ${RANGES.map(
              (r) => `select source_file as file, source_row as row, '${r.column}' as "column",
                        ${r.column} as value, null as expected, '${r.label}' as label,
                        '${r.range}' as range
                      from raw_projections where ${r.column} is not null and (${r.outside})`,
            ).join(' union all ')}
          ) order by row, "column"`,
    message: (r) => messages.valueOutOfRange(at(r, String(r.label), true), String(r.range)),
  },
  {
    id: 'duplicate_code',
    severity: 'error',
    // A detailed row or the total row twice in one area: either would be counted twice.
    // Grouped, not windowed: a window over every detailed row sorts them all (0.4 s at 1,000
    // areas) to find the few codes that repeat.
    sql: `select p.source_file as file, p.source_row as row, 'soc_code' as "column",
            p.soc_code as value, d.first_row as expected
          from stg_projections p
          join (
            select area_code, vintage, soc_code, min(source_row) as first_row
            from stg_projections where is_detail or is_total
            group by area_code, vintage, soc_code having count(*) > 1
          ) d using (area_code, vintage, soc_code)
          where (p.is_detail or p.is_total) and p.source_row <> d.first_row
          order by p.source_row`,
    message: (r) => messages.duplicateCode(at(r, 'SOC Code', true), r.expected ?? 0),
  },
  {
    // The policy in sources/tabular/input-guards.ts: such a title is kept and written inert.
    id: 'formula_title',
    severity: 'warning',
    sql: `select source_file as file, source_row as row, 'soc_title' as "column",
            soc_title as value, null as expected
          from raw_projections
          where soc_title is not null and ${looksLikeFormulaSql('soc_title')}
          order by source_file, source_row`,
    message: (r) => messages.formulaTitleInert(at(r, 'Occupational Title', true)),
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
            a.detail_base_employment as value, a.published_total_base_employment as expected,
            a.area_name as area
          from stg_areas a join stg_projections p using (area_code, vintage)
          where a.published_total_base_employment is not null
            and a.detail_base_employment < 0.99 * a.published_total_base_employment
          group by a.area_code, a.area_name, a.vintage, a.detail_base_employment,
            a.published_total_base_employment
          order by a.area_code, a.vintage`,
    message: (r) =>
      messages.detailCoverageLow(r.file, String(r.area), Number(r.value), Number(r.expected)),
  },
  {
    id: 'detail_coverage',
    severity: 'info',
    sql: `select any_value(p.source_file) as file, null as row, 'base_employment' as "column",
            a.detail_base_employment as value, a.published_total_base_employment as expected,
            a.area_name as area
          from stg_areas a join stg_projections p using (area_code, vintage)
          where a.published_total_base_employment is not null
            and a.detail_base_employment >= 0.99 * a.published_total_base_employment
          group by a.area_code, a.area_name, a.vintage, a.detail_base_employment,
            a.published_total_base_employment
          order by a.area_code, a.vintage`,
    message: (r) =>
      messages.detailCoverageOk(r.file, String(r.area), Number(r.value), Number(r.expected)),
  },
];

function round(n: number | null): number {
  return Math.round((n ?? 0) * 1000) / 1000;
}

/** The place a check row points at, as messages.place() expects it. */
function at(r: CheckRow, column: string, withValue = false): SourcePlace {
  const p: SourcePlace = { file: r.file, column };
  if (r.row !== null) p.row = r.row;
  if (withValue && r.value !== null) p.value = r.value;
  return p;
}

/**
 * The models the checks read, in the order they must be built after the raw tables are loaded;
 * `run` (the stage step) and `validate` both build these before runChecks.
 */
export const CHECK_MODELS = [
  'staging/stg_projections',
  'staging/stg_areas',
  'intermediate/int_aggregate_members',
] as const;

/**
 * Runs every check over the loaded tables and returns its findings. `skip` names checks a caller
 * cannot run meaningfully (validate without the SOC reference files cannot tell unknown codes).
 *
 * The checks run as one statement, a UNION ALL BY NAME of their queries (which keeps each one's
 * order), each query's value and expected under a name of its own (value_<i>, expected_<i>) so
 * they keep their own types. One statement a check cost a round trip and DuckDB's fixed work per
 * statement 13 times: the stage replayed 20 times each way, 16.7 ms less CPU (17 of 20).
 */
export async function runChecks(
  db: Database,
  opts: { skip?: readonly string[] } = {},
): Promise<Finding[]> {
  const run = CHECKS.filter((check) => !opts.skip?.includes(check.id));
  if (run.length === 0) return [];
  const rows = await db.all(
    run
      .map(
        (check, i) => `(select ${i} as check_index, * exclude (value, expected),
          value as value_${i}, expected as expected_${i} from (${check.sql}))`,
      )
      .join(' union all by name '),
  );
  return rows.map((row) => {
    const i = row.check_index as number;
    const check = run[i] as Check;
    const r = {
      file: row.file,
      row: row.row,
      column: row.column,
      value: row[`value_${i}`],
      expected: row[`expected_${i}`],
      label: row.label,
      range: row.range,
      area: row.area,
    } as CheckRow;
    return {
      severity: check.severity,
      check: check.id,
      file: r.file,
      row: r.row,
      column: r.column,
      value: r.value === null ? null : String(r.value),
      message: check.message(r),
    };
  });
}
