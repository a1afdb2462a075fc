import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBlsEp2019 } from '../../../sources/bls/read-ep-2019-2029.ts';
import type { ProjectionRecord } from '../../../sources/projection-record.ts';
import { dataFile, describeWithData, FIXTURES, tempDir } from '../../helpers.ts';

const XLSX = 'projections_national/bls_ep_2019_2029/bls_ep_2019_2029_occupation.xlsx';
const CSV_DIR = 'projections_national/bls_ep_2019_2029';
const FIXTURE_DIR = join(FIXTURES, 'bls', 'ep_2019_2029');

/** A copy of the fixture folder with one table edited. */
function editedFolder(table: string, edit: (text: string) => string): string {
  const dir = tempDir();
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  const path = join(dir, table);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

describeWithData('BLS EP 2019-29 occupation workbook (real file)', () => {
  // The workbook takes a while to unpack; read it once for the whole block.
  let workbook: ReturnType<typeof readBlsEp2019> | undefined;
  const readWorkbook = () => {
    workbook ??= readBlsEp2019(dataFile(XLSX), XLSX);
    return workbook;
  };

  it('combines Tables 1.10, 1.7, 1.2 and 5.4 into one national table', async () => {
    const tables = await readWorkbook();
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t?.records).toHaveLength(1048);
    expect(t?.records.filter((r) => r.is_detail)).toHaveLength(790);
    expect([t?.base_year, t?.proj_year]).toEqual([2019, 2029]);
    expect(t?.units).toMatchObject({ employment_multiplier: 1000, openings_period_years: 1 });
    expect(t?.records.filter((r) => r.median_wage_topcoded)).toHaveLength(9);
  });

  it('matches the PROVENANCE Table 1.10 spot check for Registered Nurses', async () => {
    const [t] = await readWorkbook();
    expect(t?.records.find((r) => r.soc_code === '29-1141')).toMatchObject({
      base_employment: 3096.7,
      projected_employment: 3318.7,
      exits: 87,
      transfers: 66.8,
      openings: 175.9,
      median_annual_wage: 75330,
      education: "Bachelor's degree",
      ojt: 'None',
      // Excel's row: the table title sits above the header.
      source_row: 411,
    });
  });

  it('gives the same records from the CSV exports as from the workbook', async () => {
    const [fromXlsx] = await readWorkbook();
    const [fromCsv] = await readBlsEp2019(dataFile(CSV_DIR), CSV_DIR);
    const strip = (rows: ProjectionRecord[] = []) => rows.map(({ source_row: _, ...r }) => r);
    expect(strip(fromCsv?.records)).toEqual(strip(fromXlsx?.records));
  });
});

describe('BLS EP 2019-29 tables (fixture folder)', () => {
  it('takes exits/transfers from Table 1.10 and wages/assignments from Table 1.7', async () => {
    const [t] = await readBlsEp2019(FIXTURE_DIR, 'ep_2019_2029');
    const byCode = new Map(t?.records.map((r) => [r.soc_code, r]));
    expect(t?.records).toHaveLength(4);
    expect(byCode.get('29-1141')).toMatchObject({ exits: 87, transfers: 66.8, openings: 175.9 });
    expect(byCode.get('29-1023')).toMatchObject({
      median_annual_wage: 208000,
      median_wage_topcoded: true,
      ojt: 'Internship/residency',
    });
    expect(byCode.get('27-2011')?.median_annual_wage).toBeNull();
    expect(byCode.get('00-0000')).toMatchObject({ is_total: true, education: null });
  });

  it('names file, row, column and value for a bad number', async () => {
    const dir = editedFolder('table1_10_separations_and_openings.csv', (s) =>
      s.replace(',87,66.8,', ',87,6x.8,'),
    );
    await expect(readBlsEp2019(dir, 'ep')).rejects.toThrow(
      'ep/table1_10_separations_and_openings.csv, row 3, column "Occupational transfers, 2019-29 annual average", value "6x.8": expected a number.',
    );
  });

  it('names a missing column', async () => {
    const dir = editedFolder('table1_10_separations_and_openings.csv', (s) =>
      s.replace('"Labor force exits, 2019-29 annual average"', '"Exits"'),
    );
    await expect(readBlsEp2019(dir, 'ep')).rejects.toThrow(
      'required column "Labor force exits, <period> annual average" is missing',
    );
  });

  it('stops when the tables disagree', async () => {
    const dir = editedFolder('table1_2_employment_by_detailed_occupation.csv', (s) =>
      s.replace('3096.7,3318.7', '3096.8,3318.7'),
    );
    await expect(readBlsEp2019(dir, 'ep')).rejects.toThrow(
      /row 3, column "Employment, 2019", value 3096.7: disagrees with ep\/table1_2_employment_by_detailed_occupation.csv, row 3, which has 3096.8/,
    );
  });
});
