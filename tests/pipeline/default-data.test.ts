/**
 * The front door on a bare clone: `clusterfit run` with no --data-dir and no CLUSTERFIT_DATA_DIR
 * reads the public files the repository ships in data/, and gives the same clusters.csv, byte for
 * byte, as a run on the project's shared data folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  DATA_DIR,
  DEFAULT_DATA_DIR,
  describeWithData,
  readCsv,
  SHIPPED_FILES,
  tempDir,
} from '../helpers.ts';

interface ManifestInput {
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
}
const inputsOf = (out: string): ManifestInput[] =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).inputs;

describe('the default run with no data folder named (data/ of the repository)', () => {
  let out: string;
  let run: ReturnType<typeof cli>;

  beforeAll(() => {
    out = join(tempDir(), 'out');
    // As `npm start` runs it: from the repository root, nothing in the environment.
    run = cli(['run', '--out', out], { CLUSTERFIT_DATA_DIR: undefined });
  });

  it('runs from the shipped files and says where it read them', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(data: ${DEFAULT_DATA_DIR})`);
  });

  it('reads the shipped files from any working folder that has no data/ of its own', () => {
    const elsewhere = tempDir();
    const out2 = join(elsewhere, 'out');
    const r = cli(['run', '--out', out2], { CLUSTERFIT_DATA_DIR: undefined }, elsewhere);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`(data: ${DEFAULT_DATA_DIR})`);
    expect(readFileSync(join(out2, 'clusters.csv'), 'utf8')).toBe(
      readFileSync(join(out, 'clusters.csv'), 'utf8'),
    );
  });

  it('reads the four shipped files the default run needs, as SOURCES.md describes them', () => {
    const inputs = inputsOf(out);
    expect(inputs.map((i) => i.file)).toEqual([
      'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx',
      'career_clusters/onet_all_career_clusters_16.csv',
      'career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv',
      'soc/bls_soc_structure_2018.csv',
    ]);
    for (const i of inputs) {
      expect({ file: i.file, sha256: i.sha256, bytes: i.bytes, rows: i.rows }).toEqual({
        file: i.file,
        ...SHIPPED_FILES.get(i.file),
      });
    }
  });

  it("gives California's clusters from the workbook's detailed total", () => {
    const clusters = readCsv(join(out, 'clusters.csv'));
    expect(clusters).toHaveLength(30);
    for (const fw of ['legacy16', 'acte2024']) {
      const mine = clusters.filter((c) => c.framework === fw);
      // Split allocation: the clusters add up to the workbook's 676 detailed rows, 19,378,400 jobs.
      expect(mine.reduce((s, c) => s + Number(c.base_employment), 0)).toBeCloseTo(19_378_400, 0);
    }
    const approved = (fw: string) =>
      clusters.filter((c) => c.framework === fw && c.approved === 'true').length;
    expect([approved('legacy16'), approved('acte2024')]).toEqual([12, 11]);
  });

  describeWithData(`against the shared data folder ${DATA_DIR}`, () => {
    it('gives a byte-identical clusters.csv and occupations.csv', () => {
      const shared = join(tempDir(), 'out');
      const r = cli(['run', '--out', shared, '--data-dir', DATA_DIR]);
      expect(r.code).toBe(0);
      expect(inputsOf(shared).map((i) => [i.file, i.sha256])).toEqual(
        inputsOf(out).map((i) => [i.file, i.sha256]),
      );
      for (const f of ['clusters.csv', 'occupations.csv']) {
        const a = readFileSync(join(shared, f));
        expect([f, a.length > 0, a.equals(readFileSync(join(out, f)))]).toEqual([f, true, true]);
      }
    });
  });
});
