import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blsEp2016FromTable, readBlsEp2016 } from '../../../sources/bls/read-ep-2016-2026.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES } from '../../helpers.ts';

const REAL = 'projections_national/bls_ep_2016_2026_table1_7.csv';
const FIXTURE = join(FIXTURES, 'bls', 'ep_2016_2026_table1_7.csv');
const FIXTURE_NAME = 'ep_2016_2026_table1_7.csv';

/** The fixture text with one edit, read through the same layout step. */
function readEdited(edit: (text: string) => string) {
  const text = edit(readFileSync(FIXTURE, 'utf8'));
  return blsEp2016FromTable(parseCsvTable(text, FIXTURE_NAME, { contains: 'code' }));
}

describeWithData('BLS EP 2016-26 Table 1.7 (real file)', () => {
  it('reads 935 rows, 819 line items, as one national table in thousands', async () => {
    const tables = await readBlsEp2016(dataFile(REAL), REAL);
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t?.records).toHaveLength(935);
    expect(t?.records.filter((r) => r.is_detail)).toHaveLength(819);
    expect(t?.area).toEqual({ code: 'US', name: 'United States', type: 'nation', fips: '00' });
    expect([t?.base_year, t?.proj_year]).toEqual([2016, 2026]);
    expect(t?.units).toEqual({
      employment_multiplier: 1000,
      openings_period_years: 1,
      pct_change_unit: 'percent',
      openings_method: 'separations',
      soc_vintage: 2010,
      rounding: 0.1,
    });
  });

  it('matches the PROVENANCE spot check for Registered Nurses', async () => {
    const [t] = await readBlsEp2016(dataFile(REAL), REAL);
    expect(t?.records.find((r) => r.soc_code === '29-1141')).toMatchObject({
      soc_title: 'Registered nurses',
      is_detail: true,
      base_employment: 2955.2,
      projected_employment: 3393.2,
      change: 438.1,
      pct_change: 14.8,
      openings: 203.7,
      median_annual_wage: 70000,
      median_wage_topcoded: false,
      education: "Bachelor's degree",
      source_row: 364,
    });
    expect(t?.records.find((r) => r.is_total)?.base_employment).toBe(156063.8);
    expect(t?.records.filter((r) => r.median_wage_topcoded)).toHaveLength(7);
  });
});

describe('BLS EP 2016-26 Table 1.7 layout (fixture)', () => {
  it('reads line items and summaries, "NA"/"—" as missing, top-coded wages flagged', async () => {
    const [t] = await readBlsEp2016(FIXTURE, FIXTURE_NAME);
    const byCode = new Map(t?.records.map((r) => [r.soc_code, r]));
    expect(byCode.get('00-0000')).toMatchObject({
      is_total: true,
      is_detail: false,
      education: null,
      work_experience: null,
    });
    expect(byCode.get('11-1011')).toMatchObject({
      median_annual_wage: 208000,
      median_wage_topcoded: true,
      change: -11.8,
    });
    expect(byCode.get('27-2011')).toMatchObject({
      median_annual_wage: null,
      median_wage_topcoded: false,
    });
    expect(t?.notes.join(' ')).toContain('May 2017');
  });

  it('names file, row, column and value for a bad number', () => {
    expect(() => readEdited((s) => s.replace('2955.2', '2955.2k'))).toThrow(
      'ep_2016_2026_table1_7.csv, row 5, column "Employment_2016", value "2955.2k": expected a number.',
    );
  });

  it('names an unexpected occupation type', () => {
    expect(() =>
      readEdited((s) =>
        s.replace('"Legislators","11-1031","Line item"', '"Legislators","11-1031","Detail"'),
      ),
    ).toThrow(
      /row 4, column "Occupation_Type", value "Detail": expected one of "Line item", "Summary"/,
    );
  });

  it('names a missing column', () => {
    expect(() => readEdited((s) => s.replace('"Occupational_Openings"', '"Openings"'))).toThrow(
      'required column "Occupational_Openings" is missing',
    );
    expect(() =>
      readEdited((s) => s.replace('"Employment_2026"', '"Employment_Projected"')),
    ).toThrow('required column "Employment_<projected year>" is missing');
  });
});
