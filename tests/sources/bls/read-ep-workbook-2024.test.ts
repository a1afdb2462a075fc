/**
 * BLS's current occupation.xlsx (2024-34) read by the same workbook reader as 2019-29: years from
 * the headers ("2024 National Employment Matrix code", "Employment, 2034", en dashes in
 * "2024–34"), and the worker characteristics from Table 1.2, where BLS now prints them
 * ("Median annual wage, dollars, 2024[1]"), there being no such Table 1.7.
 *
 * The workbook is written here in that layout. Its figures: the total row of Table 1.10 as BLS
 * published it (169,956.1 → 175,167.9 thousand; exits 8,155.0, transfers 10,187.1, openings
 * 18,863.3 a year); Registered nurses and Anesthesiologists in Table 1.2 as in the real 2024-34
 * export (projections_national/bls_ep_2024_2034_occupations.csv: 3,391.0 → 3,557.1, 189.1
 * openings, $93,600; 45.3 → 46.7, ">=239,200"). Their exits/transfers split in Table 1.10 is made
 * up for the fixture (that export has none); it adds up with the change to the openings.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBlsEp2019 } from '../../../sources/bls/read-ep-2019-2029.ts';
import { tempDir, writeWorkbook } from '../../helpers.ts';

const NEM = ['2024 National Employment Matrix title', '2024 National Employment Matrix code'];
const TABLE_1_2 = [
  [
    'Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024\n(Numbers in thousands)',
  ],
  [
    ...NEM,
    'Occupation type',
    'Employment, 2024',
    'Employment, 2034',
    'Employment distribution, percent, 2024',
    'Employment distribution, percent, 2034',
    'Employment change, numeric, 2024–34',
    'Employment change, percent, 2024–34',
    'Percent self employed, 2024',
    'Occupational openings, 2024–34 annual average',
    'Median annual wage, dollars, 2024[1]',
    'Typical education needed for entry',
    'Work experience in a related occupation',
    'Typical on-the-job training needed to attain competency in the occupation',
  ],
  [
    'Total, all occupations',
    '00-0000',
    'Summary',
    169956.1,
    175167.9,
    100,
    100,
    5211.8,
    3.1,
    null,
    18863.3,
    49500,
    '—',
    '—',
    '—',
  ],
  [
    'Registered nurses',
    '29-1141',
    'Line item',
    3391,
    3557.1,
    2,
    2,
    166.1,
    4.9,
    null,
    189.1,
    93600,
    "Bachelor's degree",
    'None',
    'None',
  ],
  [
    'Anesthesiologists',
    '29-1211',
    'Line item',
    45.3,
    46.7,
    0,
    0,
    1.4,
    3.2,
    null,
    1.3,
    '>=239,200',
    'Doctoral or professional degree',
    'None',
    'Internship/residency',
  ],
  [
    '[1] Data are from the Occupational Employment and Wage Statistics program, U.S. Bureau of Labor Statistics.',
  ],
  ['Source: Employment Projections program, U.S. Bureau of Labor Statistics'],
];
const TABLE_1_10 = [
  [
    'Table 1.10 Occupational separations and openings, projected 2024–34\n(Employment in thousands)',
  ],
  [
    ...NEM,
    'Occupation\ntype',
    'Employment, 2024',
    'Employment, 2034',
    'Employment change, numeric, 2024–34',
    'Employment change, percent, 2024–34',
    'Labor force exit rate, 2024–34 annual average',
    'Occupational transfer rate, 2024–34 annual average',
    'Total occupational separations rate, 2024–34 annual average',
    'Labor force exits, 2024–34 annual average',
    'Occupational transfers, 2024–34 annual average',
    'Total occupational separations, 2024–34 annual average',
    'Occupational openings, 2024–34 annual average',
  ],
  [
    'Total, all occupations',
    '00-0000',
    'Summary',
    169956.1,
    175167.9,
    5211.8,
    3.1,
    4.8,
    6,
    10.8,
    8155,
    10187.1,
    18342.1,
    18863.3,
  ],
  [
    'Registered nurses',
    '29-1141',
    'Line item',
    3391,
    3557.1,
    166.1,
    4.9,
    2.3,
    2.8,
    5.1,
    78.9,
    93.6,
    172.5,
    189.1,
  ],
  [
    'Anesthesiologists',
    '29-1211',
    'Line item',
    45.3,
    46.7,
    1.4,
    3.2,
    1.5,
    1.1,
    2.6,
    0.7,
    0.5,
    1.2,
    1.3,
  ],
  ['Source: Employment Projections program, U.S. Bureau of Labor Statistics'],
];

async function workbook(sheets: { name: string; rows: (string | number | null)[][] }[]) {
  const path = join(tempDir(), 'occupation.xlsx');
  await writeWorkbook(path, sheets);
  return path;
}

describe('BLS EP occupation.xlsx, 2024-34 layout (fixture)', () => {
  it('reads the years from the headers and the wages from Table 1.2', async () => {
    const path = await workbook([
      { name: 'Index', rows: [['Employment Projections: occupation tables']] },
      { name: 'Table 1.2', rows: TABLE_1_2 },
      { name: 'Table 1.10', rows: TABLE_1_10 },
    ]);
    const [t] = await readBlsEp2019(path, 'occupation.xlsx');
    expect(t).toMatchObject({ base_year: 2024, proj_year: 2034 });
    expect(t?.units.employment_multiplier).toBe(1000);
    expect(t?.records).toHaveLength(3);
    const byCode = new Map(t?.records.map((r) => [r.soc_code, r]));
    expect(byCode.get('00-0000')).toMatchObject({
      is_total: true,
      base_employment: 169956.1,
      projected_employment: 175167.9,
      exits: 8155,
      transfers: 10187.1,
      openings: 18863.3,
      median_annual_wage: 49500,
      education: null,
    });
    expect(byCode.get('29-1141')).toMatchObject({
      source_row: 4,
      soc_title: 'Registered nurses',
      is_detail: true,
      base_employment: 3391,
      projected_employment: 3557.1,
      change: 166.1,
      pct_change: 4.9,
      exits: 78.9,
      transfers: 93.6,
      openings: 189.1,
      median_annual_wage: 93600,
      median_wage_topcoded: false,
      education: "Bachelor's degree",
      work_experience: 'None',
      ojt: 'None',
    });
    expect(byCode.get('29-1211')).toMatchObject({
      median_annual_wage: 239200,
      median_wage_topcoded: true,
      ojt: 'Internship/residency',
    });
    expect(t?.notes).toContain(
      'Employment, exits, transfers and openings are from Table 1.10; median wage, education, experience and training from Table 1.2.',
    );
    expect(t?.notes).toContain(
      'Median annual wage is OEWS May 2024; 1 rows show only the top-code floor (">=239,200") and are flagged as top-coded.',
    );
  });

  it('names the sheet it needs when no table carries the wages', async () => {
    const path = await workbook([{ name: 'Table 1.10', rows: TABLE_1_10 }]);
    await expect(readBlsEp2019(path, 'occupation.xlsx')).rejects.toThrow(
      'occupation.xlsx has no sheet named "Table 1.7" (sheets present: Table 1.10).',
    );
  });

  it('stops when Table 1.10 and Table 1.2 disagree on an occupation’s employment', async () => {
    const rows = TABLE_1_2.map((r) =>
      r[1] === '29-1141' ? r.map((c, i) => (i === 3 ? 3390 : c)) : r,
    );
    const withChecks = await workbook([
      { name: 'Table 1.2', rows },
      { name: 'Table 1.10', rows: TABLE_1_10 },
      // With a Table 1.7 carrying the wages, Table 1.2 only cross-checks.
      { name: 'Table 1.7', rows: TABLE_1_2 },
    ]);
    await expect(readBlsEp2019(withChecks, 'occupation.xlsx')).rejects.toThrow(
      /occupation\.xlsx.*row 4.*Employment, 2024.*Table 1\.2/,
    );
  });
});
