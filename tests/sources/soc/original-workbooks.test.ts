/**
 * The SOC files as BLS serves them: soc_structure_2018.xlsx (title rows, then "Major Group",
 * "Minor Group", "Broad Group", "Detailed Occupation" and the titles under a blank header) and
 * soc_2010_to_2018_crosswalk.xlsx (title rows, then "2010 SOC Code", "2010 SOC Title",
 * "2018 SOC Code", "2018 SOC Title"). The workbooks are written here, in those layouts, from the
 * rows of our CSV conversions, and must read to the same records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readSocCrosswalk2010To2018 } from '../../../sources/soc/read-soc-crosswalk-2010-2018.ts';
import { readSocStructure } from '../../../sources/soc/read-soc-structure.ts';
import { dataFile, describeWithData, FIXTURES, tempDir, writeWorkbook } from '../../helpers.ts';

/** A CSV's data rows as cells, empty cells as null (left empty in the workbook). */
function csvBody(path: string): (string | null)[][] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data.slice(1);
  return rows.map((r) => r.map((c) => (c === '' ? null : c)));
}

const STRUCTURE_TITLES = [
  ['2018 Standard Occupational Classification System'],
  ['Bureau of Labor Statistics'],
  [],
  ['SOC Major Groups, Minor Groups, Broad Occupations, and Detailed Occupations'],
  [],
  ['Codes are arranged hierarchically; each occupation is listed under its group.'],
  [],
];
const STRUCTURE_HEADER = ['Major Group', 'Minor Group', 'Broad Group', 'Detailed Occupation', null];

const CROSSWALK_TITLES = [
  ['2010 SOC to 2018 SOC Crosswalk'],
  ['Bureau of Labor Statistics'],
  [],
  ['Codes marked (##) draw on more than one 2010 SOC code.'],
  [],
  [],
  [],
  [],
];
const CROSSWALK_HEADER = ['2010 SOC Code', '2010 SOC Title', '2018 SOC Code', '2018 SOC Title'];

async function crosswalkWorkbook(csv: string): Promise<string> {
  const path = join(tempDir(), 'soc_2010_to_2018_crosswalk.xlsx');
  const rows = [...CROSSWALK_TITLES, CROSSWALK_HEADER, ...csvBody(csv)];
  await writeWorkbook(path, [{ name: 'Sorted by 2010', rows }]);
  return path;
}

/** Records of a workbook whose header sits `shift` rows below the CSV's, put back in CSV rows. */
const shifted = <T extends { source_row: number }>(records: T[], shift: number) =>
  records.map((r) => ({ ...r, source_row: r.source_row - shift }));

describe('SOC 2010 → 2018 crosswalk workbook (fixture in BLS’s layout)', () => {
  const csv = join(FIXTURES, 'soc', 'soc2010_soc2018.csv');

  it('reads the same records as the CSV rows, the "(##)" marker stripped and kept', async () => {
    const xlsx = await readSocCrosswalk2010To2018(await crosswalkWorkbook(csv), 'x.xlsx');
    expect(shifted(xlsx, 8)).toEqual(await readSocCrosswalk2010To2018(csv, 'c.csv'));
    expect(xlsx[1]).toEqual({
      source_row: 11,
      soc2010: '15-1132',
      soc2010_title: 'Software Developers, Applications',
      soc2018: '15-1252',
      soc2018_title: 'Software Developers',
      soc2018_multiple_sources: true,
    });
  });

  it('names the file when no sheet holds the header', async () => {
    const path = join(tempDir(), 'crosswalk.xlsx');
    await writeWorkbook(path, [{ name: 'Sheet1', rows: [...CROSSWALK_TITLES, ['SOC 2010']] }]);
    await expect(readSocCrosswalk2010To2018(path, 'crosswalk.xlsx')).rejects.toThrow(
      'crosswalk.xlsx: no header row containing "2010 soc code" in the first 30 rows.',
    );
  });
});

describeWithData('SOC workbooks built from the real CSV conversions', () => {
  it('structure: all 1,447 rows read as from the CSV; 23 major, 867 detailed', async () => {
    const csv = dataFile('soc/bls_soc_structure_2018.csv');
    const path = join(tempDir(), 'soc_structure_2018.xlsx');
    const rows = [...STRUCTURE_TITLES, STRUCTURE_HEADER, ...csvBody(csv)];
    await writeWorkbook(path, [{ name: 'soc_structure_2018', rows }]);
    const xlsx = await readSocStructure(path, 'soc_structure_2018.xlsx');
    expect(xlsx).toHaveLength(1447);
    expect(shifted(xlsx, 7)).toEqual(await readSocStructure(csv, 'soc.csv'));
    expect(xlsx.filter((r) => r.level === 'major')).toHaveLength(23);
    expect(xlsx.filter((r) => r.level === 'detailed')).toHaveLength(867);
    // Line 548 of the CSV, row 555 of the workbook.
    expect(xlsx.find((r) => r.soc_code === '29-1141')).toMatchObject({
      source_row: 555,
      title: 'Registered Nurses',
      level: 'detailed',
      major_code: '29-0000',
      minor_code: '29-1000',
      broad_code: '29-1140',
    });
  });

  it('structure: a titles column under another header is reported as "Name" missing', async () => {
    const path = join(tempDir(), 'soc.xlsx');
    const header = [...STRUCTURE_HEADER.slice(0, 4), 'Notes'];
    await writeWorkbook(path, [
      { name: 'soc', rows: [header, ['11-0000', null, null, null, 'x']] },
    ]);
    await expect(readSocStructure(path, 'soc.xlsx')).rejects.toThrow(
      'soc.xlsx (sheet "soc"): required column "Name" is missing.',
    );
  });

  it('crosswalk: all 900 rows read as from the CSV', async () => {
    const csv = dataFile('soc/soc2010_soc2018.csv');
    const xlsx = await readSocCrosswalk2010To2018(await crosswalkWorkbook(csv), 'x.xlsx');
    expect(xlsx).toHaveLength(900);
    expect(shifted(xlsx, 8)).toEqual(await readSocCrosswalk2010To2018(csv, 'c.csv'));
  });
});
