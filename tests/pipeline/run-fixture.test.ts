/**
 * The whole pipeline on the hand-written mini data directory (tests/fixtures/mini-data), whose
 * figures were worked out by hand from the fixture rows. Runs on a bare checkout.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { resolveDataDir } from '../../pipeline/data-dir.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

const DATA = join(FIXTURES, 'mini-data');
const CONFIG = join(FIXTURES, 'configs', 'mini.json');

type Rec = Record<string, string>;
const readCsv = (path: string): Rec[] =>
  Papa.parse<Rec>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

describe('pipeline on the mini fixture', () => {
  let out: string;
  let clusters: Rec[];
  let occupations: Rec[];
  const cluster = (framework: string, name: string): Rec => {
    const row = clusters.find((c) => c.framework === framework && c.cluster === name);
    if (!row) throw new Error(`no ${framework} ${name}`);
    return row;
  };

  beforeAll(async () => {
    out = tempDir();
    await runPipeline(
      { configFile: CONFIG, outDir: out, dataDir: resolveDataDir(DATA, {}) },
      captureIO(),
    );
    clusters = readCsv(join(out, 'clusters.csv'));
    occupations = readCsv(join(out, 'occupations.csv'));
  });

  it('splits an occupation in two clusters equally and an aggregate through its members', () => {
    // Electricians (600 jobs) are in Architecture & Construction and Manufacturing; Buyers and
    // Purchasing Agents 13-1020 (400) reach three clusters through 13-1021/22/23.
    const elec = occupations.filter((o) => o.framework === 'legacy16' && o.soc_code === '47-2111');
    expect(elec.map((o) => [o.cluster, o.allocation_weight])).toEqual([
      ['Architecture & Construction', '0.5'],
      ['Manufacturing', '0.5'],
    ]);
    const buyers = occupations.filter(
      (o) => o.framework === 'legacy16' && o.soc_code === '13-1020',
    );
    expect(buyers.map((o) => [o.cluster, o.mapped_via, o.via_codes])).toEqual([
      ['Agriculture, Food & Natural Resources', 'members', '13-1021'],
      ['Manufacturing', 'members', '13-1023'],
      ['Marketing', 'members', '13-1022'],
    ]);
    expect(cluster('legacy16', 'Manufacturing').base_employment).toBe('433.33');
    expect(cluster('legacy16', 'Health Science').base_employment).toBe('2500');
    expect(cluster('legacy16', 'Human Services').base_employment).toBe('1500');
  });

  it('computes openings as annual averages and the shares against the area median wage', () => {
    const hs = cluster('legacy16', 'Health Science');
    // RN 900/10 + half of aides' 3000/10 = 90 + 150.
    expect(hs.annual_openings).toBe('240');
    // Only RN (124,800) is at or above the published median of 52,000: 90 of 240 openings.
    expect(hs.high_wage_share).toBe('0.375');
    expect(hs.postsecondary_share).toBe('0.375');
    // Weighted median of 124,800 (1,000 jobs) and 37,440 (1,500 jobs).
    expect(hs.median_wage).toBe('37440');
    expect(hs.pct_change).toBe('20');
  });

  it('treats a published wage of 0 as no estimate, not as a low wage', () => {
    const ac = cluster('legacy16', 'Architecture & Construction');
    expect(ac.median_wage).toBe('');
    expect(ac.high_wage_share).toBe('');
    const elec = occupations.find((o) => o.soc_code === '47-2111');
    expect(elec?.median_wage).toBe('');
  });

  it('sums each framework to the mapped detailed employment', () => {
    for (const fw of ['legacy16', 'acte2024']) {
      const total = clusters
        .filter((c) => c.framework === fw)
        .reduce((s, c) => s + Number(c.base_employment), 0);
      expect(total).toBeCloseTo(7800, 1);
    }
  });

  it('case-normalizes sub-cluster names and maps detailed codes directly in the 2024 crosswalk', () => {
    const sd = occupations.find((o) => o.framework === 'acte2024' && o.soc_code === '15-1252');
    expect(sd).toMatchObject({ cluster: 'Digital Technology', mapped_via: 'direct' });
    const hhs = cluster('acte2024', 'Healthcare & Human Services');
    expect(hhs.base_employment).toBe('4000');
  });

  it('ranks ties by openings and then by name, and approves the configured top 3', () => {
    const legacy = clusters.filter((c) => c.framework === 'legacy16');
    expect(legacy.map((c) => c.rank)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(legacy.filter((c) => c.approved === 'true').map((c) => c.cluster)).toEqual([
      'Information Technology',
      'Health Science',
      'Manufacturing',
    ]);
    // Agriculture and Marketing have identical figures: alphabetical order decides.
    expect(cluster('legacy16', 'Agriculture, Food & Natural Resources').score).toBe(
      cluster('legacy16', 'Marketing').score,
    );
    expect(Number(cluster('legacy16', 'Agriculture, Food & Natural Resources').rank)).toBeLessThan(
      Number(cluster('legacy16', 'Marketing').rank),
    );
  });

  it('warns that the detailed rows cover only 78% of the published total', () => {
    const dq = readCsv(join(out, 'data_quality.csv'));
    expect(dq).toHaveLength(1);
    expect(dq[0]).toMatchObject({ severity: 'warning', check: 'detail_coverage', value: '7800' });
  });

  it('traces every occupation row to its source row', () => {
    const rn = occupations.find((o) => o.soc_code === '29-1141' && o.framework === 'legacy16');
    expect(rn).toMatchObject({
      source_file: 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
      source_row: '4',
      base_employment: '1000',
      annual_openings: '90',
    });
  });
});

describe('pipeline options on the mini fixture', () => {
  it('keeps the database where --db says, with every stage table queryable', async () => {
    const dir = tempDir();
    const db = join(dir, 'runs.duckdb');
    const out = join(dir, 'out');
    await runPipeline({ configFile: CONFIG, outDir: out, dataDir: DATA, dbPath: db }, captureIO());
    const handle = await Database.open(db);
    try {
      expect(await handle.scalar('select count(*) from raw_projections')).toBe(8);
      expect(
        await handle.scalar("select count(*) from mart_clusters where framework = 'legacy16'"),
      ).toBe(8);
      expect(
        await handle.scalar(
          "select annual_openings from stg_projections where soc_code = '29-1141'",
        ),
      ).toBe(90);
    } finally {
      handle.close();
    }
    expect(readdirSync(out)).not.toContain('clusterfit.duckdb');
  });

  it('scores with percentiles when asked, keeping the same figures', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'pct.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        inputs: JSON.parse(readFileSync(CONFIG, 'utf8')).inputs,
        normalization: 'percentile',
        weights: { annual_openings: 1 },
        frameworks: ['legacy16'],
      }),
    );
    await runPipeline({ configFile: cfg, outDir: dir, dataDir: DATA }, captureIO());
    const rows = readCsv(join(dir, 'clusters.csv'));
    // Openings alone, as mid-rank percentiles over 8 clusters: Health Science has the most (240),
    // so it beats 7 of 8 and ties only itself: (7 + 0.5) / 8.
    const hs = rows.find((r) => r.cluster === 'Health Science');
    expect(hs?.score).toBe('0.9375');
    expect(hs?.rank).toBe('1');
    expect(hs?.annual_openings).toBe('240');
  });
});
