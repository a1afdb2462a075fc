import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  OEWS_MAY_2015,
  OEWS_MAY_2025,
  type OewsRelease,
  oewsWagesFromTable,
  readOewsWages,
} from '../../../sources/oews/read-wages.ts';
import type { WageTable } from '../../../sources/oews/wage-record.ts';
import { WAGE_READERS } from '../../../sources/readers.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES, shippedFile } from '../../helpers.ts';

const REAL_2015 = 'wages/bls_oews_may2015_state_all_trendct.csv';
const REAL_2025 = 'wages/bls_oews_may2025_national.csv';
const FIX_2015 = join(FIXTURES, 'oews', 'state_M2015_dl_trendct.csv');
const FIX_2025 = join(FIXTURES, 'oews', 'national_M2025_dl.csv');

function find(tables: WageTable[], area: string, code: string, group?: string) {
  const t = tables.find((x) => x.area.code === area);
  return t?.records.find(
    (r) => r.soc_code === code && (group === undefined || r.occ_group === group),
  );
}

function readEdited(fixture: string, release: OewsRelease, edit: (text: string) => string) {
  const text = edit(readFileSync(fixture, 'utf8'));
  return oewsWagesFromTable(parseCsvTable(text, 'edited.csv', { contains: 'occ_code' }), release);
}

describeWithData('OEWS May 2015 all states, TrendCT copy (real file)', () => {
  // Read in beforeAll, not while collecting: a skipped suite's body still runs, without the file.
  let tables: WageTable[] = [];
  beforeAll(async () => {
    tables =
      (await WAGE_READERS['oews-may2015-state-trendct']?.(dataFile(REAL_2015), REAL_2015)) ?? [];
  });

  it('has 51 areas (50 states and DC), SOC 2010, May 2015', () => {
    expect(tables).toHaveLength(51);
    expect(tables.every((t) => t.soc_vintage === 2010 && t.reference_period === 'May 2015')).toBe(
      true,
    );
    const ct = tables.find((t) => t.area.code === 'CT');
    expect(ct?.area).toEqual({ code: 'CT', name: 'Connecticut', fips: '09' });
    expect(ct?.records).toHaveLength(721);
  });

  it('matches the PROVENANCE checks for Connecticut', () => {
    expect(find(tables, 'CT', '00-0000')).toMatchObject({
      occ_group: 'total',
      tot_emp: 1659430,
      a_median: 43830,
      a_mean: 56280,
    });
    expect(find(tables, 'CT', '29-1141')).toMatchObject({
      soc_title: 'registered nurses',
      occ_group: 'detailed',
      tot_emp: 32440,
      a_median: 76460,
      a_median_flag: null,
    });
  });

  it('reads the CT chief executives median as unknown: top-coded at BLS, blank in this copy', () => {
    expect(find(tables, 'CT', '11-1011')).toMatchObject({
      tot_emp: 1370,
      a_median: null,
      a_median_flag: null,
      h_median: null,
    });
    const ct = tables.find((t) => t.area.code === 'CT');
    expect(ct?.notes.join(' ')).toContain('30 rows have a blank A_MEDIAN');
  });
});

describe('OEWS May 2025 national (real file)', () => {
  let tables: WageTable[] = [];
  let nat: WageTable | undefined;
  beforeAll(async () => {
    tables = await readOewsWages(shippedFile(REAL_2025), REAL_2025, OEWS_MAY_2025);
    nat = tables[0];
  });

  it('is one national SOC 2018 table with all five levels', () => {
    expect(tables).toHaveLength(1);
    expect(nat?.area).toEqual({ code: 'US', name: 'United States', fips: '00' });
    expect(nat?.records).toHaveLength(1401);
    expect(nat?.soc_vintage).toBe(2018);
    expect(new Set(nat?.records.map((r) => r.occ_group))).toEqual(
      new Set(['total', 'major', 'minor', 'broad', 'detailed']),
    );
  });

  it('matches the PROVENANCE checks', () => {
    expect(find(tables, 'US', '00-0000')).toMatchObject({ tot_emp: 155495730, a_median: 50980 });
    expect(find(tables, 'US', '29-1141')).toMatchObject({ tot_emp: 3379720, a_median: 97550 });
    expect(find(tables, 'US', '15-1252')).toMatchObject({
      soc_title: 'Software Developers',
      tot_emp: 1687890,
      a_median: 135980,
    });
  });

  it('keeps "*" as a suppressed flag, never a zero', () => {
    const starred = nat?.records.filter((r) => r.a_median_flag === 'suppressed') ?? [];
    expect(starred).toHaveLength(7);
    expect(starred.every((r) => r.a_median === null)).toBe(true);
    expect(nat?.records.filter((r) => r.h_median_flag === 'suppressed')).toHaveLength(81);
  });
});

