import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActeCipCrosswalk } from '../../sources/advance-cte/read-cip-crosswalk.ts';
import { readCipSocCrosswalk } from '../../sources/nces/read-cip-soc-crosswalk.ts';
import { DATA_DIR, describeWithData, FIXTURES, tempDir } from '../helpers.ts';

const NCES = join(FIXTURES, 'nces', 'cip2020_soc2018.csv');
const ACTE = join(FIXTURES, 'advance-cte', 'cip_cluster_subcluster.csv');

describe('CIP crosswalk readers (hand-written fixtures in the publishers’ layouts)', () => {
  it('reads NCES CIP–SOC rows past the BOM, dropping the 99-9999 NO MATCH rows', async () => {
    const rows = await readCipSocCrosswalk(NCES, 'cip.csv');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({
      source_row: 3,
      cip_code: '11.0701',
      cip_title: 'Computer Science.',
      soc_code: '15-1252',
    });
    expect(rows.some((r) => r.soc_code === '99-9999')).toBe(false);
  });

  it('stops on a CIP code that is not NN.NNNN, naming row, column and value', async () => {
    const bad = join(tempDir(), 'bad.csv');
    writeFileSync(bad, readFileSync(NCES, 'utf8').replace('51.3801', '51.38O1'));
    await expect(readCipSocCrosswalk(bad, 'bad.csv')).rejects.toThrow(
      'bad.csv, row 5, column "CIP2020Code", value "51.38O1": not a CIP 2020 code',
    );
  });

  it('reads Advance CTE’s CIP → cluster rows, joining "water systems" to "Water Systems"', async () => {
    const rows = await readActeCipCrosswalk(ACTE, 'acte.csv');
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.sublevel))).toEqual(
      new Set(['Software Solutions', 'Data Science & AI', 'Water Systems', 'Patient Care']),
    );
  });
});

describeWithData('CIP crosswalk readers on the real files (PROVENANCE.md counts)', () => {
  it('NCES: 6,097 rows less the NO MATCH rows; Advance CTE: 4,725 rows, 14 clusters', async () => {
    const nces = await readCipSocCrosswalk(
      join(DATA_DIR, 'cip', 'nces_cip2020_soc2018_crosswalk.csv'),
      'nces.csv',
    );
    const text = readFileSync(join(DATA_DIR, 'cip', 'nces_cip2020_soc2018_crosswalk.csv'), 'utf8');
    const noMatch = text.split('\n').filter((l) => l.includes(',99-9999,')).length;
    expect(nces).toHaveLength(6097 - noMatch);
    expect(noMatch).toBeGreaterThan(0);
    const acte = await readActeCipCrosswalk(
      join(DATA_DIR, 'career_clusters', 'advance_cte_2024', 'acte_cip_cluster_subcluster.csv'),
      'acte.csv',
    );
    expect(acte).toHaveLength(4725);
    expect(new Set(acte.map((r) => r.cluster)).size).toBe(14);
    expect(new Set(acte.map((r) => r.cip_code)).size).toBe(1946);
  });
});
