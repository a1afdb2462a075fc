/**
 * Golden files of the run's public contract (clusters.csv, occupations.csv, sublevels.csv,
 * stability.csv, recommendation.md) on the hand-written mini fixture, compared byte for byte:
 * the safety net under any refactor that must leave outputs unchanged. The run is deterministic
 * (fixed seed; relative source paths; no time, run id or absolute path in these five files), so
 * nothing is normalized. A deliberate change is accepted with
 * `UPDATE_GOLDEN=1 npx vitest run tests/outputs/contract-golden.test.ts`, then a review of
 * `git diff tests/outputs/golden/contract` (README, "Golden files").
 *
 * Two configurations: mini.json as it stands (split allocation, z-scores, top 3; draws and seed
 * given on the command line) and mini-full-percentile.json (full allocation, percentiles,
 * top 4). Besides the bytes, each run is checked to still exercise what the goldens are meant to
 * cover, so trimming the fixture cannot quietly shrink the net.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, miniRunArgs, readCsv, tempDir } from '../helpers.ts';
import { expectGoldenFile } from './golden.ts';

const CONTRACT = [
  'clusters.csv',
  'occupations.csv',
  'sublevels.csv',
  'stability.csv',
  'recommendation.md',
] as const;

type Rec = Record<string, string>;

/** Runs the CLI in-process into a fresh folder and returns it. */
async function run(args: (out: string) => string[]): Promise<string> {
  const out = tempDir('contract-golden-');
  const io = captureIO();
  const code = await main(args(out), io);
  if (code !== 0) throw new Error(`clusterfit exited ${code}: ${io.stderr}`);
  return out;
}

const find = (rows: Rec[], where: Rec): Rec[] =>
  rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));

describe('contract outputs of mini.json (split, zscore, top 3, 50 draws, seed 7)', () => {
  let out: string;
  beforeAll(async () => {
    out = await run((o) => [...miniRunArgs(o), '--draws', '50', '--seed', '7']);
  });

  it.each(CONTRACT)('%s matches its golden file byte for byte', (file) => {
    expectGoldenFile(`contract/mini/${file}`, join(out, file));
  });

  it('still covers both frameworks, approvals both ways, splits, aggregates and wage gaps', () => {
    const clusters = readCsv(join(out, 'clusters.csv'));
    for (const framework of ['legacy16', 'acte2024']) {
      const approved = find(clusters, { framework }).map((c) => c.approved);
      expect(approved.filter((a) => a === 'true')).toHaveLength(3);
      expect(approved.filter((a) => a === 'false').length).toBeGreaterThan(0);
    }
    const occupations = readCsv(join(out, 'occupations.csv'));
    // Electricians (47-2111, 600 jobs) sit in two legacy clusters: half each.
    expect(
      find(occupations, { framework: 'legacy16', soc_code: '47-2111' }).map((o) => [
        o.cluster,
        o.allocation_weight,
        o.allocated_base_employment,
        o.median_wage,
      ]),
    ).toEqual([
      ['Architecture & Construction', '0.5', '300', ''],
      ['Manufacturing', '0.5', '300', ''],
    ]);
    // The OEWS aggregate 13-1020 (400 jobs) reaches its clusters through its member codes.
    expect(
      find(occupations, { framework: 'legacy16', soc_code: '13-1020' }).map((o) => o.mapped_via),
    ).toEqual(['members', 'members', 'members']);
    const levels = new Set(readCsv(join(out, 'sublevels.csv')).map((s) => s.level));
    expect([...levels].sort()).toEqual(['pathway', 'sub-cluster']);
    const stability = readCsv(join(out, 'stability.csv'));
    expect(new Set(stability.map((s) => `${s.draws}/${s.seed}`))).toEqual(new Set(['50/7']));
    expect(new Set(stability.map((s) => s.decision))).toEqual(new Set(['robust', 'fragile']));
  });
});

describe('contract outputs of mini-full-percentile.json (full, percentile, top 4)', () => {
  let out: string;
  beforeAll(async () => {
    out = await run((o) => [
      'run',
      '--config',
      join(FIXTURES, 'configs', 'mini-full-percentile.json'),
      '--data-dir',
      join(FIXTURES, 'mini-data'),
      '--out',
      o,
    ]);
  });

  it.each(CONTRACT)('%s matches its golden file byte for byte', (file) => {
    expectGoldenFile(`contract/mini-full-percentile/${file}`, join(out, file));
  });

  it('counts a multi-cluster occupation in full in each cluster and scores by percentile', () => {
    const clusters = readCsv(join(out, 'clusters.csv'));
    // Full allocation: Manufacturing = Electricians 600 + Buyers and Purchasing Agents 400 (the
    // aggregate, through 13-1023), each counted whole; Health Science = RN 1,000 + aides 3,000.
    const legacy = (cluster: string) => find(clusters, { framework: 'legacy16', cluster })[0];
    expect(legacy('Manufacturing')?.base_employment).toBe('1000');
    expect(legacy('Health Science')?.base_employment).toBe('4000');
    // Percentile scores are averages of shares in [0, 1]; top 4 of each framework approved.
    for (const c of clusters) {
      expect(Number(c.score)).toBeGreaterThanOrEqual(0);
      expect(Number(c.score)).toBeLessThanOrEqual(1);
    }
    for (const framework of ['legacy16', 'acte2024']) {
      expect(find(clusters, { framework, approved: 'true' })).toHaveLength(4);
    }
    const stability = readCsv(join(out, 'stability.csv'));
    expect(new Set(stability.map((s) => `${s.draws}/${s.seed}`))).toEqual(new Set(['40/11']));
  });
});
