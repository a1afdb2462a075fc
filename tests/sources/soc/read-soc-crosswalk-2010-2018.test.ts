import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readSocCrosswalk2010To2018,
  socCrosswalkFromTable,
} from '../../../sources/soc/read-soc-crosswalk-2010-2018.ts';
import { parseCsvTable } from '../../../sources/tabular/read-csv-table.ts';
import { FIXTURES, shippedFile } from '../../helpers.ts';

const REAL = 'soc/soc2010_soc2018.csv';
const FIXTURE = join(FIXTURES, 'soc', 'soc2010_soc2018.csv');

function readEdited(edit: (text: string) => string) {
  const text = edit(readFileSync(FIXTURE, 'utf8'));
  return socCrosswalkFromTable(parseCsvTable(text, 'bridge.csv', { contains: 'soc2010' }));
}

describe('SOC 2010 → 2018 crosswalk (real file)', () => {
  it('reads 900 rows over 840 SOC 2010 and 867 SOC 2018 codes; 64 marked titles', async () => {
    const rows = await readSocCrosswalk2010To2018(shippedFile(REAL), REAL);
    expect(rows).toHaveLength(900);
    expect(new Set(rows.map((r) => r.soc2010)).size).toBe(840);
    expect(new Set(rows.map((r) => r.soc2018)).size).toBe(867);
    const marked = rows.filter((r) => r.soc2018_multiple_sources);
    expect(marked).toHaveLength(64);
    expect(new Set(marked.map((r) => r.soc2018)).size).toBe(31);
    expect(rows.some((r) => r.soc2018_title.includes('(##)'))).toBe(false);
  });
});

describe('SOC crosswalk layout (fixture)', () => {
  it('strips the " (##)" marker and keeps it as a flag', async () => {
    const rows = await readSocCrosswalk2010To2018(FIXTURE, 'bridge.csv');
    expect(rows[1]).toMatchObject({
      soc2010: '15-1132',
      soc2018: '15-1252',
      soc2018_title: 'Software Developers',
      soc2018_multiple_sources: true,
    });
    expect(rows[0]?.soc2018_multiple_sources).toBe(false);
  });

  it('names a bad code and a missing column', () => {
    expect(() => readEdited((s) => s.replace('29-1141,Registered', '29-114,Registered'))).toThrow(
      /bridge.csv, row 5, column "soc2010", value "29-114": expected a SOC code/,
    );
    expect(() => readEdited((s) => s.replace('soc2018_title', 'title'))).toThrow(
      'required column "soc2018_title" is missing',
    );
  });
});
