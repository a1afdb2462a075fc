/**
 * The framework crosswalks and the SOC structure, read from the real files: those shipped in data/
 * (run on a bare clone) and Advance CTE's original workbook in the shared data folder.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActeSocCrosswalk } from '../../sources/advance-cte/read-soc-crosswalk.ts';
import { readOnetCareerClusters } from '../../sources/onet/read-career-clusters.ts';
import { readSocStructure } from '../../sources/soc/read-soc-structure.ts';
import { dataFile, describeWithData, FIXTURES, shippedFile } from '../helpers.ts';

const ONET = 'career_clusters/onet_all_career_clusters_16.csv';
const ACTE = 'career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv';
const ACTE_XLSX =
  'career_clusters/advance_cte_2024/original_xlsx/SOC_Career_Clusters_Crosswalk.xlsx';

describe('O*NET legacy 16-cluster crosswalk (real file)', () => {
  const records = readOnetCareerClusters(shippedFile(ONET), ONET);

  it('splits and zips the 21 multi-cluster rows: 1,011 rows give 1,033 assignments', () => {
    // 20 rows list two clusters; 13-1082.00 lists three (Business Management & Administration
    // twice, with two pathways, and Information Technology).
    expect(new Set(records.map((r) => r.source_row)).size).toBe(1011);
    expect(records).toHaveLength(1033);
    expect(records.filter((r) => r.source_code === '13-1082.00').map((r) => r.cluster)).toEqual([
      'Business Management & Administration',
      'Business Management & Administration',
      'Information Technology',
    ]);
    expect(new Set(records.map((r) => r.cluster)).size).toBe(16);
    expect(new Set(records.map((r) => r.sublevel)).size).toBe(73);
  });

  it('truncates O*NET-SOC codes to SOC and covers all 867 SOC 2018 detailed codes', () => {
    expect(records.find((r) => r.source_code === '29-1141.00')).toMatchObject({
      soc_code: '29-1141',
      cluster: 'Health Science',
    });
    expect(new Set(records.map((r) => r.soc_code)).size).toBe(867);
  });
});

describe('Advance CTE 2024 SOC crosswalk (real file)', () => {
  it('reads 1,203 rows, 14 clusters and 71 sub-clusters once case is normalized', async () => {
    const records = await readActeSocCrosswalk(shippedFile(ACTE), ACTE);
    expect(records).toHaveLength(1203);
    expect(new Set(records.map((r) => r.soc_code)).size).toBe(851);
    expect(new Set(records.map((r) => r.cluster)).size).toBe(14);
    expect(new Set(records.map((r) => r.sublevel)).size).toBe(71);
    expect(records.some((r) => r.sublevel === 'water systems')).toBe(false);
    expect(records.filter((r) => r.soc_code === '13-1020').map((r) => r.cluster)).toContain(
      'Marketing & Sales',
    );
  });
});

describeWithData('Advance CTE 2024 SOC crosswalk (real files)', () => {
  it('reads the same assignments from the original workbook', async () => {
    const fromCsv = await readActeSocCrosswalk(shippedFile(ACTE), ACTE);
    const fromXlsx = await readActeSocCrosswalk(dataFile(ACTE_XLSX), ACTE_XLSX);
    const key = (r: { soc_code: string; cluster: string; sublevel: string }) =>
      `${r.soc_code}|${r.cluster}|${r.sublevel}`;
    expect(fromXlsx.map(key)).toEqual(fromCsv.map(key));
  });
});

describe('SOC 2018 structure (real file)', () => {
  it('has 23 major groups and 867 detailed occupations with their broad groups', async () => {
    const soc = await readSocStructure(shippedFile('soc/bls_soc_structure_2018.csv'), 'soc.csv');
    expect(soc.filter((r) => r.level === 'major')).toHaveLength(23);
    const detailed = soc.filter((r) => r.level === 'detailed');
    expect(detailed).toHaveLength(867);
    expect(detailed.filter((r) => r.broad_code === '13-1020').map((r) => r.soc_code)).toEqual([
      '13-1021',
      '13-1022',
      '13-1023',
    ]);
  });
});

describe('crosswalk readers on fixtures', () => {
  const mini = join(FIXTURES, 'mini-data');
  it('zips a two-cluster O*NET row in order and ranks the base occupation first', () => {
    const r = readOnetCareerClusters(join(mini, ONET), 'onet.csv');
    const elec = r.filter((x) => x.soc_code === '47-2111');
    expect(elec.map((x) => [x.cluster, x.sublevel, x.priority])).toEqual([
      ['Architecture & Construction', 'Construction', 0],
      ['Manufacturing', 'Maintenance, Installation & Repair', 1],
    ]);
    expect(r.find((x) => x.source_code === '29-1141.01')?.priority).toBe(100);
  });
  it('uses the most common spelling of a sub-cluster', async () => {
    const r = await readActeSocCrosswalk(join(mini, ACTE), 'acte.csv');
    expect(
      new Set(r.filter((x) => x.cluster === 'Digital Technology').map((x) => x.sublevel)),
    ).toEqual(new Set(['Software Development']));
  });
});
