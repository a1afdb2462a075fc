/**
 * BLS Employment Projections, the occupation.xlsx workbook of any vintage (2019-29 here, the
 * current 2024-34 one as BLS serves it), or CSV exports of its tables. The years come from the
 * headers ("2024 National Employment Matrix code", "Employment, 2034"). Up to four tables are
 * combined into one national table:
 * - Table 1.10 (separations and openings): employment, change, labor-force exits, occupational
 *   transfers and openings, all annual averages in thousands. It is the only BLS national table
 *   here with the exits/transfers split, so it leads;
 * - Table 1.7 (worker characteristics): median annual wage (2019-29: OEWS May 2020; "—"
 *   unavailable, ">=$208,000" top-coded) and the education, experience and training assignments.
 *   From 2023-33 on BLS prints these columns in Table 1.2 ("Median annual wage, dollars, 2024[1]")
 *   and no longer in 1.7: the first of the two that has them serves;
 * - Table 1.2 (employment by detailed occupation) and Table 5.4 (education and training
 *   assignments): read, where present, to check that the tables agree (one release).
 * "Line item" rows are the detailed occupations; footnote rows below each table are skipped.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import type { ProjectionRecord, ProjectionTable } from '../projection-record.ts';
import { yearsFromHeaders } from '../projection-years.ts';
import { parseSocCode } from '../soc/soc-code.ts';
import {
  type ColumnSpec,
  type ResolvedColumn,
  type RowReader,
  readRows,
  resolveColumns,
  secondMatch,
  tableName,
} from '../tabular/columns.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import { openWorkbook, readXlsxTable } from '../tabular/read-xlsx-table.ts';
import { type HeaderProbe, normalizeHeader, type RawTable } from '../tabular/table.ts';
import { blsWage, isLineItem } from './bls-ep-cells.ts';
import { UNITED_STATES } from './read-ep-2016-2026.ts';

const NO_VALUE = ['—', 'NA', 'N/A', '-'];
const HEADER_PROBE: HeaderProbe = {
  contains: '<year> national employment matrix code',
  pattern: /^\d{4} national employment matrix code$/,
};

const TITLE: ColumnSpec = {
  label: 'National Employment Matrix title',
  match: /^\d{4} national employment matrix title$/,
  required: true,
};
const CODE: ColumnSpec = {
  label: 'National Employment Matrix code',
  match: /^\d{4} national employment matrix code$/,
  required: true,
};
const TYPE: ColumnSpec = { label: 'Occupation type', match: /^occupation type$/, required: true };
const EMPLOYMENT = /^employment, (\d{4})$/;
const BASE: ColumnSpec = { label: 'Employment, <base year>', match: EMPLOYMENT, required: true };
const OPENINGS: ColumnSpec = {
  label: 'Occupational openings, <period> annual average',
  match: /^occupational openings, .* annual average$/,
  required: true,
};
const EDUCATION: ColumnSpec = {
  label: 'Typical education needed for entry',
  match: /^typical education needed for entry$/,
  required: true,
};
const EXPERIENCE: ColumnSpec = {
  label: 'Work experience in a related occupation',
  match: /^work experience in a related occupation$/,
  required: true,
};
const OJT: ColumnSpec = {
  label: 'Typical on-the-job training needed to attain competency in the occupation',
  match: /^typical on-the-job training/,
  required: true,
};

const T110 = {
  title: TITLE,
  code: CODE,
  type: TYPE,
  base: BASE,
  change: {
    label: 'Employment change, numeric, <period>',
    match: /^employment change, numeric/,
    required: true,
  },
  pct: {
    label: 'Employment change, percent, <period>',
    match: /^employment change, percent/,
    required: true,
  },
  exits: {
    label: 'Labor force exits, <period> annual average',
    match: /^labor force exits, .* annual average$/,
    required: true,
  },
  transfers: {
    label: 'Occupational transfers, <period> annual average',
    match: /^occupational transfers, .* annual average$/,
    required: true,
  },
  openings: OPENINGS,
} satisfies Record<string, ColumnSpec>;

/** "Median annual wage, 2020(1)" (2019-29), "Median annual wage, dollars, 2024[1]" (2024-34). */
const WAGE = /^median annual wage, (?:dollars, )?(\d{4})/;

