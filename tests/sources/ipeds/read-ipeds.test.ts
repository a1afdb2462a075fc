/**
 * IPEDS readers: the hand-written fixture in NCES's full C2023_A layout (race/sex columns, second
 * majors, 99 / 2-digit / 4-digit summary rows) and the real first-major files of PROVENANCE §9.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../kernel/cli-error.ts';
import { awardLevelOf } from '../../../sources/ipeds/award-levels.ts';
import {
  completionsFromTable,
  parseCompletionsCip,
  readCompletions,
} from '../../../sources/ipeds/read-completions.ts';
import { readInstitutions } from '../../../sources/ipeds/read-institutions.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES } from '../../helpers.ts';

const C2023 = join(FIXTURES, 'ipeds', 'c2023_a.csv');
const HD2023 = join(FIXTURES, 'ipeds', 'hd2023.csv');

describe('IPEDS completions reader on the NCES-layout fixture', () => {
  it('keeps first majors of 6-digit programs, grouped by award level', () => {
    const rows = readCompletions(C2023, 'c2023_a.csv');
    expect(
      rows.map((r) => [r.unitid, r.cip_code, r.awlevel, r.award_level, r.completions]),
    ).toEqual([
      ['900001', '51.3801', 5, 'bachelor', 120],
      ['900001', '51.3801', 3, 'associate', 40],
      ['900001', '11.0701', 5, 'bachelor', 60],
      ['900001', '24.0101', 5, 'bachelor', 10],
      ['900002', '47.0604', 21, 'short_certificate', 25],
      ['900003', '51.3801', 5, 'bachelor', 500],
      ['900004', '51.3801', 5, 'bachelor', 300],
      ['900004', '51.3801', 3, 'associate', 100],
      ['900004', '11.0701', 5, 'bachelor', 200],
      ['900004', '24.0101', 5, 'bachelor', 50],
    ]);
    // Second majors on request: the 3 second-major RN bachelor's join.
    const both = readCompletions(C2023, 'c2023_a.csv', { majors: [1, 2] });
    expect(both.reduce((t, r) => t + r.completions, 0)).toBe(1408);
    // One institution only: its rows, still checked against its 99 totals.
    const one = readCompletions(C2023, 'c2023_a.csv', { institution: (id) => id === '900002' });
    expect(one.map((r) => [r.cip_code, r.completions])).toEqual([['47.0604', 25]]);
  });

  it('stops when a summary row does not equal its 6-digit rows, naming file, row and values', () => {
    const text = `UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT
900001,51.3801,1,5,120
900001,11.0701,1,5,60
900001,99,1,5,181
`;
    const table = parseCsvTable(text, 'c.csv', { contains: 'cipcode' });
    expect(() => completionsFromTable(table)).toThrowError(
      /c\.csv, row 4.*CTOTALT.*181.*CIP 99 \(all programs\).*add up to 180/,
    );
    const bad = parseCsvTable(
      'UNITID,CIPCODE,MAJORNUM,AWLEVEL,CTOTALT\n900001,51.3801,1,9,120\n',
      'c.csv',
      { contains: 'cipcode' },
    );
    expect(() => completionsFromTable(bad)).toThrowError(CliError);
    expect(() => completionsFromTable(bad)).toThrowError(/row 2.*AWLEVEL.*9/);
  });

  it('reads CIP codes as NCES and spreadsheets write them', () => {
    expect(parseCompletionsCip('1.0101')).toEqual({ code: '01.0101', kind: '6' });
    expect(parseCompletionsCip('="51.3801"')).toEqual({ code: '51.3801', kind: '6' });
    expect(parseCompletionsCip('51.38')).toEqual({ code: '51.38', kind: '4' });
    expect(parseCompletionsCip('99')).toEqual({ code: '99', kind: 'total' });
    expect(parseCompletionsCip('RN')).toBeUndefined();
    expect([20, 21, 2, 4, 3, 5, 7, 18].map(awardLevelOf)).toEqual([
      'short_certificate',
      'short_certificate',
      'certificate',
      'certificate',
      'associate',
      'bachelor',
      'graduate',
      'graduate',
    ]);
  });

  it('places institutions by state FIPS, county and CBSA, with -2 as no value', () => {
    const rows = readInstitutions(HD2023, 'hd2023.csv');
    expect(rows.map((r) => [r.unitid, r.state, r.state_fips, r.county_fips, r.cbsa])).toEqual([
      ['900001', 'CT', '09', '09003', '25540'],
      ['900002', 'CT', '09', '09009', null],
      ['900003', 'MA', '25', '25025', '14460'],
      ['900004', 'CA', '06', '06037', '31080'],
    ]);
  });
});

describeWithData('IPEDS readers on the real 2022–23 files', () => {
  it("counts Connecticut's 52,923 first-major 6-digit awards, RN 1,678 bachelor's and 737 associate's", () => {
    const hd = readInstitutions(dataFile('supply/ipeds_hd2023.csv'), 'hd2023');
    expect(hd).toHaveLength(6163);
    const ct = new Set(hd.filter((i) => i.state_fips === '09').map((i) => i.unitid));
    expect(ct.size).toBe(67);
    const rows = readCompletions(dataFile('supply/ipeds_c2023_a_majornum1.csv'), 'c2023');
    // 263,014 6-digit rows; national awards 5,297,774 (equal to the 99 rows, PROVENANCE §9).
    expect(rows).toHaveLength(263014);
    expect(rows.reduce((t, r) => t + r.completions, 0)).toBe(5297774);
    const inCt = rows.filter((r) => ct.has(r.unitid));
    expect(inCt.reduce((t, r) => t + r.completions, 0)).toBe(52923);
    const rn = (level: string) =>
      inCt
        .filter((r) => r.cip_code === '51.3801' && r.award_level === level)
        .reduce((t, r) => t + r.completions, 0);
    expect([rn('bachelor'), rn('associate')]).toEqual([1678, 737]);
  });
});
