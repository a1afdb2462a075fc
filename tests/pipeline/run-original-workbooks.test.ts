/**
 * Issue 20's check: a run whose Advance CTE crosswalk is the publisher's original workbook gives
 * the same clusters.csv as the default run on the CSV export, and `programs` / `industries` with
 * the original CIP and NAICS workbooks give the same tables as with their CSV exports. The Full
 * Framework workbook, standing in for all three, gives the same tables too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, dataFile, describeWithData, tempDir } from '../helpers.ts';

const XLSX = 'career_clusters/advance_cte_2024/original_xlsx';

describeWithData('default run on Advance CTE’s original workbooks (real files)', () => {
  let onCsv: string;
  let onXlsx: string;
  let onFull: string;
  let config: string;
  let fullConfig: string;
  beforeAll(async () => {
    onCsv = tempDir();
    onXlsx = tempDir();
    onFull = tempDir();
    config = join(tempDir(), 'originals.json');
    fullConfig = join(tempDir(), 'full-framework.json');
    const full = dataFile(`${XLSX}/Full_Framework_Crosswalk.xlsx`);
    writeFileSync(
      fullConfig,
      JSON.stringify({
        inputs: { 'acte-2024-soc': full, 'acte-2024-cip': full, 'acte-2024-naics': full },
      }),
    );
    writeFileSync(
      config,
      JSON.stringify({
        inputs: {
          'acte-2024-soc': dataFile(`${XLSX}/SOC_Career_Clusters_Crosswalk.xlsx`),
          'acte-2024-cip': dataFile(`${XLSX}/CIP_Career_Clusters_Crosswalk.xlsx`),
          'acte-2024-naics': dataFile(`${XLSX}/NAICS_Subclusters_Crosswalk.xlsx`),
        },
      }),
    );
    await runPipeline({ outDir: onCsv, dataDir: DATA_DIR }, captureIO());
    await runPipeline({ outDir: onXlsx, dataDir: DATA_DIR, configFile: config }, captureIO());
    await runPipeline({ outDir: onFull, dataDir: DATA_DIR, configFile: fullConfig }, captureIO());
  }, 240_000);

  it('writes a byte-identical clusters.csv and occupations.csv', () => {
    const clusters = readFileSync(join(onXlsx, 'clusters.csv'), 'utf8');
    expect(clusters).toBe(readFileSync(join(onCsv, 'clusters.csv'), 'utf8'));
    expect(clusters.split('\n').filter((l) => l.includes(',acte2024,'))).toHaveLength(14);
    expect(readFileSync(join(onXlsx, 'occupations.csv'), 'utf8')).toBe(
      readFileSync(join(onCsv, 'occupations.csv'), 'utf8'),
    );
  });

  it('writes the same clusters.csv and occupations.csv from the Full Framework workbook', () => {
    for (const name of ['clusters.csv', 'occupations.csv']) {
      expect(readFileSync(join(onFull, name), 'utf8')).toBe(
        readFileSync(join(onCsv, name), 'utf8'),
      );
    }
  });

  it('records the workbook, not the CSV, as the run’s crosswalk input', () => {
    const manifest = readFileSync(join(onXlsx, 'manifest.json'), 'utf8');
    expect(manifest).toContain('SOC_Career_Clusters_Crosswalk.xlsx');
    expect(manifest).not.toContain('acte_soc_cluster_subcluster.csv');
  });

  for (const report of ['programs', 'industries']) {
    it(`\`${report} --config\` on the CIP/NAICS workbooks writes the same ${report}.csv`, async () => {
      const fromCsv = join(tempDir(), report);
      const fromXlsx = join(tempDir(), report);
      const fromFull = join(tempDir(), report);
      const io = captureIO();
      expect(await main([report, onCsv, '--out', fromCsv, '--data-dir', DATA_DIR], io)).toBe(0);
      const args = [report, onCsv, '--out', fromXlsx, '--data-dir', DATA_DIR, '--config', config];
      expect(await main(args, io), io.stderr).toBe(0);
      const full = [report, onCsv, '--out', fromFull, '--data-dir', DATA_DIR, '-c', fullConfig];
      expect(await main(full, io), io.stderr).toBe(0);
      const csv = readFileSync(join(fromXlsx, `${report}.csv`), 'utf8');
      expect(csv).toBe(readFileSync(join(fromCsv, `${report}.csv`), 'utf8'));
      // Advance CTE's own flag is read from the workbook: some rows say true.
      expect(csv).toMatch(/,true[,\n]/);
      expect(readFileSync(join(fromXlsx, `${report}.md`), 'utf8')).toContain('.xlsx');
      // The Full Framework workbook, read as the CIP or NAICS crosswalk, gives the same table.
      expect(readFileSync(join(fromFull, `${report}.csv`), 'utf8')).toBe(csv);
    });
  }
});
