/**
 * The column-mapping reader on the real files in ../shared/data (the Projections Central RN
 * table of every state, New York DOL and BLS 2024-34 through the generic path, agreeing with
 * their dedicated readers) and on hand-written fixtures in the publishers' exact layouts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../kernel/cli-error.ts';
import { readBlsEp2024 } from '../../../sources/bls/read-ep-2024-2034.ts';
import { detectLayout } from '../../../sources/detect-layout.ts';
import {
  mappedFromTable,
  readMappedProjections,
} from '../../../sources/mapped/read-mapped-projections.ts';
import { readNyDolLongterm } from '../../../sources/ny-dol/read-longterm.ts';
import type { ProjectionRecord, ProjectionTable } from '../../../sources/projection-record.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES, tempDir } from '../../helpers.ts';

const PC_RN = 'projections_state/pc_longterm_2024_2034_29-1141_all_states.csv';
const NY =
  'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv';
const BLS = 'projections_national/bls_ep_2024_2034_occupations.csv';

const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

function record(t: ProjectionTable | undefined, code: string): ProjectionRecord | undefined {
  return t?.records.find((r) => r.soc_code === code);
}

const sum = (t: ProjectionTable, f: 'base_employment' | 'projected_employment') =>
  t.records.filter((r) => r.is_detail).reduce((s, r) => s + r[f], 0);

/** The CliError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<CliError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describeWithData('the real files', () => {
  it('reads the Projections Central RN table as 54 states, the United States row dropped', async () => {
    const path = dataFile(PC_RN);
    expect(await detectLayout(path, PC_RN)).toBe('projections-central-bulk-csv');
    const read = await readMappedProjections(path, PC_RN);
    expect(read.tables).toHaveLength(54);
    expect(read.dropped.usRows).toBe(1);
    expect(read.tables.some((t) => t.area.code === 'US' || t.area.fips === '00')).toBe(false);
    const by = (code: string) => read.tables.find((t) => t.area.code === code);
    // File rows 9, 20 and 8: Connecticut, Kansas, Colorado.
    expect(by('CT')?.area).toEqual({ code: 'CT', name: 'Connecticut', type: 'state', fips: '09' });
    expect(record(by('CT'), '29-1141')).toMatchObject({
      base_employment: 41160,
      projected_employment: 43880,
      change: 2720,
      pct_change: 6.6,
      openings: 2380,
      is_detail: true,
    });
    expect(record(by('KS'), '29-1141')).toMatchObject({
      base_employment: 34190,
      projected_employment: 35660,
      openings: 1880,
    });
    expect(record(by('CO'), '29-1141')).toMatchObject({ base_employment: 55520, change: 10900 });
    // Every state's base, projected and openings add up to the file's (awk over rows with STFIPS ≠ 0).
    const all = read.tables.flatMap((t) => t.records);
    expect(all.reduce((s, r) => s + r.base_employment, 0)).toBe(3420510);
    expect(all.reduce((s, r) => s + r.projected_employment, 0)).toBe(3751970);
    expect(all.reduce((s, r) => s + (r.openings ?? 0), 0)).toBe(212690);
    expect(by('CT')?.units).toMatchObject({ rounding: 10, openings_period_years: 1 });
    expect(read.identities.filter((i) => i.result === 'fails')).toEqual([]);
    expect(read.identities.filter((i) => i.result === 'holds')).toHaveLength(3);
  });

  it('reads New York DOL through the generic path as its own reader does', async () => {
    const path = dataFile(NY);
    const read = await readMappedProjections(path, NY, {
      layout: 'generic',
      columns: { base: 'Base Year', projected: 'Projected Year' },
    });
    const own = await readNyDolLongterm(path, NY);
    expect(read.tables).toHaveLength(own.length);
    const fields = (r: ProjectionRecord) => [
      r.soc_code,
      r.is_detail,
      r.base_employment,
      r.projected_employment,
      r.change,
      r.pct_change,
      r.openings,
      r.growth_openings,
      r.replacement_openings,
    ];
    for (const [i, t] of own.entries()) {
      const mine = read.tables[i] as ProjectionTable;
      expect(mine.records.map(fields)).toEqual(t.records.map(fields));
      expect([mine.base_year, mine.proj_year]).toEqual([t.base_year, t.proj_year]);
      expect(mine.units).toMatchObject({
        soc_vintage: 2010,
        openings_method: 'growth-replacement',
        pct_change_unit: 'percent',
        rounding: 10,
      });
    }
    // The statewide 00-0000 row (file row 2): 9,914,750 → 11,212,710, 361,750 openings.
    expect(record(read.tables[0], '00-0000')).toMatchObject({
      base_employment: 9914750,
      projected_employment: 11212710,
      openings: 361750,
      is_total: true,
      is_detail: false,
    });
  });

  it('reads BLS 2024-34 through the generic path as its own reader does (thousands, from the decimals)', async () => {
    const path = dataFile(BLS);
    const read = await readMappedProjections(path, BLS, { layout: 'generic' });
    const [own] = await readBlsEp2024(path, BLS);
    const [mine] = read.tables;
    if (!own || !mine) throw new Error('no table');
    expect(mine.records).toHaveLength(832);
    expect(mine.units).toMatchObject({ employment_multiplier: 1000, openings_period_years: 1 });
    expect(read.units.find((u) => u.unit === 'employment')?.how).toContain('decimals');
    const fields = (r: ProjectionRecord) => [
      r.soc_code,
      r.base_employment,
      r.projected_employment,
      r.change,
      r.pct_change,
      r.openings,
      r.median_annual_wage,
      r.median_wage_topcoded ?? false,
    ];
    expect(mine.records.map(fields)).toEqual(own.records.map(fields));
    // Registered nurses: 3,391.0 thousand in 2024, 189.1 thousand openings a year, $93,600.
    expect(record(mine, '29-1141')).toMatchObject({
      base_employment: 3391,
      openings: 189.1,
      median_annual_wage: 93600,
      is_detail: true,
    });
    expect(read.warnings).toEqual([
      `${BLS}: 6 cells of column "Median Annual Wage 2024" blank or suppressed (confidential): kept as no value, never read as zero.`,
    ]);
  });
});

describe("hand-written fixtures in the publishers' layouts", () => {
  it('Projections Central bulk CSV: three states, the US rows dropped, exits + transfers + change/10 = openings', async () => {
    const path = fixture('projections-central', 'ltprojections.csv');
    expect(await detectLayout(path, 'ltprojections.csv')).toBe('projections-central-bulk-csv');
    const read = await readMappedProjections(path, 'ltprojections.csv');
    expect(read.tables.map((t) => t.area.code)).toEqual(['CO', 'CT', 'KS']);
    expect(read.dropped.usRows).toBe(7);
    const ks = read.tables.find((t) => t.area.code === 'KS') as ProjectionTable;
    expect(record(ks, '29-1141')).toMatchObject({
      base_employment: 31880,
      projected_employment: 33850,
      change: 1980,
      exits: 670,
      transfers: 1120,
      openings: 1980,
    });
    expect(record(ks, '00-0000')).toMatchObject({ is_total: true, is_detail: false });
    // 13-1020 is an OEWS aggregate published without members: a line item.
    expect(record(ks, '13-1020')?.is_detail).toBe(true);
    expect(sum(ks, 'base_employment')).toBe(31880 + 2930 + 9860 + 33440 + 3110);
    expect(read.identities.find((i) => i.identity.startsWith('exits'))).toMatchObject({
      checked: 15,
      failed: 0,
      result: 'holds',
    });
  });

  it('Projections Central web export: thousands separators and "%" read, one area per state', async () => {
    const path = fixture('projections-central', 'web-export.csv');
    expect(await detectLayout(path, 'web-export.csv')).toBe('projections-central-web-export');
    const read = await readMappedProjections(path, 'web-export.csv');
    expect(read.tables.map((t) => `${t.area.code} ${t.area.name}`)).toEqual([
      'CO Colorado',
      'KS Kansas',
    ]);
    expect(record(read.tables[0], '29-1141')).toMatchObject({
      base_employment: 54210,
      projected_employment: 57570,
      change: 3360,
      pct_change: 6.2,
      openings: 3370,
    });
    expect(read.mapping).toContainEqual({ field: 'projected', header: 'Projection' });
  });

  it('ALMIS table: codelevel summary rows are checks only, suppressed cells counted once per column', async () => {
    const path = fixture('almis', 'iioccprj-kansas.csv');
    expect(await detectLayout(path, 'iioccprj-kansas.csv')).toBe('almis-projections');
    const read = await readMappedProjections(path, 'iioccprj-kansas.csv');
    expect(read.tables.map((t) => t.area)).toEqual([
      { code: 'KS', name: 'Kansas', type: 'state', fips: '20' },
      {
        code: 'KS-000001',
        name: 'Local Area I',
        type: 'substate',
        fips: '20',
        publisher_type: '15',
      },
    ]);
    const ks = read.tables[0] as ProjectionTable;
    // codelevel 4 marks 29-1140 as the broad group over 29-1141: not detail.
    expect(record(ks, '29-1140')?.is_detail).toBe(false);
    expect(record(ks, '29-1141')).toMatchObject({
      base_employment: 31877,
      projected_employment: 33854,
      openings: 1282,
      growth_openings: 198,
      replacement_openings: 1084,
      is_detail: true,
    });
    expect(ks.units.openings_method).toBe('growth-replacement');
    expect(sum(ks, 'base_employment')).toBe(31877 + 2931 + 9860 + 33442 + 12410);
    expect(record(ks, '29-1292')).toBeUndefined();
    expect(read.dropped.suppressedRows).toBe(2);
    expect(record(read.tables[1], '13-2011')?.openings).toBeNull();
    expect(read.warnings).toContain(
      'iioccprj-kansas.csv: 1 cell of column "aopent" blank or suppressed (confidential): kept as no value, never read as zero.',
    );
    expect(read.warnings).toContain(
      'iioccprj-kansas.csv: 2 rows with base or projected employment suppressed: counted, but kept out of every total.',
    );
    expect(read.levels).toEqual({ total: 2, major: 2, minor: 2, broad: 2, detailed: 10 });
    // aopeng is a tenth of each growing occupation's change (Kansas RN: 1,977 → 198).
    expect(read.identities.find((i) => i.identity.startsWith('growth openings'))).toMatchObject({
      checked: 10,
      failed: 0,
      result: 'holds',
    });
  });

  it('generic table: odd headers, title rows, whole-period openings found by the openings rate', async () => {
    const path = fixture('generic', 'colorado-style-total-openings.csv');
    expect(await detectLayout(path, 'co.csv')).toBe('generic');
    const read = await readMappedProjections(path, 'co.csv');
    const [co] = read.tables;
    expect(co?.area).toEqual({ code: 'CO', name: 'Colorado', type: 'state', fips: '08' });
    expect([co?.base_year, co?.proj_year]).toEqual([2022, 2032]);
    expect(co?.units.openings_period_years).toBe(10);
    expect(record(co, '29-1141')).toMatchObject({
      base_employment: 54212,
      projected_employment: 57573,
      change: 3361,
      openings: 54862,
      median_annual_wage: 89440,
      education: "Bachelor's degree",
    });
    expect(record(co, '47-2061')?.median_annual_wage).toBeNull();
    expect(read.mapping).toContainEqual({ field: 'base', header: '2022 Estimated Employment' });
    expect(read.units.find((u) => u.unit === 'openings')?.value).toBe('total');
    expect(read.dropped.blankRows).toBe(1);
  });

  it('stops whole-period openings headed "Annual Openings" by the openings-rate identity (exit 3)', async () => {
    const path = fixture('generic', 'total-openings-headed-annual.csv');
    const e = await failure(readMappedProjections(path, 'annual.csv'));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('the unit openings "annual" (the header "Annual Openings")');
    expect(e.message).toContain('openings rate: openings / base employment is 3–35 % a year');
    expect(e.message).toContain('147.9 %');
    expect(e.message).toContain('fit total (whole-period openings)');
  });

  it('stops openings declared annual in the config when they are whole-period totals (exit 3)', async () => {
    const path = fixture('generic', 'colorado-style-total-openings.csv');
    const e = await failure(
      readMappedProjections(path, 'co.csv', { units: { openings: 'annual' } }),
    );
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('openings "annual" (config "units")');
  });

  it('asks for "columns" when two columns compete or a field is missing (exit 2)', async () => {
    const path = fixture('generic', 'colorado-style-total-openings.csv');
    const missing = await failure(
      readMappedProjections(path, 'co.csv', {
        columns: { base: 'Numeric Change', projected: 'Percent Change', change: 'Total Openings' },
        layout: 'almis-projections',
      }),
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toContain('no column found for soc_code');
  });
});

describeWithData('the real files, competing columns', () => {
  it('asks for "columns" when two New York columns compete under the generic words (exit 2)', async () => {
    const compete = await failure(
      readMappedProjections(dataFile(NY), 'ny.csv', { layout: 'generic' }),
    );
    expect(compete.exitCode).toBe(2);
  });
});

describe('workbooks', () => {
  /** The fixture CSV's rows, written as the first sheet of a workbook (as the web export is). */
  async function asWorkbook(csv: string, title: string[], percentFormat = false): Promise<string> {
    const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8'), { skipEmptyLines: true }).data;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Long Term');
    for (const line of title) sheet.addRow([line]);
    for (const [i, row] of rows.entries()) {
      // Figures as numbers, the way a spreadsheet holds them; the header and codes as text.
      sheet.addRow(
        row.map((c) =>
          percentFormat && i > 0 && /^-?[\d.]+%$/.test(c)
            ? Number(c.slice(0, -1)) / 100
            : i > 0 && /^-?[\d,]+(\.\d+)?$/.test(c) && !/^0\d/.test(c)
              ? Number(c.replace(/,/g, ''))
              : c,
        ),
      );
    }
    book.addWorksheet('Notes').addRow(['Source: projectionscentral.org']);
    const path = join(tempDir(), 'export.xlsx');
    await book.xlsx.writeFile(path);
    return path;
  }

  it('reads the web export saved as .xlsx, its header found under title rows', async () => {
    const path = await asWorkbook(fixture('projections-central', 'web-export.csv'), [
      'Long Term Occupational Projections (2024-2034)',
      '',
    ]);
    expect(await detectLayout(path, 'export.xlsx')).toBe('projections-central-web-export');
    const read = await readMappedProjections(path, 'export.xlsx');
    expect(read.tables.map((t) => t.area.code)).toEqual(['CO', 'KS']);
    expect(record(read.tables[1], '29-1141')).toMatchObject({
      base_employment: 31880,
      projected_employment: 33850,
      openings: 1980,
    });
  });

  it('reads percent change kept as fractions by a percent cell format, the layout giving way', async () => {
    const path = await asWorkbook(fixture('projections-central', 'web-export.csv'), [], true);
    const read = await readMappedProjections(path, 'export.xlsx');
    expect(read.tables[0]?.units.pct_change_unit).toBe('fraction');
    expect(record(read.tables[0], '29-1141')?.pct_change).toBeCloseTo(0.062, 6);
    expect(read.units.find((u) => u.unit === 'pct_change')?.how).toContain('percent format');
  });

  it('reads a generic workbook with the state named in its title row', async () => {
    const path = await asWorkbook(fixture('generic', 'colorado-style-total-openings.csv'), []);
    const read = await readMappedProjections(path, 'co.xlsx');
    expect(read.layout).toBe('generic');
    expect(read.tables[0]?.area.code).toBe('CO');
    expect(record(read.tables[0], '15-1252')).toMatchObject({
      base_employment: 61213,
      projected_employment: 71619,
      openings: 68558,
    });
    expect(read.tables[0]?.units.openings_period_years).toBe(10);
  });
});

