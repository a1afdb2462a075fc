/**
 * A state's own framework from a config file alone: legacy 16 with Human Services merged into
 * Health Science (configs/ca-2023-2033-state-variant.json), run beside the legacy 16 on the
 * real California 2023-33 workbook.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DEFAULT_DATA_DIR, REPO_ROOT, readCsv, tempDir } from '../helpers.ts';

type Rec = Record<string, string>;
const read = readCsv;
const CONFIG = join(REPO_ROOT, 'configs', 'ca-2023-2033-state-variant.json');

describe('framework variant: Human Services merged into Health Science', () => {
  let out: string;
  let clusters: Rec[];
  beforeAll(async () => {
    out = tempDir();
    await runPipeline(
      { configFile: CONFIG, outDir: out, dataDir: DEFAULT_DATA_DIR, overrides: { draws: 0 } },
      captureIO(),
    );
    clusters = read(join(out, 'clusters.csv'));
  }, 120_000);

  const jobs = (framework: string, cluster: string) =>
    Number(
      clusters.find((c) => c.framework === framework && c.cluster === cluster)?.base_employment,
    );

  it('has 15 clusters, Health Science holding both legacy clusters’ jobs, none lost', () => {
    expect(clusters.filter((c) => c.framework === 'ca15')).toHaveLength(15);
    expect(clusters.some((c) => c.framework === 'ca15' && c.cluster === 'Human Services')).toBe(
      false,
    );
    expect(jobs('ca15', 'Health Science')).toBeCloseTo(
      jobs('legacy16', 'Health Science') + jobs('legacy16', 'Human Services'),
      1,
    );
    const total = (fw: string) =>
      clusters.filter((c) => c.framework === fw).reduce((t, c) => t + Number(c.base_employment), 0);
    expect(total('ca15')).toBeCloseTo(total('legacy16'), 1);
    // Registered Nurses (321,400 in the workbook) count wholly in the merged Health Science.
    const rn = read(join(out, 'occupations.csv')).filter(
      (o) => o.framework === 'ca15' && o.soc_code === '29-1141',
    );
    expect(rn.map((o) => [o.cluster, o.allocated_base_employment])).toEqual([
      ['Health Science', '321400'],
    ]);
  });

  it('keeps Human Services’ pathways, now under Health Science, and names the variant', () => {
    const sub = read(join(out, 'sublevels.csv')).filter((s) => s.framework === 'ca15');
    expect(sub.find((s) => s.name === 'Family & Community Services')?.cluster).toBe(
      'Health Science',
    );
    const md = readFileSync(join(out, 'recommendation.md'), 'utf8');
    expect(md).toContain(
      '## Legacy clusters, state variant: Human Services merged into Health Science',
    );
    expect(md).toContain('(merged: Human Services → Health Science), set in the run');
  });

  it('stops on a cluster name the base crosswalk lacks, suggesting the right one', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    const cfg = JSON.parse(readFileSync(CONFIG, 'utf8'));
    cfg.framework_variants[0].merge = { 'Human Service': 'Health Science' };
    writeFileSync(bad, JSON.stringify(cfg));
    await expect(
      runPipeline(
        { configFile: bad, outDir: join(dir, 'o'), dataDir: DEFAULT_DATA_DIR },
        captureIO(),
      ),
    ).rejects.toThrow(
      'Framework variant "ca15": merge."Human Service" names "Human Service", which is not a cluster of legacy16\'s crosswalk. Did you mean "Human Services"?',
    );
  });

  it('rejects a variant with a built-in id, and a framework no one defined', () => {
    expect(() =>
      parseConfig({ framework_variants: [{ id: 'legacy16', base: 'legacy16' }] }, 'c.json'),
    ).toThrow(/framework_variants\[0\]\.id/);
    expect(() => parseConfig({ frameworks: ['ca15'] }, 'c.json')).toThrow(/frameworks\[0\]/);
  });
});
