/**
 * OEWS files as BLS serves them: a zip (oesm23st.zip, oesm25nat.zip) holding the "_dl" workbook
 * (state_M2023_dl.xlsx: data on sheet "state_M2023_dl", then "Field Descriptions" naming the same
 * columns). Zips and workbooks are made here in that layout and must read to the CSV's records.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { OEWS_MAY_2025, readOewsWages } from '../../../sources/oews/read-wages.ts';
import { WAGE_READERS } from '../../../sources/readers.ts';
import { FIXTURES, tempDir, writeWorkbook } from '../../helpers.ts';

type Cell = string | number | null;

/** Field Descriptions, as the sheet beside the data lists them (it holds "occ_code" too). */
const FIELD_DESCRIPTIONS: Cell[][] = [
  ['Field', 'Field Description'],
  [
    'area',
    'U.S. (99), state FIPS code, Metropolitan Statistical Area (MSA) or New England City and Town Area (NECTA) code',
  ],
  [
    'occ_code',
    'The 6-digit Standard Occupational Classification (SOC) code or OEWS-specific code for the occupation',
  ],
  ['a_median', 'Annual median wage (or the 50th percentile)'],
];

/** BLS's workbook: the data sheet first, named after the file, then Field Descriptions. */
async function dlWorkbook(dir: string, stem: string, rows: Cell[][]): Promise<string> {
  const path = join(dir, `${stem}.xlsx`);
  await writeWorkbook(path, [
    { name: stem, rows },
    { name: 'Field Descriptions', rows: FIELD_DESCRIPTIONS },
  ]);
  return path;
}

