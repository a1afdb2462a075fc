/**
 * Advance CTE's crosswalks as served (the 2024 framework's .xlsx workbooks) read to exactly the
 * records of the CSV exports in PROVENANCE.md §2: same rows, same row numbers (each data sheet's
 * header is its row 1), same values.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readActeCipCrosswalk } from '../../../sources/advance-cte/read-cip-crosswalk.ts';
import { readActeNaicsCrosswalk } from '../../../sources/advance-cte/read-naics-crosswalk.ts';
import { readActeSocCrosswalk } from '../../../sources/advance-cte/read-soc-crosswalk.ts';
import { dataFile, describeWithData, tempDir } from '../../helpers.ts';

const DIR = 'career_clusters/advance_cte_2024';
const XLSX = `${DIR}/original_xlsx`;

describeWithData('Advance CTE 2024 original workbooks (real files)', () => {
  it('SOC: the workbook gives the CSV export’s 1,203 records, record by record', async () => {
    const csv = await readActeSocCrosswalk(dataFile(`${DIR}/acte_soc_cluster_subcluster.csv`), 'c');
    const xlsx = await readActeSocCrosswalk(
      dataFile(`${XLSX}/SOC_Career_Clusters_Crosswalk.xlsx`),
      'c',
    );
    expect(xlsx).toHaveLength(1203);
    expect(xlsx).toEqual(csv);
    // Registered nurses: one cluster, one sub-cluster, on the sheet's row 591 (line 591 of the CSV).
    expect(xlsx.filter((r) => r.soc_code === '29-1141')).toEqual([
      {
        source_row: 591,
        soc_code: '29-1141',
        source_code: '29-1141',
        soc_title: 'Registered Nurses',
        cluster: 'Healthcare & Human Services',
        sublevel: 'Physical Health',
        priority: 0,
      },
    ]);
  });

  it('CIP: the workbook gives the CSV export’s 4,725 records, codes kept as "01.0000"', async () => {
    const csv = await readActeCipCrosswalk(dataFile(`${DIR}/acte_cip_cluster_subcluster.csv`), 'c');
    const xlsx = await readActeCipCrosswalk(
      dataFile(`${XLSX}/CIP_Career_Clusters_Crosswalk.xlsx`),
      'c',
    );
    expect(xlsx).toHaveLength(4725);
    expect(xlsx).toEqual(csv);
    expect(xlsx[0]).toEqual({
      source_row: 2,
      cip_code: '01.0000',
      cip_title: 'Agriculture, General.',
      cluster: 'Agriculture',
      sublevel: 'Animal Systems',
    });
  });

  it('NAICS: the workbook gives the CSV export’s 112 records, ranges such as "31-33" kept', async () => {
    const csv = await readActeNaicsCrosswalk(
      dataFile(`${DIR}/acte_cluster_subcluster_naics2.csv`),
      'c',
    );
    const xlsx = await readActeNaicsCrosswalk(
      dataFile(`${XLSX}/NAICS_Subclusters_Crosswalk.xlsx`),
      'c',
    );
    expect(xlsx).toHaveLength(112);
    expect(xlsx).toEqual(csv);
    expect(xlsx[0]).toEqual({
      source_row: 2,
      cluster: 'Advanced Manufacturing',
      sublevel: 'Production & Automation',
      naics_sector: '31-33',
    });
  });

  it('the Full Framework workbook serves as each crosswalk: the same records, in its row order', async () => {
    const full = dataFile(`${XLSX}/Full_Framework_Crosswalk.xlsx`);
    // Its sheet "SOC - CIP - CC" is ordered by cluster, so records come in another order and at
    // other rows; sorted, and without the row numbers, they are the separate workbooks' records.
    const same = <T extends { source_row: number }>(rows: T[], key: (r: T) => string) =>
      rows
        .map(({ source_row: _, ...r }) => ({ key: key(r as unknown as T), r }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((x) => x.r);
    const soc = await readActeSocCrosswalk(full, 'full.xlsx');
    const socKey = (r: { soc_code: string; priority: number }) => `${r.soc_code} ${r.priority}`;
    expect(same(soc, socKey)).toEqual(
      same(
        await readActeSocCrosswalk(dataFile(`${DIR}/acte_soc_cluster_subcluster.csv`), 'c'),
        socKey,
      ),
    );
    // The first record: the sheet's row 3, under the "Advanced Manufacturing" title row.
    expect(soc[0]).toMatchObject({ source_row: 3, soc_code: '11-3051', priority: 0 });
    const cipKey = (r: { cip_code: string; cluster: string; sublevel: string }) =>
      `${r.cip_code} ${r.cluster} ${r.sublevel}`;
    const cip = await readActeCipCrosswalk(full, 'full.xlsx');
    expect(cip).toHaveLength(4725);
    expect(same(cip, cipKey)).toEqual(
      same(
        await readActeCipCrosswalk(dataFile(`${DIR}/acte_cip_cluster_subcluster.csv`), 'c'),
        cipKey,
      ),
    );
    const naicsKey = (r: { cluster: string; sublevel: string; naics_sector: string }) =>
      `${r.cluster} ${r.sublevel} ${r.naics_sector}`;
    const naics = await readActeNaicsCrosswalk(full, 'full.xlsx');
    // "51, 54" on Digital Technology's rows: one record per sector.
    expect(
      naics.filter((r) => r.sublevel === 'Software Solutions').map((r) => r.naics_sector),
    ).toEqual(['51', '54']);
    expect(same(naics, naicsKey)).toEqual(
      same(
        await readActeNaicsCrosswalk(dataFile(`${DIR}/acte_cluster_subcluster_naics2.csv`), 'c'),
        naicsKey,
      ),
    );
  });

  it('the Full Framework sheet’s CSV export serves too, known by its headers', async () => {
    const csv = dataFile(`${DIR}/acte_full_crosswalk_cluster_subcluster_soc_cip_naics.csv`);
    const full = dataFile(`${XLSX}/Full_Framework_Crosswalk.xlsx`);
    // The export dropped no row above the header, so rows are numbered alike.
    expect(await readActeSocCrosswalk(csv, 'full.csv')).toEqual(
      await readActeSocCrosswalk(full, 'full.csv'),
    );
    expect(await readActeNaicsCrosswalk(csv, 'full.csv')).toHaveLength(112);
  });

  it('names the missing sheet when another Advance CTE workbook is given', async () => {
    const file = 'SOC_Career_Clusters_Crosswalk.xlsx';
    await expect(readActeCipCrosswalk(dataFile(`${XLSX}/${file}`), file)).rejects.toThrow(
      'SOC_Career_Clusters_Crosswalk.xlsx has no sheet named "CIP - CC - Sub-Clusters" (sheets present: Overview, SOC - CC - Sub-Clusters,',
    );
  });

  it('refuses a workbook saved under another extension, naming the file', async () => {
    const copy = join(tempDir(), 'soc.xls');
    copyFileSync(dataFile(`${XLSX}/SOC_Career_Clusters_Crosswalk.xlsx`), copy);
    await expect(readActeSocCrosswalk(copy, 'soc.xls')).rejects.toThrow(
      'Cannot read soc.xls: expected a file ending in .xlsx or .csv.',
    );
  });
});
