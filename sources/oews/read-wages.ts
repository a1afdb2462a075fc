/**
 * OEWS wage and employment estimates in BLS's "_dl" layouts. Publisher facts handled here:
 * - two header generations: the older state files name the area by ST/STATE and the group by
 *   OCC_GROUP; from May 2019 on, the files carry AREA_TITLE/AREA_TYPE/PRIM_STATE and O_GROUP;
 * - `*` marks an estimate that is not available and `#` a wage at or above the top code; both
 *   are kept as flags beside a null value, never read as zero;
 * - `**` in the employment columns means no employment estimate was released;
 * - TrendCT's copy of May 2015 coerced some columns (TOT_EMP, A_MEAN, H_MEDIAN, A_MEDIAN …) to
 *   numbers, turning `*` and `#` into blanks: a blank there is unknown, with no flag;
 * - the national file names the area "U.S." with code 99; it becomes 'US' / FIPS "00", as the
 *   projections readers name the nation;
 * - BLS serves each release as a workbook (state_M2023_dl.xlsx, its data on sheet
 *   "state_M2023_dl" beside "Field Descriptions") inside a zip (oesm23st.zip); the zip, the
 *   workbook and a CSV export of the sheet all read to the same records.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { parseSocCode, type SocLevel } from '../soc/soc-code.ts';
import {
  type ColumnSpec,
  type ResolvedColumn,
  type RowReader,
  readRows,
  resolveColumns,
} from '../tabular/columns.ts';
import { readInputBytes } from '../tabular/input-guards.ts';
import { readCsvTable } from '../tabular/read-csv-table.ts';
import { assertZip, openWorkbook, readXlsxTable } from '../tabular/read-xlsx-table.ts';
import type { RawTable } from '../tabular/table.ts';
import { openZipArchive } from '../tabular/zip-archive.ts';
import type { WageFlag, WageTable } from './wage-record.ts';

const HEADER_PROBE = { contains: 'occ_code' };

const COLUMNS = {
  area: { label: 'AREA', match: /^area$/, required: true },
  /** Older layout: ST; newer: PRIM_STATE. */
  st: { label: 'ST (or PRIM_STATE)', match: /^(st|prim_state)$/, required: true },
  /** Older layout: STATE; newer: AREA_TITLE. */
  name: { label: 'STATE (or AREA_TITLE)', match: /^(state|area_title)$/, required: true },
  code: { label: 'OCC_CODE', match: /^occ_code$/, required: true },
  title: { label: 'OCC_TITLE', match: /^occ_title$/, required: true },
  group: { label: 'OCC_GROUP (or O_GROUP)', match: /^(occ_group|o_group)$/, required: true },
  totEmp: { label: 'TOT_EMP', match: /^tot_emp$/, required: true },
  aMean: { label: 'A_MEAN', match: /^a_mean$/, required: true },
  hMedian: { label: 'H_MEDIAN', match: /^h_median$/, required: true },
  aMedian: { label: 'A_MEDIAN', match: /^a_median$/, required: true },
  aPct75: { label: 'A_PCT75', match: /^a_pct75$/, required: false },
  annual: { label: 'ANNUAL', match: /^annual$/, required: false },
} satisfies Record<string, ColumnSpec>;

const GROUPS: readonly SocLevel[] = ['total', 'major', 'minor', 'broad', 'detailed'];
const NATIONAL_AREA = '99';

export interface OewsRelease {
  reference_period: string;
  soc_vintage: 2010 | 2018;
}

/** May 2015 all-states file as saved by TrendCT (SOC 2010). */
export const OEWS_MAY_2015: OewsRelease = { reference_period: 'May 2015', soc_vintage: 2010 };
/** May 2025 national cross-industry file (SOC 2018). */
export const OEWS_MAY_2025: OewsRelease = { reference_period: 'May 2025', soc_vintage: 2018 };

/**
 * The release a file is from, by BLS's file names: "…_M2023_dl…" or "oesm23…". OEWS codes by
 * SOC 2018 from May 2019 on (2019 and 2020 with some SOC 2010 hybrids, as aggregates).
 */
