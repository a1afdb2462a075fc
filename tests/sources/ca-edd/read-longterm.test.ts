import { describe, expect, it } from 'vitest';
import { readCaEddLongterm } from '../../../sources/ca-edd/read-longterm.ts';
import { dataFile, describeWithData, shippedFile } from '../../helpers.ts';

const XLSX = 'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx';
const CSV = 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv';

describe('California EDD 2023-2033 statewide (real workbook)', () => {
  it('reads the workbook: 793 rows, 676 detailed, years from the headers', async () => {
    const [t] = await readCaEddLongterm(shippedFile(XLSX), XLSX);
    if (!t) throw new Error('no table');
    expect(t.records).toHaveLength(793);
    expect(t.records.filter((r) => r.is_detail)).toHaveLength(676);
    expect([t.base_year, t.proj_year]).toEqual([2023, 2033]);
    expect(t.units).toEqual({
      employment_multiplier: 1,
      openings_period_years: 10,
      pct_change_unit: 'fraction',
      openings_method: 'separations',
      soc_vintage: 2018,
    });
  });

  it('keeps the published total and the Registered Nurses row as in the workbook', async () => {
    const [t] = await readCaEddLongterm(shippedFile(XLSX), XLSX);
    if (!t) throw new Error('no table');
    const total = t.records.find((r) => r.is_total);
    expect(total).toMatchObject({
      base_employment: 19511500,
      projected_employment: 21230900,
      change: 1719400,
    });
    const rn = t.records.find((r) => r.soc_code === '29-1141');
    expect(rn).toMatchObject({
      base_employment: 321400,
      projected_employment: 355200,
      openings: 207790,
      median_annual_wage: 144143.79,
      education: "Bachelor's degree",
    });
    const detailSum = t.records
      .filter((r) => r.is_detail)
      .reduce((s, r) => s + r.base_employment, 0);
    expect(detailSum).toBe(19378400);
  });

  it('reads wage 0 as "no estimate": 20 detailed rows have no annual wage', async () => {
    const [t] = await readCaEddLongterm(shippedFile(XLSX), XLSX);
    if (!t) throw new Error('no table');
    expect(t.records.filter((r) => r.is_detail && r.median_annual_wage === null)).toHaveLength(20);
  });
});

describeWithData('California EDD 2023-2033 statewide (real files)', () => {
  it('gives the same records from the CSV export as from the workbook', async () => {
    const xlsxTables = await readCaEddLongterm(shippedFile(XLSX), XLSX);
    const csvTables = await readCaEddLongterm(dataFile(CSV), CSV);
    expect(xlsxTables).toHaveLength(1);
    expect(csvTables).toHaveLength(1);
    const [fromXlsx] = xlsxTables;
    const [fromCsv] = csvTables;
    if (!fromXlsx || !fromCsv) throw new Error('no table');
    const strip = (rows: typeof fromXlsx.records) => rows.map(({ source_row: _, ...r }) => r);
    expect(strip(fromCsv.records)).toEqual(strip(fromXlsx.records));
    // The workbook has 4 rows above the first data row, the CSV export one (its header).
    expect(fromXlsx.records[0]?.source_row).toBe(5);
    expect(fromCsv.records[0]?.source_row).toBe(2);
  });
});
