import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nyDolFromTable, readNyDolLongterm } from '../../../sources/ny-dol/read-longterm.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES } from '../../helpers.ts';

const REAL =
  'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv';
const FIXTURE = join(FIXTURES, 'ny-dol', 'longterm_occproj.csv');
const NAME = 'longterm_occproj.csv';

function readEdited(edit: (text: string) => string) {
  const text = edit(readFileSync(FIXTURE, 'utf8'));
  return nyDolFromTable(parseCsvTable(text, NAME, { contains: 'soc' }));
}

describeWithData('New York DOL long-term projections (real file)', () => {
  it('splits 5,972 rows into the state (2014-2024) and nine regions (2012-2022)', async () => {
    const tables = await readNyDolLongterm(dataFile(REAL), REAL);
    expect(tables).toHaveLength(10);
    expect(tables.reduce((n, t) => n + t.records.length, 0)).toBe(5972);
    expect(tables.map((t) => t.area.code)).toEqual([
      'NY',
      ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `NY-region-${n}`),
    ]);
    expect(tables.slice(1).every((t) => t.base_year === 2012 && t.proj_year === 2022)).toBe(true);
  });

  it('matches the PROVENANCE statewide checks', async () => {
    const [ny] = await readNyDolLongterm(dataFile(REAL), REAL);
    expect(ny?.area).toEqual({ code: 'NY', name: 'New York State', type: 'state', fips: '36' });
    expect([ny?.base_year, ny?.proj_year]).toEqual([2014, 2024]);
    expect(ny?.records).toHaveLength(811);
    // 695 SOC 2010 detailed codes plus 25-3098 Substitute Teachers, an OEWS code outside SOC 2010.
    expect(ny?.records.filter((r) => r.is_detail)).toHaveLength(696);
    expect(ny?.records.find((r) => r.is_total)).toMatchObject({
      base_employment: 9914750,
      projected_employment: 11212710,
      pct_change: 13.1,
      openings: 361750,
    });
    expect(ny?.records.find((r) => r.soc_code === '29-1141')).toMatchObject({
      base_employment: 183210,
      projected_employment: 214460,
      openings: 7450,
      growth_openings: 3120,
      replacement_openings: 4320,
    });
    // Each of the three openings figures is rounded to 10 on its own, so growth + replacement
    // misses the total by 10 on 151 of the 811 rows (RN: 3,120 + 4,320 = 7,440, total 7,450).
    const gaps = (ny?.records ?? []).map(
      (r) => (r.growth_openings ?? 0) + (r.replacement_openings ?? 0) - (r.openings ?? 0),
    );
    expect(gaps.every((g) => Math.abs(g) <= 10)).toBe(true);
    expect(gaps.filter((g) => g !== 0)).toHaveLength(151);
    for (const r of ny?.records ?? []) {
      expect(r.projected_employment - r.base_employment).toBe(r.change);
    }
    expect(ny?.units).toEqual({
      employment_multiplier: 1,
      openings_period_years: 1,
      pct_change_unit: 'percent',
      openings_method: 'growth-replacement',
      soc_vintage: 2010,
      rounding: 10,
    });
  });
});

describe('New York DOL layout (fixture)', () => {
  it('strips the BOM and the "\' " code prefix, reads "13.1%", keeps growth and replacement', async () => {
    const tables = await readNyDolLongterm(FIXTURE, NAME);
    expect(tables.map((t) => [t.area.code, t.area.name, t.records.length])).toEqual([
      ['NY', 'New York State', 4],
      ['NY-region-2', 'New York region 2', 1],
      ['NY-region-7', 'New York region 7', 2],
    ]);
    const rn = tables[0]?.records.find((r) => r.soc_code === '29-1141');
    expect(rn).toMatchObject({ pct_change: 17.1, growth_openings: 3120, is_detail: true });
    expect(tables[0]?.records.find((r) => r.soc_code === '29-0000')?.is_detail).toBe(false);
    expect(tables[2]?.records.find((r) => r.soc_code === '43-4011')?.change).toBe(-930);
  });

  it('names file, row, column and value for a bad number', () => {
    expect(() => readEdited((s) => s.replace('17.1%', '17.1 pct'))).toThrow(
      'longterm_occproj.csv, row 4, column "Percent", value "17.1 pct": expected a number.',
    );
  });

  it('names a bad code and a missing column', () => {
    expect(() => readEdited((s) => s.replace("' 29-1141", "' 29-114"))).toThrow(
      /row 4, column "SOC", value "' 29-114": expected a SOC code/,
    );
    expect(() => readEdited((s) => s.replace('Growth Annual Openings', 'Growth'))).toThrow(
      'required column "Growth Annual Openings" is missing',
    );
  });
});