export function oewsReleaseFromName(path: string, file: string): OewsRelease {
  const name = basename(path);
  const m = /_m(\d{4})_dl/i.exec(name) ?? /^oesm(\d{2})/i.exec(name);
  if (!m?.[1]) throw new CliError(messages.oewsReleaseUnknown(file), ExitCode.input);
  const year = m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  return { reference_period: `May ${year}`, soc_vintage: year >= 2019 ? 2018 : 2010 };
}

/**
 * Reads an OEWS "_dl" file as BLS serves it (the .zip, or the .xlsx inside it) or as a CSV
 * export of its data sheet; one table per area, in file order.
 */
export async function readOewsWages(
  path: string,
  file: string,
  release: OewsRelease,
): Promise<WageTable[]> {
  return oewsWagesFromTable(await readOewsTable(path, file), release);
}

async function readOewsTable(path: string, file: string): Promise<RawTable> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return readCsvTable(path, file, HEADER_PROBE);
  if (ext === '.xlsx') return readDlWorkbook(path, file);
  if (ext !== '.zip') {
    throw new CliError(
      messages.unsupportedExtension(file, ['.zip', '.xlsx', '.csv']),
      ExitCode.input,
    );
  }
  // An HTML error page saved under the zip's name is named as such before anything is read; the
  // one zip layer then bounds what the archive inflates and checks every entry's size and CRC.
  assertZip(path, file);
  const archive = openZipArchive(readInputBytes(path, file), file);
  const name = archive.names.find((n) => /_dl\.xlsx$/i.test(n));
  const bytes = name === undefined ? undefined : archive.read(name);
  if (name === undefined || bytes === undefined) {
    throw new CliError(
      messages.zipEntryMissing(file, 'OEWS "*_dl.xlsx" workbook', []),
      ExitCode.input,
    );
  }
  // The workbook reader reads files: the entry goes to a private folder, and the workbook's own
  // checks then run on it as on any workbook.
  const dir = mkdtempSync(join(tmpdir(), 'clusterfit-oews-'));
  try {
    const inner = join(dir, basename(name));
    writeFileSync(inner, bytes);
    return await readDlWorkbook(inner, `${file}/${name}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The data sheet, named after the file ("state_M2023_dl"); "Field Descriptions" lists the same names. */
async function readDlWorkbook(path: string, file: string): Promise<RawTable> {
  const sheets = (await openWorkbook(path, file)).worksheets.map((w) => w.name);
  const sheet = sheets.find((name) => /_dl$/i.test(name));
  return readXlsxTable(path, file, sheet, HEADER_PROBE);
}

interface Value {
  value: number | null;
  flag: WageFlag;
}

/** A cell that may hold a number, a BLS marker, or nothing. */
function markedNumber(r: RowReader, column: ResolvedColumn | undefined): Value {
  const text = r.text(column);
  if (text === '*' || text === '**') return { value: null, flag: 'suppressed' };
  if (text === '#') return { value: null, flag: 'top-coded' };
  return { value: r.number(column), flag: null };
}

/** The layout step, on a table already split into header and rows. */
export function oewsWagesFromTable(table: RawTable, release: OewsRelease): WageTable[] {
  const cols = resolveColumns(table, COLUMNS);
  const byArea = new Map<string, WageTable>();
  const seen = new Map<string, number>();
  const counts = new Map<string, { blankMedian: number; blankUnderTopCode: number }>();
  let suppressed = 0;
  let topcoded = 0;
  let noEmployment = 0;
  let annualOnly = 0;
  let doubled = 0;
  for (const r of readRows(table)) {
    const fipsText = r.requiredText(cols.area);
    const national = fipsText === NATIONAL_AREA;
    const areaCode = national ? 'US' : r.requiredText(cols.st);
    const areaName = national ? 'United States' : r.requiredText(cols.name);
    const areaFips = national ? '00' : fipsText.padStart(2, '0');

    const codeText = r.requiredText(cols.code);
    const code = parseSocCode(codeText);
    if (code === undefined) {
      throw new CliError(messages.badSocCode(r.place(cols.code, codeText)), ExitCode.input);
    }
    const groupText = r.requiredText(cols.group).toLowerCase();
    const group = GROUPS.find((g) => g === groupText);
    if (group === undefined) {
      throw new CliError(
        messages.unexpectedValue(r.place(cols.group, r.cell(cols.group)), GROUPS),
        ExitCode.input,
      );
    }
    // OEWS prints an aggregate code that it estimates only as a whole (13-1020, 29-2010 …) twice,
    // once as "broad" and once as "detailed"; only the same code at the same level is a duplicate.
    const key = `${areaCode} ${code} ${group}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new CliError(
        messages.duplicateCode(r.place(cols.code, codeText), first),
        ExitCode.input,
      );
    }
    seen.set(key, r.row);
    if (group === 'detailed' && seen.has(`${areaCode} ${code} broad`)) doubled++;

    const emp = markedNumber(r, cols.totEmp);
    if (emp.flag === 'top-coded') {
      throw new CliError(messages.notANumber(r.place(cols.totEmp, '#')), ExitCode.input);
    }
    if (emp.value === null) noEmployment++;
    const aMean = markedNumber(r, cols.aMean);
    const aMedian = markedNumber(r, cols.aMedian);
    const hMedian = markedNumber(r, cols.hMedian);
    for (const v of [aMean, aMedian, hMedian]) {
      if (v.flag === 'suppressed') suppressed++;
      if (v.flag === 'top-coded') topcoded++;
    }
    if (r.text(cols.annual)?.toUpperCase() === 'TRUE') annualOnly++;

    let t = byArea.get(areaCode);
    if (!t) {
      t = {
        area: { code: areaCode, name: areaName, fips: areaFips },
        records: [],
        notes: [],
        soc_vintage: release.soc_vintage,
        reference_period: release.reference_period,
      };
      byArea.set(areaCode, t);
      counts.set(areaCode, { blankMedian: 0, blankUnderTopCode: 0 });
    }
    if (aMedian.value === null && aMedian.flag === null) {
      const c = counts.get(areaCode);
      if (c) {
        c.blankMedian++;
        // A blank median under a top-coded 75th percentile was almost surely `#` before
        // TrendCT's coercion; say so in the notes, but do not invent the flag.
        if (cols.aPct75 && r.text(cols.aPct75) === '#') c.blankUnderTopCode++;
      }
    }
    t.records.push({
      source_row: r.row,
      area_code: areaCode,
      area_name: areaName,
      area_fips: areaFips,
      soc_code: code,
      soc_title: r.requiredText(cols.title),
      occ_group: group,
      tot_emp: emp.value,
      a_mean: aMean.value,
      a_mean_flag: aMean.flag,
      a_median: aMedian.value,
      a_median_flag: aMedian.flag,
      h_median: hMedian.value,
      h_median_flag: hMedian.flag,
    });
  }
  if (byArea.size === 0) throw new CliError(messages.emptyTable(table.file), ExitCode.input);
  const fileNotes = [
    `OEWS ${release.reference_period} estimates, SOC ${release.soc_vintage}; employment in jobs, wages in dollars.`,
    `BLS markers kept as flags with a null value: ${suppressed} "*" (not available) and ${topcoded} "#" (at or above the top code) among A_MEAN, A_MEDIAN and H_MEDIAN; ${noEmployment} rows have no employment estimate.`,
    ...(doubled > 0
      ? [
          `${doubled} codes appear twice, as "broad" and as "detailed" (OEWS estimates these aggregates only as a whole); sum employment over one level only.`,
        ]
      : []),
    ...(annualOnly > 0
      ? [
          `${annualOnly} rows are annual-only occupations (ANNUAL=TRUE): BLS publishes no hourly wage for them.`,
        ]
      : []),
  ];
  for (const t of byArea.values()) {
    const c = counts.get(t.area.code);
    t.notes.push(...fileNotes);
    if (c && c.blankMedian > 0) {
      t.notes.push(
        `${c.blankMedian} rows have a blank A_MEDIAN with no marker (unknown: this copy turned BLS's "*" and "#" into blanks)` +
          (c.blankUnderTopCode > 0
            ? `; ${c.blankUnderTopCode} of them have a top-coded 75th percentile, so their median is probably top-coded too.`
            : '.'),
      );
    }
  }
  return [...byArea.values()];
}
