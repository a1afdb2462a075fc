/**
 * NCES's CIP2020_SOC2018_Crosswalk.xlsx as served: the crosswalk on sheet "CIP-SOC" (CIP2020Code,
 * CIP2020Title, SOC2018Code, SOC2018Title) beside the same pairs the other way round on
 * "SOC-CIP". The workbooks are written here in that layout from our CSV rows and must read to
 * the same records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readCipSocCrosswalk } from '../../../sources/nces/read-cip-soc-crosswalk.ts';
import { dataFile, describeWithData, FIXTURES, tempDir, writeWorkbook } from '../../helpers.ts';

type Cell = string | number | null;

/** The NCES workbook from a CSV in the same columns; `typed` may store a code as Excel would. */
async function ncesWorkbook(csv: string, typed: (row: string[]) => Cell[] = (r) => r) {
  const text = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '');
  const [header = [], ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const flip = (r: Cell[]) => [r[2] ?? null, r[3] ?? null, r[0] ?? null, r[1] ?? null];
  const path = join(tempDir(), 'CIP2020_SOC2018_Crosswalk.xlsx');
  await writeWorkbook(path, [
    // First in tab order and holding "CIP2020Code" too: the sheet must be picked by name.
    { name: 'SOC-CIP', rows: [flip(header), ...rows.map((r) => flip(r))] },
    { name: 'CIP-SOC', rows: [header, ...rows.map(typed)] },
  ]);
  return path;
}

describe('NCES CIP–SOC workbook (fixture in the NCES layout)', () => {
  const csv = join(FIXTURES, 'nces', 'cip2020_soc2018.csv');

  it('reads the CSV’s records from sheet "CIP-SOC", NO MATCH rows left out', async () => {
    const xlsx = await readCipSocCrosswalk(await ncesWorkbook(csv), 'nces.xlsx');
    expect(xlsx).toEqual(await readCipSocCrosswalk(csv, 'nces.csv'));
    expect(xlsx.map((r) => `${r.cip_code} ${r.soc_code}`)).toEqual([
      '01.0000 19-1011',
      '11.0701 15-1252',
      '11.0701 15-1221',
      '51.3801 29-1141',
    ]);
  });

  it('gives back the zeros of a code the workbook stores as a number', async () => {
    const numeric = (r: string[]) => [Number(r[0]), r[1] ?? null, r[2] ?? null, r[3] ?? null];
    const xlsx = await readCipSocCrosswalk(await ncesWorkbook(csv, numeric), 'nces.xlsx');
    expect(xlsx.map((r) => r.cip_code)).toEqual(['01.0000', '11.0701', '11.0701', '51.3801']);
  });

  it('names the sheet it needs when the workbook lacks it', async () => {
    const path = join(tempDir(), 'cip.xlsx');
    await writeWorkbook(path, [{ name: 'Crosswalk', rows: [['CIP2020Code']] }]);
    await expect(readCipSocCrosswalk(path, 'cip.xlsx')).rejects.toThrow(
      'cip.xlsx has no sheet named "CIP-SOC" (sheets present: Crosswalk).',
    );
  });
});

describeWithData('NCES CIP–SOC workbook built from the real CSV', () => {
  it('reads the 6,097 rows’ records as the CSV does; Computer Science → 13 SOC codes', async () => {
    const csv = dataFile('cip/nces_cip2020_soc2018_crosswalk.csv');
    const xlsx = await readCipSocCrosswalk(await ncesWorkbook(csv), 'nces.xlsx');
    expect(xlsx).toEqual(await readCipSocCrosswalk(csv, 'nces.csv'));
    expect(xlsx.filter((r) => r.cip_code === '11.0701')).toHaveLength(13);
  });
});
