/**
 * `clusterfit programs` on the default California 2023-33 run: programs of study for each
 * approved cluster, with openings recomputed here from occupations.csv and the NCES crosswalk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, readCsv, tempDir } from '../helpers.ts';

type Rec = Record<string, string>;
const read = readCsv;

describeWithData('clusterfit programs: California 2023-2033', () => {
  let run: string;
  let out: string;
  let stdout: string;
  let programs: Rec[];
  beforeAll(async () => {
    run = tempDir();
    out = join(tempDir(), 'programs');
    await runPipeline({ outDir: run, dataDir: DATA_DIR, overrides: { draws: 0 } }, captureIO());
    const io = captureIO();
    expect(await main(['programs', run, '--out', out, '--data-dir', DATA_DIR], io), io.stderr).toBe(
      0,
    );
    stdout = io.stdout;
    programs = read(join(out, 'programs.csv'));
  }, 120_000);

  it('lists programs for every approved cluster of both frameworks, and only those', () => {
    const approved = read(join(run, 'clusters.csv')).filter((c) => c.approved === 'true');
    const listed = new Set(programs.map((p) => `${p.framework}|${p.cluster}`));
    expect(listed).toEqual(new Set(approved.map((c) => `${c.framework}|${c.cluster}`)));
  });

  it('gives Computer Science in Digital Technology the openings of its crosswalk occupations', () => {
    const nces = read(join(DATA_DIR, 'cip', 'nces_cip2020_soc2018_crosswalk.csv'));
    const socs = new Set(nces.filter((r) => r.CIP2020Code === '11.0701').map((r) => r.SOC2018Code));
    const occ = read(join(run, 'occupations.csv')).filter(
      (o) =>
        o.framework === 'acte2024' && o.cluster === 'Digital Technology' && socs.has(o.soc_code),
    );
    const cs = programs.find(
      (p) =>
        p.framework === 'acte2024' &&
        p.cluster === 'Digital Technology' &&
        p.cip_code === '11.0701',
    );
    expect(cs?.soc_codes?.split(';')).toEqual(occ.map((o) => o.soc_code).sort());
    expect(Number(cs?.annual_openings)).toBeCloseTo(
      occ.reduce((t, o) => t + Number(o.allocated_annual_openings), 0),
      1,
    );
    expect(cs?.acte_cluster).toBe('true');
    // Each crosswalk row named is a row of the NCES file for 11.0701 (row 1 is the header).
    for (const row of cs?.cip_soc_rows?.split(';') ?? []) {
      expect(nces[Number(row) - 2]?.CIP2020Code).toBe('11.0701');
    }
  });

  it('reaches aggregate codes through their members: home health aides via 31-1120', () => {
    const aides = programs.find(
      (p) => p.framework === 'acte2024' && p.cip_code === '51.2602' && p.soc_codes === '31-1120',
    );
    expect(aides?.cluster).toBe('Healthcare & Human Services');
    expect(Number(aides?.annual_openings)).toBeGreaterThan(100_000);
  });

  it('leaves Advance CTE’s flag empty for the legacy framework and prints the Markdown', () => {
    expect(
      programs.filter((p) => p.framework === 'legacy16').every((p) => p.acte_cluster === ''),
    ).toBe(true);
    expect(stdout).toBe(readFileSync(join(out, 'programs.md'), 'utf8'));
    expect(stdout).toContain('| 11.0701 | Computer Science | 12 |');
  });

  it('exits 2 naming the path when the run folder has no database', async () => {
    const io = captureIO();
    expect(await main(['programs', tempDir(), '--data-dir', DATA_DIR], io)).toBe(2);
    expect(io.stderr).toContain('clusterfit.duckdb');
  });
});