/** BLS's archive: the workbook in a folder of the same name, deflated. */
async function dlZip(dir: string, zipName: string, workbook: string, entry: string) {
  const zip = new JSZip();
  zip.file(entry, readFileSync(workbook));
  const path = join(dir, zipName);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

/** A CSV's rows with numbers typed as Excel stores them; BLS's markers stay text. */
function typedRows(csv: string): Cell[][] {
  const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8'), { skipEmptyLines: true }).data;
  return rows.map((r, i) =>
    r.map((c) =>
      c === '' ? null : i > 0 && /^-?\d+(\.\d+)?$/.test(c) && !/^0\d/.test(c) ? Number(c) : c,
    ),
  );
}

describe('OEWS national_M2025_dl.xlsx and oesm25nat.zip (fixture rows, real values)', () => {
  const csv = join(FIXTURES, 'oews', 'national_M2025_dl.csv');

  it('reads the workbook and the zip to the CSV’s records', async () => {
    const dir = tempDir();
    const xlsx = await dlWorkbook(dir, 'national_M2025_dl', typedRows(csv));
    const zip = await dlZip(dir, 'oesm25nat.zip', xlsx, 'oesm25nat/national_M2025_dl.xlsx');
    const fromCsv = await readOewsWages(csv, 'national_M2025_dl.csv', OEWS_MAY_2025);
    expect(await readOewsWages(xlsx, 'national_M2025_dl.xlsx', OEWS_MAY_2025)).toEqual(fromCsv);
    const fromZip = await WAGE_READERS['oews-dl']?.(zip, 'oesm25nat.zip');
    expect(fromZip).toEqual(fromCsv);
    expect(fromZip?.[0]?.reference_period).toBe('May 2025');
    expect(fromZip?.[0]?.records.find((r) => r.soc_code === '29-1141')).toMatchObject({
      tot_emp: 3379720,
      a_median: 97550,
    });
  });
});

describe('OEWS state_M2023_dl.xlsx inside oesm23st.zip (fixture)', () => {
  // Connecticut's May 2023 mean wages as BLS published them (wages/…may2023…partial.csv keeps
  // H_MEAN and A_MEAN only); the columns that copy lacks carry BLS's not-available markers here.
  const header = [
    'AREA',
    'AREA_TITLE',
    'AREA_TYPE',
    'PRIM_STATE',
    'NAICS',
    'NAICS_TITLE',
    'I_GROUP',
    'OWN_CODE',
    'OCC_CODE',
    'OCC_TITLE',
    'O_GROUP',
    'TOT_EMP',
    'EMP_PRSE',
    'JOBS_1000',
    'LOC_QUOTIENT',
    'PCT_TOTAL',
    'PCT_RPT',
    'H_MEAN',
    'A_MEAN',
    'MEAN_PRSE',
    'H_MEDIAN',
    'A_MEDIAN',
    'ANNUAL',
    'HOURLY',
  ];
  const ct = (code: string, title: string, group: string, hMean: number, aMean: number): Cell[] => [
    9,
    'Connecticut',
    2,
    'CT',
    '000000',
    'Cross-industry',
    'cross-industry',
    1235,
    code,
    title,
    group,
    '**',
    '*',
    '*',
    '*',
    null,
    null,
    hMean,
    aMean,
    '*',
    '*',
    '*',
    null,
    null,
  ];
  const rows: Cell[][] = [
    header,
    ct('00-0000', 'All Occupations', 'total', 35.45, 73740),
    ct('15-1252', 'Software Developers', 'detailed', 61.75, 128450),
    ct('29-1141', 'Registered Nurses', 'detailed', 48.96, 101840),
  ];

  it('reads Connecticut from the zip: May 2023 from the name, markers kept as flags', async () => {
    const dir = tempDir();
    const xlsx = await dlWorkbook(dir, 'state_M2023_dl', rows);
    const zip = await dlZip(dir, 'oesm23st.zip', xlsx, 'oesm23st/state_M2023_dl.xlsx');
    const tables = (await WAGE_READERS['oews-dl']?.(zip, 'wages/oesm23st.zip')) ?? [];
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({
      area: { code: 'CT', name: 'Connecticut', fips: '09' },
      reference_period: 'May 2023',
      soc_vintage: 2018,
    });
    expect(tables[0]?.records.find((r) => r.soc_code === '29-1141')).toEqual({
      source_row: 4,
      area_code: 'CT',
      area_name: 'Connecticut',
      area_fips: '09',
      soc_code: '29-1141',
      soc_title: 'Registered Nurses',
      occ_group: 'detailed',
      tot_emp: null,
      a_mean: 101840,
      a_mean_flag: null,
      a_median: null,
      a_median_flag: 'suppressed',
      h_median: null,
      h_median_flag: 'suppressed',
    });
    expect(await WAGE_READERS['oews-dl']?.(xlsx, 'state_M2023_dl.xlsx')).toEqual(tables);
  });

  it('names the archive and its entry in an error about a cell', async () => {
    const dir = tempDir();
    const bad = rows.map((r) =>
      r[8] === '29-1141' ? r.map((c, i) => (i === 18 ? '101,84O' : c)) : r,
    );
    const zip = await dlZip(
      dir,
      'oesm23st.zip',
      await dlWorkbook(dir, 'state_M2023_dl', bad),
      'oesm23st/state_M2023_dl.xlsx',
    );
    await expect(WAGE_READERS['oews-dl']?.(zip, 'oesm23st.zip')).rejects.toThrow(
      'oesm23st.zip/oesm23st/state_M2023_dl.xlsx, sheet "state_M2023_dl", row 4, column "A_MEAN", value "101,84O": expected a number.',
    );
  });

  it('says what the archive lacks when it holds no "_dl" workbook', async () => {
    const dir = tempDir();
    const other = await dlWorkbook(dir, 'field_descriptions', rows);
    const zip = await dlZip(dir, 'oesm23st.zip', other, 'oesm23st/field_descriptions.xlsx');
    await expect(WAGE_READERS['oews-dl']?.(zip, 'oesm23st.zip')).rejects.toThrow(
      'oesm23st.zip: the archive holds no OEWS "*_dl.xlsx" workbook',
    );
  });

  it('refuses an HTML page saved as the zip, naming the file, before reading anything', async () => {
    const page = join(tempDir(), 'oesm23st.zip');
    writeFileSync(page, '<!DOCTYPE html><html><body>Access Denied</body></html>');
    await expect(WAGE_READERS['oews-dl']?.(page, 'wages/oesm23st.zip')).rejects.toThrow(
      'Cannot read wages/oesm23st.zip as an Excel workbook (it does not start like a zip archive but with "<!DO")',
    );
  });

  it('refuses a file whose name does not say its release', async () => {
    await expect(WAGE_READERS['oews-dl']?.('/tmp/wages.zip', 'wages.zip')).rejects.toThrow(
      'Cannot tell which OEWS release wages.zip is from its name',
    );
  });
});
