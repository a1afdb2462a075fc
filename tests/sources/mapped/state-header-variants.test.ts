/**
 * States head the same figures many ways. California EDD's 2023-2033 statewide rows (the shipped
 * CSV in ../shared/data), rewritten under three other states' styles of header, must map to the
 * same records: years inside the header ("Employment 2023 Annual"), a "Total Change", percents
 * with "%", openings as annual exits + transfers or as a ten-year total, and the state named by
 * the file's postal code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import { readMappedProjections } from '../../../sources/mapped/read-mapped-projections.ts';
import { dataFile, describeWithData, tempDir } from '../../helpers.ts';

const CA = 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv';

/** The CA rows with figures: code, title, base, projected, change, fraction, 10-year exits, transfers, openings. */
function caRows(): string[][] {
  const rows = Papa.parse<string[]>(readFileSync(dataFile(CA), 'utf8').replace(/^\uFEFF/, ''), {
    skipEmptyLines: true,
  }).data.slice(1);
  return rows.filter((r) => /^\d{2}-\d{4}$/.test(r[1] ?? '') && r[3] !== '');
}

function write(name: string, lines: (string | number)[][]): string {
  const path = join(tempDir(), name);
  writeFileSync(path, Papa.unparse(lines));
  return path;
}

const n = (s: string | undefined) => Number(s ?? '');
const pct = (r: string[]) => ((100 * n(r[5])) / n(r[3])).toFixed(1);

describeWithData("one state's figures under other states' headers", () => {
  it('reads them all to the same detailed totals and Registered Nurses row', async () => {
    const rows = caRows();
    const ohio = write('OH_projections_2023-2033.csv', [
      [
        'SOC Code',
        'Occupation Title',
        'Employment 2023 Annual',
        'Employment 2033 Projected',
        'Change Numeric',
        'Change Percent',
        'Annual Openings Exits',
        'Annual Openings Transfers',
        'Annual Openings Total',
      ],
      ...rows.map((r) => [
        r[1] ?? '',
        r[2] ?? '',
        r[3] ?? '',
        r[4] ?? '',
        r[5] ?? '',
        pct(r),
        Math.round(n(r[7]) / 10),
        Math.round(n(r[8]) / 10),
        Math.round(n(r[9]) / 10),
      ]),
    ]);
    const florida = write('fl.csv', [
      [
        'SOC Code',
        'SOC Title',
        '2023 Employment',
        '2033 Employment',
        'Total Change',
        'Percent Change',
        'Total Job Openings',
      ],
      ...rows.map((r) => [
        r[1] ?? '',
        r[2] ?? '',
        r[3] ?? '',
        r[4] ?? '',
        r[5] ?? '',
        `${pct(r)}%`,
        r[9] ?? '',
      ]),
    ]);
    const ohioRead = await readMappedProjections(ohio, 'OH_projections_2023-2033.csv');
    const floridaRead = await readMappedProjections(florida, 'fl.csv');
    for (const [read, code, openings] of [
      [ohioRead, 'OH', 'annual'],
      [floridaRead, 'FL', 'total'],
    ] as const) {
      expect(read.layout).toBe('generic');
      const [table] = read.tables;
      expect(table?.area.code).toBe(code);
      expect([table?.base_year, table?.proj_year]).toEqual([2023, 2033]);
      expect(read.units).toContainEqual(
        expect.objectContaining({ unit: 'openings', value: openings }),
      );
      const detail = table?.records.filter((x) => x.is_detail) ?? [];
      // The CA EDD file's detailed rows add up to 19,378,400 jobs in 2023 (as the default run's clusters do).
      expect(detail.reduce((t, x) => t + x.base_employment, 0)).toBe(19_378_400);
      const rn = detail.find((x) => x.soc_code === '29-1141');
      expect(rn).toMatchObject({
        base_employment: 321_400,
        projected_employment: 355_200,
        change: 33_800,
      });
    }
    expect(ohioRead.mapping).toContainEqual({ field: 'base', header: 'Employment 2023 Annual' });
    expect(floridaRead.mapping).toContainEqual({ field: 'change', header: 'Total Change' });
  });
});