const T17 = {
  code: CODE,
  type: TYPE,
  base: BASE,
  wage: { label: 'Median annual wage, <year>', match: WAGE, required: true },
  education: EDUCATION,
  experience: EXPERIENCE,
  ojt: OJT,
} satisfies Record<string, ColumnSpec>;

const T12 = { code: CODE, base: BASE, openings: OPENINGS } satisfies Record<string, ColumnSpec>;
const T54 = { code: CODE, education: EDUCATION, experience: EXPERIENCE, ojt: OJT } satisfies Record<
  string,
  ColumnSpec
>;

/**
 * The tables as read. The worker characteristics come from table1_7, or from table1_2 when only
 * it has them (2023-33 on); 1.2 and 5.4 otherwise only cross-check and may be absent.
 */
export interface Ep2019Tables {
  table1_10: RawTable;
  table1_7?: RawTable;
  table1_2?: RawTable;
  table5_4?: RawTable;
}

const SHEETS = {
  table1_10: 'Table 1.10',
  table1_7: 'Table 1.7',
  table1_2: 'Table 1.2',
  table5_4: 'Table 5.4',
};
const CSV_NAMES = {
  table1_10: /^table1_10.*\.csv$/i,
  table1_7: /^table1_7.*\.csv$/i,
  table1_2: /^table1_2.*\.csv$/i,
  table5_4: /^table5_4.*\.csv$/i,
};

/**
 * Reads the 2019-29 projections from the occupation.xlsx workbook, or from a folder holding the
 * CSV exports of Tables 1.10 and 1.7 (and, if present, 1.2 and 5.4). One national table.
 */