describe('the variety of real exports', () => {
  it('reads ALMIS codes stored without the dash, a bound for a small count, and a "Statewide" area', () => {
    const text = [
      'Kansas Long-Term Occupational Projections 2022-2032',
      'Area Name,SOC,Title,Employment 2022,Employment 2032,Annual Openings',
      'Kansas Statewide,291141,Registered Nurses,"31,877","33,854","1,282"',
      'Kansas Statewide,291171,Nurse Practitioners,"2,931","4,133",196',
      'Kansas Statewide,292092,Hearing Aid Specialists,<10,<10,<5',
      'Kansas Statewide,151252,Software Developers,"9,860","11,536",444',
    ].join('\n');
    const table = parseCsvTable(text, 'ks.csv', { contains: 'area name' });
    const read = mappedFromTable(table);
    expect(read.tables[0]?.area).toEqual({ code: 'KS', name: 'Kansas', type: 'state', fips: '20' });
    expect(record(read.tables[0], '29-1141')).toMatchObject({
      base_employment: 31877,
      openings: 1282,
    });
    expect(read.dropped.suppressedRows).toBe(1);
    expect(read.warnings).toContain(
      'ks.csv: 1 cell of column "Employment 2022" blank or suppressed (confidential): kept as no value, never read as zero.',
    );
  });

  it('refuses a figure that is text, naming file, row, column and value (exit 3)', () => {
    const text = [
      'SOC Code,Occupation,Employment 2022,Employment 2032,Annual Openings',
      '29-1141,Registered Nurses,31877,33854,about twelve hundred',
    ].join('\n');
    const table = parseCsvTable(text, 'bad.csv', { contains: 'soc code' });
    expect(() => mappedFromTable(table)).toThrow(
      'bad.csv, row 2, column "Annual Openings", value "about twelve hundred": expected a number',
    );
  });
});