describe('OEWS layouts (fixtures)', () => {
  it('reads the older state layout with "*", "#" and "**" kept as flags', async () => {
    const tables = await readOewsWages(FIX_2015, 'state_M2015_dl_trendct.csv', OEWS_MAY_2015);
    expect(tables.map((t) => t.area.code)).toEqual(['CT', 'RI']);
    expect(find(tables, 'CT', '29-1062')).toMatchObject({
      a_median: null,
      a_median_flag: 'top-coded',
      h_median: null,
      h_median_flag: 'top-coded',
      a_mean: 197800,
      a_mean_flag: null,
    });
    expect(find(tables, 'CT', '27-2011')).toMatchObject({
      tot_emp: null,
      a_mean: null,
      a_mean_flag: null,
      a_median: null,
      a_median_flag: null,
    });
    expect(find(tables, 'CT', '11-1011')).toMatchObject({ a_median: null, a_median_flag: null });
    expect(find(tables, 'RI', '29-1141')).toMatchObject({ area_fips: '44', a_median: 75190 });
    expect(tables[0]?.notes.join(' ')).toContain('probably top-coded');
  });

  it('reads the newer layout: "#" and "*" flags, "3,379,720" text, aggregates at two levels', async () => {
    const tables = await readOewsWages(FIX_2025, 'national_M2025_dl.csv', OEWS_MAY_2025);
    expect(tables).toHaveLength(1);
    expect(find(tables, 'US', '29-1141')).toMatchObject({ tot_emp: 3379720, a_median: 97550 });
    expect(find(tables, 'US', '29-1216')).toMatchObject({
      a_mean: null,
      a_mean_flag: 'top-coded',
      a_median: null,
      a_median_flag: 'top-coded',
    });
    expect(find(tables, 'US', '25-2021')).toMatchObject({
      a_median: 66470,
      h_median: null,
      h_median_flag: 'suppressed',
    });
    expect(find(tables, 'US', '27-2011')).toMatchObject({
      a_mean_flag: 'suppressed',
      a_median_flag: 'suppressed',
      h_median: 26.32,
    });
    expect(find(tables, 'US', '13-1020', 'broad')?.tot_emp).toBe(491430);
    expect(find(tables, 'US', '13-1020', 'detailed')?.tot_emp).toBe(491430);
    expect(tables[0]?.notes.join(' ')).toContain('appear twice');
  });

  it('names file, row, column and value for a bad number', () => {
    expect(() =>
      readEdited(FIX_2015, OEWS_MAY_2015, (s) => s.replace(',76460,', ',76.460.0,')),
    ).toThrow('edited.csv, row 4, column "A_MEDIAN", value "76.460.0": expected a number.');
  });

  it('refuses a "#" in employment, which BLS never top-codes', () => {
    expect(() => readEdited(FIX_2025, OEWS_MAY_2025, (s) => s.replace('"3,379,720"', '#'))).toThrow(
      'row 5, column "TOT_EMP", value "#"',
    );
  });

  it('names a missing column and lists the ones present', () => {
    expect(() =>
      readEdited(FIX_2025, OEWS_MAY_2025, (s) => s.replace('A_MEDIAN', 'A_MIDDLE')),
    ).toThrow(/required column "A_MEDIAN" is missing\. Columns present: .*"A_MIDDLE"/);
  });

  it('refuses a level that is not an OEWS occupation group', () => {
    expect(() =>
      readEdited(FIX_2015, OEWS_MAY_2015, (s) =>
        s.replace('registered nurses,detailed', 'registered nurses,line item'),
      ),
    ).toThrow('row 4, column "OCC_GROUP", value "line item"');
  });

  it('refuses the same code twice at the same level in one area', () => {
    expect(() =>
      readEdited(FIX_2015, OEWS_MAY_2015, (s) => s.replace('29-1062', '29-1141')),
    ).toThrow('the occupation code appears again (first at row 4)');
  });
});
