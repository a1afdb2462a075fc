import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  caEddAreasFromTable,
  readCaEddLongtermAreas,
} from '../../../sources/ca-edd/read-longterm-areas.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES } from '../../helpers.ts';

const REAL = 'projections_state/ca_edd_2020_2030/ca_edd_longterm_occproj_2020_2030_all_areas.csv';
const FIXTURE = join(FIXTURES, 'ca-edd', 'longterm_all_areas_2020_2030.csv');
const NAME = 'longterm_all_areas_2020_2030.csv';

function readEdited(edit: (text: string) => string) {
  const text = edit(readFileSync(FIXTURE, 'utf8'));
  return caEddAreasFromTable(parseCsvTable(text, NAME, { contains: 'area type' }));
}

describeWithData('California EDD 2020-2030 all areas (real file)', () => {
  it('splits 16,908 rows into 33 areas: the state, 29 metros, 3 consortia', async () => {
    const tables = await readCaEddLongtermAreas(dataFile(REAL), REAL);
    expect(tables).toHaveLength(33);
    expect(tables.reduce((n, t) => n + t.records.length, 0)).toBe(16908);
    const types = tables.map((t) => t.area.publisher_type);
    expect(types.filter((t) => t === 'State')).toHaveLength(1);
    expect(types.filter((t) => t === 'Metropolitan Area')).toHaveLength(29);
    expect(types.filter((t) => t === 'Consortium')).toHaveLength(3);
    expect(new Set(tables.map((t) => t.area.code)).size).toBe(33);
    expect(tables.every((t) => t.base_year === 2020 && t.proj_year === 2030)).toBe(true);
  });

  it('matches the PROVENANCE statewide checks', async () => {
    const tables = await readCaEddLongtermAreas(dataFile(REAL), REAL);
    const ca = tables.find((t) => t.area.code === 'CA');
    expect(ca?.area).toMatchObject({ name: 'California', type: 'state', fips: '06' });
    expect(ca?.records).toHaveLength(746);
    expect(ca?.records.filter((r) => r.is_detail)).toHaveLength(629);
    expect(ca?.records.find((r) => r.is_total)).toMatchObject({
      base_employment: 17785900,
      projected_employment: 20629600,
      change: 2843700,
      pct_change: 16,
    });
    expect(ca?.records.filter((r) => r.is_detail && r.median_annual_wage === null)).toHaveLength(
      39,
    );
    expect(ca?.records.some((r) => r.soc_code === '15-1256' && r.is_detail)).toBe(true);
    expect(ca?.units).toMatchObject({ openings_period_years: 10, pct_change_unit: 'percent' });
    for (const r of ca?.records.filter((x) => x.is_detail) ?? []) {
      expect((r.exits ?? 0) + (r.transfers ?? 0) + (r.change ?? 0)).toBe(r.openings);
    }
  });
});

describe('California EDD all-areas layout (fixture)', () => {
  it('gives each area its own table with a stable code', async () => {
    const tables = await readCaEddLongtermAreas(FIXTURE, NAME);
    expect(tables.map((t) => [t.area.code, t.area.type, t.records.length])).toEqual([
      ['CA', 'state', 4],
      ['CA-napa-msa', 'substate', 2],
      ['CA-north-coast-region', 'substate', 1],
    ]);
    const actors = tables[0]?.records.find((r) => r.soc_code === '27-2011');
    expect(actors).toMatchObject({ median_annual_wage: null, median_hourly_wage: null });
    expect(tables[0]?.notes.join(' ')).toContain('1 detailed rows with annual wage 0');
  });

  it('names file, row, column and value for a bad number', () => {
    expect(() => readEdited((s) => s.replace('323900,358900', '323900,35890O'))).toThrow(
      'longterm_all_areas_2020_2030.csv, row 4, column "Projected Year Employment Estimate", value "35890O": expected a number.',
    );
  });

  it('names a bad period and a missing column', () => {
    expect(() =>
      readEdited((s) => s.replace('Napa County),2020-2030', 'Napa County),2020')),
    ).toThrow(/row 6, column "Period", value "2020": expected a projection period/);
    expect(() => readEdited((s) => s.replace('Exits,', 'Leavers,'))).toThrow(
      'required column "Exits" is missing',
    );
  });
});
