/**
 * The `cross_cutting` choice on the real California 2023-33 workbook: occupations of the 2024
 * framework's cross-cutting clusters count in their sector clusters too (default), or only in
 * the cross-cutting cluster. Either way no job is lost or counted twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../../kernel/frameworks.ts';
import { parseConfig } from '../../pipeline/config.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DEFAULT_DATA_DIR, readCsv, tempDir } from '../helpers.ts';

const read = readCsv;
const CROSS = new Set(FRAMEWORKS.acte2024.crossCutting);

describe('cross-cutting clusters: also in sectors, or cross-cutting only', () => {
  let both: string;
  let only: string;
  beforeAll(async () => {
    const dir = tempDir();
    const config = join(dir, 'only.json');
    writeFileSync(
      config,
      JSON.stringify({ frameworks: ['acte2024'], cross_cutting: 'cross_cutting_only' }),
    );
    const plain = join(dir, 'both.json');
    writeFileSync(plain, JSON.stringify({ frameworks: ['acte2024'] }));
    both = join(dir, 'both');
    only = join(dir, 'only');
    for (const [cfg, out] of [
      [plain, both],
      [config, only],
    ] as const) {
      await runPipeline(
        { configFile: cfg, outDir: out, dataDir: DEFAULT_DATA_DIR, overrides: { draws: 0 } },
        captureIO(),
      );
    }
  }, 120_000);

  it('moves shared occupations wholly into the cross-cutting cluster, losing no job', () => {
    const occ = read(join(only, 'occupations.csv'));
    const crossCodes = new Set(
      occ.filter((o) => CROSS.has(o.cluster ?? '')).map((o) => o.soc_code),
    );
    // 15-1252 Software Developers is in Digital Technology: no sector cluster keeps it.
    expect(crossCodes.has('15-1252')).toBe(true);
    const leaks = occ.filter(
      (o) =>
        crossCodes.has(o.soc_code) && !CROSS.has(o.cluster ?? '') && o.cluster !== '(unmapped)',
    );
    expect(leaks).toEqual([]);
    const total = (dir: string) =>
      read(join(dir, 'clusters.csv')).reduce((t, c) => t + Number(c.base_employment), 0);
    expect(total(only)).toBeCloseTo(total(both), 0);
    // Digital Technology is the sum of its occupations' allocated jobs, and grows.
    const dt = (dir: string) =>
      Number(
        read(join(dir, 'clusters.csv')).find((c) => c.cluster === 'Digital Technology')
          ?.base_employment,
      );
    const fromOcc = occ
      .filter((o) => o.cluster === 'Digital Technology')
      .reduce((t, o) => t + Number(o.allocated_base_employment), 0);
    expect(dt(only)).toBeCloseTo(fromOcc, 0);
    expect(dt(only)).toBeGreaterThan(dt(both));
  });

  it('says which choice was used in recommendation.md', () => {
    expect(readFileSync(join(both, 'recommendation.md'), 'utf8')).toContain(
      '`also_in_sectors` (their occupations also count in the sector clusters',
    );
    expect(readFileSync(join(only, 'recommendation.md'), 'utf8')).toContain(
      '`cross_cutting_only` (their occupations count only in the cross-cutting cluster',
    );
  });

  it('rejects an unknown choice, naming the key', () => {
    expect(() => parseConfig({ cross_cutting: 'sometimes' }, 'c.json')).toThrow(/cross_cutting/);
  });
});