describe('ALMIS separations fields', () => {
  // Kansas 2022-32 figures of the ALMIS fixture, split the separations way: annual exits and
  // transfers plus a tenth of the change make the annual openings; exits and transfers are also
  // given as ten-year totals.
  const header =
    'stfips,areatype,area,matoccode,codetitle,estyear,projyear,estoccprj,projoccprj,nchg,pchg,exits,transfers,annualexits,annualtransfers,annualchange,annualopenings';
  const rows = [
    '20,01,000000,291141,Registered Nurses,2022,2032,31877,33854,1977,6.2,7010,4850,701,485,198,1384',
    '20,01,000000,291171,Nurse Practitioners,2022,2032,2931,4133,1202,41.0,410,430,41,43,120,204',
    '20,01,000000,151252,Software Developers,2022,2032,9860,11536,1676,17.0,1480,2960,148,296,168,612',
  ];

  it('reads the annual fields and checks exits + transfers + change / 10 = openings', () => {
    const table = parseCsvTable([header, ...rows].join('\n'), 'almis.csv', { contains: 'stfips' });
    const read = mappedFromTable(table);
    expect(read.layout).toBe('almis-projections');
    expect(read.mapping).toContainEqual({ field: 'exits', header: 'annualexits' });
    expect(read.unused).toEqual(['exits', 'transfers', 'annualchange']);
    expect(record(read.tables[0], '29-1141')).toMatchObject({
      exits: 701,
      transfers: 485,
      openings: 1384,
      change: 1977,
    });
    expect(read.identities.find((i) => i.identity.startsWith('exits'))).toMatchObject({
      checked: 3,
      failed: 0,
      result: 'holds',
    });
  });

  it('stops ten-year openings in the annual field by that identity, naming a row and its values', () => {
    const totals = rows.map((r) => {
      const cells = r.split(',');
      const e = Number(cells[11]);
      const t = Number(cells[12]);
      const c = Number(cells[9]);
      cells[13] = String(e);
      cells[14] = String(t);
      cells[16] = String(e + t + c);
      return cells.join(',');
    });
    const table = parseCsvTable([header, ...totals].join('\n'), 'almis.csv', {
      contains: 'stfips',
    });
    expect(() => mappedFromTable(table)).toThrow(
      /the unit openings "annual" \(layout almis-projections\) fails the identity "exits \+ transfers \+ change \(over the openings' period\) = openings" \(row 2 \(29-1141: exits 7010, transfers 4850, change 1977, openings 13837\)/,
    );
  });
});

describe('lines under the table', () => {
  const head =
    'SOC Code,Occupation,Employment 2022,Employment 2032,Annual Openings\n29-1141,Registered Nurses,31877,33854,1282\n';

  it('leaves out a one-cell source line under a CSV table', async () => {
    const path = join(tempDir(), 'kansas_projections.csv');
    writeFileSync(path, `${head}\nSource: Kansas Department of Labor\n`);
    const read = await readMappedProjections(path, 'kansas_projections.csv');
    expect(read.tables[0]?.records).toHaveLength(1);
    expect(read.tables[0]?.area.code).toBe('KS');
  });

  it('still refuses a cut-off last row (exit 3)', async () => {
    const path = join(tempDir(), 'cut.csv');
    writeFileSync(path, `${head}15-12\n`);
    const e = await failure(readMappedProjections(path, 'cut.csv'));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('cut.csv, row 3');
  });
});
