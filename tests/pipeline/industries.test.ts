/**
 * `clusterfit industries` on the default California 2023-33 run: each cluster's jobs spread over
 * NAICS sectors by OEWS national staffing patterns, recomputed here from the OEWS file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, readCsv, tempDir } from '../helpers.ts';

type Rec = Record<string, string>;
const read = readCsv;

describeWithData('clusterfit industries: California 2023-2033', () => {
  let run: string;
  let out: string;
  let stdout: string;
  let rows: Rec[];
  beforeAll(async () => {
    run = tempDir();
    out = join(tempDir(), 'industries');
    await runPipeline({ outDir: run, dataDir: DATA_DIR, overrides: { draws: 0 } }, captureIO());
    const io = captureIO();
    const code = await main(['industries', run, '--out', out, '--data-dir', DATA_DIR], io);
    expect(code, io.stderr).toBe(0);
    stdout = io.stdout;
    rows = read(join(out, 'industries.csv'));
  }, 120_000);

  it('spreads every cluster’s jobs over sectors without losing any', () => {
    const clusters = read(join(run, 'clusters.csv'));
    expect(new Set(rows.map((r) => `${r.framework}|${r.cluster}`)).size).toBe(30);
    for (const c of clusters) {
      const mine = rows.filter((r) => r.framework === c.framework && r.cluster === c.cluster);
      const jobs = mine.reduce((t, r) => t + Number(r.employment), 0);
      expect(Math.abs(jobs - Number(c.base_employment))).toBeLessThan(0.01 * (mine.length + 1));
      const share = mine.reduce((t, r) => t + Number(r.share), 0);
      expect(Math.abs(share - 1)).toBeLessThan(1e-5 * mine.length);
    }
  });

  it('gives Digital Technology the Information-sector jobs its occupations’ patterns imply', () => {
    // National sector employment of each detailed occupation, from the OEWS file itself.
    const pattern = new Map<string, Map<string, number>>();
    for (const r of read(join(DATA_DIR, 'industry_occupation', 'bls_oews_natsector_M2024.csv'))) {
      const emp = Number(r.TOT_EMP);
      if (r.O_GROUP !== 'detailed' || r.I_GROUP !== 'sector' || !Number.isFinite(emp)) continue;
      const p = pattern.get(r.OCC_CODE as string) ?? new Map<string, number>();
      p.set(r.NAICS as string, emp);
      pattern.set(r.OCC_CODE as string, p);
    }
    let expected = 0;
    for (const o of read(join(run, 'occupations.csv'))) {
      if (o.framework !== 'acte2024' || o.cluster !== 'Digital Technology') continue;
      const p = pattern.get(o.soc_code as string);
      expect(p, o.soc_code).toBeDefined();
      const total = [...(p?.values() ?? [])].reduce((t, x) => t + x, 0);
      expected += (Number(o.allocated_base_employment) * (p?.get('51') ?? 0)) / total;
    }
    const info = rows.find(
      (r) =>
        r.framework === 'acte2024' && r.cluster === 'Digital Technology' && r.naics_sector === '51',
    );
    expect(Number(info?.employment)).toBeCloseTo(expected, 1);
    expect(info?.acte_sector).toBe('true');
  });

  it('names government 92 and the combined sectors as NAICS writes them, and prints the table', () => {
    const sectors = new Set(rows.map((r) => r.naics_sector));
    for (const s of ['31-33', '44-45', '48-49', '92']) expect(sectors).toContain(s);
    expect(sectors.has('99')).toBe(false);
    expect(stdout).toBe(readFileSync(join(out, 'industries.md'), 'utf8'));
    expect(stdout).toMatch(
      /\| Healthcare & Human Services \| yes \| 62 Health Care and Social Assistance \d+\.\d% ✓;/,
    );
  });
});