export async function readBlsEp2019(path: string, file: string): Promise<ProjectionTable[]> {
  if (extname(path).toLowerCase() === '.xlsx') {
    const present = new Set((await openWorkbook(path, file)).worksheets.map((w) => w.name));
    const tables: Ep2019Tables = {
      table1_10: await readXlsxTable(path, file, SHEETS.table1_10, HEADER_PROBE),
    };
    for (const key of ['table1_7', 'table1_2', 'table5_4'] as const) {
      if (present.has(SHEETS[key])) {
        tables[key] = await readXlsxTable(path, file, SHEETS[key], HEADER_PROBE);
      }
    }
    return [blsEp2019FromTables(tables)];
  }
  if (!isFolder(path)) {
    throw new CliError(
      messages.workbookOrFolder(file, 'the occupation.xlsx workbook or a folder of its table CSVs'),
      ExitCode.input,
    );
  }
  const names = readdirSync(path).sort();
  const csv = (key: keyof typeof CSV_NAMES, required: boolean): RawTable | undefined => {
    const name = names.find((n) => CSV_NAMES[key].test(n));
    if (name === undefined) {
      if (!required) return undefined;
      throw new CliError(
        messages.tableFileMissing(file, String(CSV_NAMES[key]), names),
        ExitCode.input,
      );
    }
    return readCsvTable(
      join(path, name),
      `${file.replace(/\/$/, '')}/${basename(name)}`,
      HEADER_PROBE,
    );
  };
  const tables: Ep2019Tables = {
    table1_10: csv('table1_10', true) as RawTable,
    table1_7: csv('table1_7', true) as RawTable,
  };
  const t12 = csv('table1_2', false);
  const t54 = csv('table5_4', false);
  if (t12) tables.table1_2 = t12;
  if (t54) tables.table5_4 = t54;
  return [blsEp2019FromTables(tables)];
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A footnote line under a table: no code and nothing in the numeric columns. */
function isFootnote(
  r: RowReader,
  code: ResolvedColumn | undefined,
  others: (ResolvedColumn | undefined)[],
): boolean {
  return r.text(code) === null && others.every((c) => r.text(c) === null);
}

function rowCode(r: RowReader, column: ResolvedColumn | undefined): string {
  const text = r.requiredText(column);
  const code = parseSocCode(text);
  if (code === undefined) {
    throw new CliError(messages.badSocCode(r.place(column, text)), ExitCode.input);
  }
  return code;
}

/** Rows of a table by code, footnotes skipped. */
function byCode(
  table: RawTable,
  code: ResolvedColumn | undefined,
  numeric: (ResolvedColumn | undefined)[],
): Map<string, RowReader> {
  const out = new Map<string, RowReader>();
  for (const r of readRows(table)) {
    if (isFootnote(r, code, numeric)) continue;
    const c = rowCode(r, code);
    const first = out.get(c);
    if (first) {
      throw new CliError(messages.duplicateCode(r.place(code, c), first.row), ExitCode.input);
    }
    out.set(c, r);
  }
  return out;
}

/** Fails when a cross-checked value differs between two tables of the release. */
function sameNumber(
  r: RowReader,
  column: ResolvedColumn | undefined,
  other: RowReader,
  otherColumn: ResolvedColumn | undefined,
  otherTable: RawTable,
): void {
  const mine = r.number(column, NO_VALUE);
  const theirs = other.number(otherColumn, NO_VALUE);
  if (mine !== theirs) {
    throw new CliError(
      messages.tablesDisagree(r.place(column, mine), tableName(otherTable), other.row, theirs),
      ExitCode.input,
    );
  }
}

function sameText(
  r: RowReader,
  column: ResolvedColumn | undefined,
  other: RowReader,
  otherColumn: ResolvedColumn | undefined,
  otherTable: RawTable,
): void {
  const mine = r.text(column, NO_VALUE);
  const theirs = other.text(otherColumn, NO_VALUE);
  if (mine !== theirs) {
    throw new CliError(
      messages.tablesDisagree(r.place(column, mine), tableName(otherTable), other.row, theirs),
      ExitCode.input,
    );
  }
}

/** The layout step: Table 1.10 rows, with wages and assignments from Table 1.7 (or 1.2). */
export function blsEp2019FromTables(tables: Ep2019Tables): ProjectionTable {
  const t110 = tables.table1_10;
  const hasWage = (t: RawTable | undefined) =>
    t?.headers.some((h) => WAGE.test(normalizeHeader(h)));
  // Table 1.7 leads when it has the wages; a 1.2 that serves instead checks nothing against itself.
  const t17 = [tables.table1_7, tables.table1_2].find(hasWage) ?? tables.table1_7;
  if (t17 === undefined) {
    throw new CliError(
      messages.sheetMissing(
        t110.file,
        SHEETS.table1_7,
        [t110, tables.table1_2, tables.table5_4].flatMap((t) => (t?.sheet ? [t.sheet] : [])),
      ),
      ExitCode.input,
    );
  }
  const table1_2 = t17 === tables.table1_2 ? undefined : tables.table1_2;
  const c110 = resolveColumns(t110, T110);
  const projected = secondMatch(t110, EMPLOYMENT);
  if (projected === undefined) {
    throw new CliError(
      messages.columnMissing(tableName(t110), 'Employment, <projected year>', t110.headers),
      ExitCode.input,
    );
  }
  const years = yearsFromHeaders(tableName(t110), c110.base, projected);
  const c17 = resolveColumns(t17, T17);
  const rows17 = byCode(t17, c17.code, [c17.base, c17.wage]);
  const c12 = table1_2 ? resolveColumns(table1_2, T12) : undefined;
  const rows12 = table1_2 && c12 ? byCode(table1_2, c12.code, [c12.base, c12.openings]) : undefined;
  const c54 = tables.table5_4 ? resolveColumns(tables.table5_4, T54) : undefined;
  const rows54 =
    tables.table5_4 && c54 ? byCode(tables.table5_4, c54.code, [c54.education]) : undefined;

  const records: ProjectionRecord[] = [];
  const seen = new Set<string>();
  let topcoded = 0;
  let floorText: string | undefined;
  for (const r of readRows(t110)) {
    if (isFootnote(r, c110.code, [c110.base, projected, c110.openings])) continue;
    const code = rowCode(r, c110.code);
    seen.add(code);
    const isDetail = isLineItem(r, c110.type);
    const r17 = rows17.get(code);
    if (!r17) {
      throw new CliError(
        messages.occupationNotInTable(r.place(c110.code, code), tableName(t17)),
        ExitCode.input,
      );
    }
    sameNumber(r, c110.base, r17, c17.base, t17);
    const r12 = rows12?.get(code);
    if (rows12 && table1_2 && c12) {
      if (!r12) {
        throw new CliError(
          messages.occupationNotInTable(r.place(c110.code, code), tableName(table1_2)),
          ExitCode.input,
        );
      }
      sameNumber(r, c110.base, r12, c12.base, table1_2);
      sameNumber(r, c110.openings, r12, c12.openings, table1_2);
    }
    // Table 5.4 lists line items only.
    const r54 = rows54?.get(code);
    if (r54 && tables.table5_4 && c54) {
      sameText(r17, c17.education, r54, c54.education, tables.table5_4);
      sameText(r17, c17.experience, r54, c54.experience, tables.table5_4);
      sameText(r17, c17.ojt, r54, c54.ojt, tables.table5_4);
    }
    const wage = blsWage(r17, c17.wage, NO_VALUE);
    if (wage.topcoded) {
      topcoded++;
      floorText ??= r17.text(c17.wage) ?? undefined;
    }
    records.push({
      source_row: r.row,
      soc_code: code,
      soc_title: r.requiredText(c110.title),
      is_detail: isDetail,
      is_total: code === '00-0000',
      base_employment: r.requiredNumber(c110.base),
      projected_employment: r.requiredNumber(projected),
      change: r.number(c110.change, NO_VALUE),
      pct_change: r.number(c110.pct, NO_VALUE),
      exits: r.number(c110.exits, NO_VALUE),
      transfers: r.number(c110.transfers, NO_VALUE),
      openings: r.number(c110.openings, NO_VALUE),
      median_hourly_wage: null,
      median_annual_wage: wage.value,
      median_wage_topcoded: wage.topcoded,
      education: r17.text(c17.education, NO_VALUE),
      work_experience: r17.text(c17.experience, NO_VALUE),
      ojt: r17.text(c17.ojt, NO_VALUE),
    });
  }
  if (records.length === 0)
    throw new CliError(messages.emptyTable(tableName(t110)), ExitCode.input);
  for (const [code, r17] of rows17) {
    if (!seen.has(code)) {
      throw new CliError(
        messages.occupationNotInTable(r17.place(c17.code, code), tableName(t110)),
        ExitCode.input,
      );
    }
  }
  const checked = [table1_2 ? 'Table 1.2' : null, tables.table5_4 ? 'Table 5.4' : null]
    .filter((t) => t !== null)
    .join(' and ');
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
      'Employment, exits, transfers and openings are published in thousands (annual averages); multiplied by 1,000.',
      `Employment, exits, transfers and openings are from Table 1.10; median wage, education, experience and training from ${t17.sheet ?? 'Table 1.7'}.`,
      ...(checked
        ? [`Checked against ${checked}: employment, openings and assignments agree.`]
        : []),
      `Median annual wage is OEWS May ${c17.wage?.captures[0] ?? ''}; ${topcoded} rows show only the top-code floor${floorText ? ` ("${floorText}")` : ''} and are flagged as top-coded.`,
    ],
  };
}
