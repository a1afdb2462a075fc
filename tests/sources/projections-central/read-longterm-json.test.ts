import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  projectionsCentralFromPages,
  readProjectionsCentralJson,
} from '../../../sources/projections-central/read-longterm-json.ts';
import { readRows, resolveColumns } from '../../../sources/tabular/columns.ts';
import { readCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { dataFile, describeWithData, FIXTURES } from '../../helpers.ts';

const PAGE1 = join(FIXTURES, 'projections-central', 'longterm-29-1141-page1.json');
const PAGE2 = join(FIXTURES, 'projections-central', 'longterm-29-1141-page2.json');
const CSV = 'projections_state/pc_longterm_2024_2034_29-1141_all_states.csv';

function readEdited(edit: (text: string) => string) {
  return projectionsCentralFromPages([
    { text: edit(readFileSync(PAGE1, 'utf8')), file: 'page1.json' },
  ]);
}

describe('Projections Central REST JSON layout (fixture pages)', () => {
  it('reads two pages into one table per state, US as the nation', async () => {
    const tables = await readProjectionsCentralJson([PAGE1, PAGE2], ['page1.json', 'page2.json']);
    expect(tables.map((t) => [t.area.code, t.area.name, t.area.type, t.area.fips])).toEqual([
      ['US', 'United States', 'nation', '00'],
      ['AL', 'Alabama', 'state', '01'],
      ['CA', 'California', 'state', '06'],
      ['CT', 'Connecticut', 'state', '09'],
      ['NY', 'New York', 'state', '36'],
    ]);
    const ct = tables.find((t) => t.area.code === 'CT');
    expect([ct?.base_year, ct?.proj_year]).toEqual([2024, 2034]);
    expect(ct?.records).toEqual([
      expect.objectContaining({
        soc_code: '29-1141',
        soc_title: 'Registered Nurses',
        is_detail: true,
        base_employment: 41160,
        projected_employment: 43880,
        change: 2720,
        pct_change: 6.6,
        openings: 2380,
      }),
    ]);
    expect(ct?.units).toEqual({
      employment_multiplier: 1,
      openings_period_years: 1,
      pct_change_unit: 'percent',
      openings_method: 'separations',
      soc_vintage: 2018,
      rounding: 10,
    });
  });

  it('names file, row, field and value for a bad number', () => {
    expect(() => readEdited((s) => s.replace('"56140"', '"56,14O"'))).toThrow(
      'page1.json, row 2, column "Base", value "56,14O": expected a number.',
    );
  });

  it('names a missing field, and refuses a page that is not the API shape', () => {
    expect(() => readEdited((s) => s.replaceAll('"AvgAnnualOpenings"', '"Openings"'))).toThrow(
      'required column "AvgAnnualOpenings" is missing',
    );
    expect(() => readEdited(() => '{"data": []}')).toThrow('expected a JSON array');
    expect(() => readEdited(() => '<html>')).toThrow('page1.json is not valid JSON');
  });
});

describeWithData('Projections Central hand-transcribed RN table (real file)', () => {
  it('agrees with the fixture pages where they overlap', async () => {
    const table = readCsvTable(dataFile(CSV), CSV, { contains: 'occcode' });
    const cols = resolveColumns(table, {
      area: { label: 'Area', match: /^area$/, required: true },
      base: { label: 'Base', match: /^base$/, required: true },
      openings: { label: 'AvgAnnualOpenings', match: /^avgannualopenings$/, required: true },
    });
    const csv = new Map([...readRows(table)].map((r) => [r.requiredText(cols.area), r] as const));
    expect(csv.size).toBe(55);
    const tables = await readProjectionsCentralJson([PAGE1, PAGE2], ['page1.json', 'page2.json']);
    for (const t of tables) {
      const row = csv.get(t.area.name);
      expect(row?.requiredNumber(cols.base)).toBe(t.records[0]?.base_employment);
      expect(row?.requiredNumber(cols.openings)).toBe(t.records[0]?.openings);
    }
  });
});

describe('Projections Central REST JSON rounded to ten (Connecticut fixture)', () => {
  const CT = join(FIXTURES, 'projections-central', 'longterm-ct-rounded.json');

  it('keeps rows whose projected − base misses change by 10, with the rounding as tolerance', async () => {
    const [ct] = await readProjectionsCentralJson(CT, 'ct.json');
    // Software developers: 25,100 − 21,460 = 3,640, published change 3,650 (each term rounded).
    const dev = ct?.records.find((r) => r.soc_code === '15-1252');
    expect(dev).toMatchObject({
      base_employment: 21460,
      projected_employment: 25100,
      change: 3650,
    });
    expect(ct?.units.rounding).toBe(10);
    expect(ct?.records.map((r) => r.soc_code)).toEqual([
      '00-0000',
      '29-0000',
      '29-1141',
      '29-1171',
      '15-1252',
      '35-3023',
      '13-1020',
    ]);
  });

  it('stops a page whose percent change is a fraction, naming the identity (exit 3)', () => {
    const text = readFileSync(CT, 'utf8');
    const pages = [
      {
        text: text.replace(
          /"PercentChange": "([\d.-]+)"/g,
          (_, p) => `"PercentChange": "${(Number(p) / 100).toFixed(3)}"`,
        ),
        file: 'ct.json',
      },
    ];
    expect(() => projectionsCentralFromPages(pages)).toThrow(
      'the unit pct_change "percent" fails the identity "percent change = change / base"',
    );
  });
});
