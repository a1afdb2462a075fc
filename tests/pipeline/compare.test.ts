import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, REPO_ROOT, tempDir } from '../helpers.ts';

type Rec = Record<string, string>;
const read = (path: string): Rec[] =>
  Papa.parse<Rec>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

describeWithData('clusterfit compare: California 2020-2030 against 2023-2033', () => {
  let a: string;
  let b: string;
  let out: string;
  let stdout: string;
  beforeAll(async () => {
    const dir = tempDir();
    a = join(dir, 'ca2020');
    b = join(dir, 'ca2023');
    out = join(dir, 'cmp');
    await runPipeline(
      {
        configFile: join(REPO_ROOT, 'configs', 'ca-2020-2030-areas.json'),
        outDir: a,
        dataDir: DATA_DIR,
        overrides: { areas: ['CA'], draws: 0 },
      },
      captureIO(),
    );
    await runPipeline({ outDir: b, dataDir: DATA_DIR, overrides: { draws: 0 } }, captureIO());
    const io = captureIO();
    expect(await main(['compare', a, b, '--out', out], io)).toBe(0);
    stdout = io.stdout;
  }, 120_000);

  it('puts every cluster of both runs side by side, with each run’s own figures', () => {
    const rows = read(join(out, 'comparison.csv'));
    expect(rows).toHaveLength(30);
    const clustersA = read(join(a, 'clusters.csv'));
    const clustersB = read(join(b, 'clusters.csv'));
    for (const r of rows) {
      const x = clustersA.find((c) => c.framework === r.framework && c.cluster === r.cluster);
      const y = clustersB.find((c) => c.framework === r.framework && c.cluster === r.cluster);
      expect(r.vintage_a).toBe('2020-2030');
      expect(r.vintage_b).toBe('2023-2033');
      expect([r.approved_a, r.rank_a, r.base_employment_a]).toEqual([
        x?.approved,
        x?.rank,
        x?.base_employment,
      ]);
      expect([r.approved_b, r.rank_b, r.annual_openings_b]).toEqual([
        y?.approved,
        y?.rank,
        y?.annual_openings,
      ]);
      const expected =
        r.approved_a === r.approved_b ? 'unchanged' : r.approved_b === 'true' ? 'added' : 'dropped';
      expect(r.approval_change).toBe(expected);
    }
  });

  it('lists each approval change with the metrics that moved it', () => {
    const changed = read(join(out, 'comparison.csv')).filter(
      (r) => r.approval_change !== 'unchanged',
    );
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toBe(stdout);
    expect(md).toContain(`## Clusters whose approval changed (${changed.length})`);
    for (const r of changed) {
      expect(md).toContain(
        `**${r.cluster}** (CA, ${r.framework}): approved in ${r.approval_change === 'added' ? 'B, not in A' : 'A, not in B'}`,
      );
    }
    expect(md).toMatch(/Largest moves: /);
  });

  it('charts each framework’s scores in both runs, with the scores of comparison.csv', () => {
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(
      ['acte2024', 'legacy16'].flatMap((fw) =>
        ['png', 'svg', 'vl.json'].map((ext) => `comparison-CA-2020-2030_vs_2023-2033-${fw}.${ext}`),
      ),
    );
    const spec = JSON.parse(
      readFileSync(
        join(out, 'charts', 'comparison-CA-2020-2030_vs_2023-2033-legacy16.vl.json'),
        'utf8',
      ),
    );
    expect(spec.title.subtitle).toBe(
      'California · 2020–2030 vs 2023–2033 · National Career Clusters Framework, legacy 16 clusters',
    );
    const points = spec.vconcat[0].data.values as { cluster: string; run: string; score: number }[];
    expect(points).toHaveLength(32);
    const health = read(join(out, 'comparison.csv')).find(
      (r) => r.framework === 'legacy16' && r.cluster === 'Health Science',
    );
    const healthPoints = points.filter((p) => p.cluster.startsWith('Health Science'));
    expect(healthPoints.map((p) => [p.run, p.score])).toEqual([
      ['A: 2020–2030', Number(Number(health?.score_a).toFixed(3))],
      ['B: 2023–2033', Number(Number(health?.score_b).toFixed(3))],
    ]);
    expect(spec.vconcat[1].encoding.text.value[0]).toContain(
      'California Employment Development Department',
    );
    expect(readFileSync(join(out, 'comparison.md'), 'utf8')).toContain(
      '](charts/comparison-CA-2020-2030_vs_2023-2033-legacy16.png)',
    );
  });
});
