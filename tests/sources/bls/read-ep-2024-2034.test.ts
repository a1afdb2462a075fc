import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blsEp2024FromTable,
  readBlsEp2024,
  splitSampleTitles,
} from '../../../sources/bls/read-ep-2024-2034.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { FIXTURES, shippedFile } from '../../helpers.ts';

const REAL = 'projections_national/bls_ep_2024_2034_occupations.csv';
const FIXTURE = join(FIXTURES, 'bls', 'ep_2024_2034_occupations.csv');
const NAME = 'ep_2024_2034_occupations.csv';

function readEdited(edit: (text: string) => string) {
  const text = edit(readFileSync(FIXTURE, 'utf8'));
  return blsEp2024FromTable(parseCsvTable(text, NAME, { contains: 'occupation code' }));
}

describe('BLS EP 2024-34 occupations (real file)', () => {
  it('reads 832 line items as one national SOC 2018 table in thousands', async () => {
    const tables = await readBlsEp2024(shippedFile(REAL), REAL);
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t?.records).toHaveLength(832);
    expect(t?.records.every((r) => r.is_detail)).toBe(true);
    expect([t?.base_year, t?.proj_year]).toEqual([2024, 2034]);
    expect(t?.units).toMatchObject({ employment_multiplier: 1000, soc_vintage: 2018 });
  });

  it('matches the PROVENANCE spot check for Registered Nurses', async () => {
    const [t] = await readBlsEp2024(shippedFile(REAL), REAL);
    expect(t?.records.find((r) => r.soc_code === '29-1141')).toMatchObject({
      soc_title: 'Registered nurses',
      base_employment: 3391,
      projected_employment: 3557.1,
      openings: 189.1,
      median_annual_wage: 93600,
      median_wage_topcoded: false,
    });
  });

  it('keeps 17 top-coded wages at 239,200 and reads 6 "N/A" wages as missing', async () => {
    const [t] = await readBlsEp2024(shippedFile(REAL), REAL);
    const top = t?.records.filter((r) => r.median_wage_topcoded) ?? [];
    expect(top).toHaveLength(17);
    expect(new Set(top.map((r) => r.median_annual_wage))).toEqual(new Set([239200]));
    expect(t?.records.filter((r) => r.median_annual_wage === null)).toHaveLength(6);
    expect(t?.records.some((r) => r.soc_title.includes('*'))).toBe(false);
  });
});

describe('BLS EP 2024-34 layout (fixture)', () => {
  it('splits sample titles off, reads "1,234.50" text numbers, flags top-coded wages', async () => {
    const [t] = await readBlsEp2024(FIXTURE, NAME);
    const byCode = new Map(t?.records.map((r) => [r.soc_code, r]));
    expect(byCode.get('11-1011')).toMatchObject({
      soc_title: 'Chief executives',
      base_employment: 1234.5,
      median_annual_wage: 239200,
      median_wage_topcoded: true,
    });
    expect(byCode.get('27-2011')?.median_annual_wage).toBeNull();
    expect(byCode.get('25-3011')?.soc_title).toBe('Adult basic education teachers');
    expect(byCode.get('29-2061')?.soc_title).toBe(
      'Licensed practical and licensed vocational nurses',
    );
    expect(t?.notes.join(' ')).toContain('mis-encoded');
  });

  it('splitSampleTitles returns the samples too', () => {
    expect(splitSampleTitles('Actors    * Actress* Voice-Over Artist')).toEqual({
      title: 'Actors',
      samples: ['Actress', 'Voice-Over Artist'],
    });
  });

  it('names file, row, column and value for a bad number', () => {
    expect(() => readEdited((s) => s.replace('"3,391.00"', '"3.391,00"'))).toThrow(
      'ep_2024_2034_occupations.csv, row 4, column "Employment 2024", value "3.391,00": expected a number.',
    );
    expect(() => readEdited((s) => s.replace('">=239,200"', '">=lots"'))).toThrow(
      'row 3, column "Median Annual Wage 2024", value ">=lots"',
    );
  });

  it('names a missing column', () => {
    expect(() =>
      readEdited((s) => s.replace('Typical Entry-Level Education', 'Entry education')),
    ).toThrow('required column "Typical Entry-Level Education" is missing');
    expect(() => readEdited((s) => s.replace('Employment 2034', 'Employment 2035'))).toThrow(
      'required column "Employment 2034" is missing',
    );
  });
});
