/**
 * The default run on the real California EDD 2023-2033 workbook, checked against the workbook's
 * own figures (PROVENANCE.md spot checks), plus the failures that must leave an earlier output
 * folder untouched. It reads only the files shipped in data/, so it runs on a bare clone.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, cli, DEFAULT_DATA_DIR, shippedFile, snapshot, tempDir } from '../helpers.ts';

type Rec = Record<string, string>;
const readCsv = (path: string): Rec[] =>
  Papa.parse<Rec>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

const WORKBOOK = 'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx';
const OUTPUTS = ['clusters.csv', 'occupations.csv', 'recommendation.md', 'manifest.json'];
/** The CLI's environment: the data directory is the repository's data/. */
const SHIPPED = { CLUSTERFIT_DATA_DIR: DEFAULT_DATA_DIR };

describe('default run: California 2023-2033 (real workbook)', () => {
  let out: string;
  let clusters: Rec[];
  let occupations: Rec[];

  beforeAll(async () => {
    out = tempDir();
    await runPipeline({ outDir: out, dataDir: DEFAULT_DATA_DIR }, captureIO());
    clusters = readCsv(join(out, 'clusters.csv'));
    occupations = readCsv(join(out, 'occupations.csv'));
  });

  it('writes the four contract files', () => {
    const files = readdirSync(out);
    for (const f of OUTPUTS) expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith('.staging'))).toEqual([]);
  });

  it('has 16 legacy and 14 modern cluster rows for California, all contract columns', () => {
    expect(clusters.filter((c) => c.framework === 'legacy16')).toHaveLength(16);
    expect(clusters.filter((c) => c.framework === 'acte2024')).toHaveLength(14);
    const header = readFileSync(join(out, 'clusters.csv'), 'utf8').split('\n')[0]?.split(',');
    for (const col of [
      'area',
      'framework',
      'cluster',
      'base_employment',
      'projected_employment',
      'change',
      'pct_change',
      'annual_openings',
      'median_wage',
      'score',
      'rank',
      'approved',
    ]) {
      expect(header).toContain(col);
    }
    expect(new Set(clusters.map((c) => c.area))).toEqual(new Set(['CA']));
  });

  it('reports 73 legacy pathways and 71 sub-clusters, each cluster’s adding up to the cluster', () => {
    const sublevels = readCsv(join(out, 'sublevels.csv'));
    // O*NET's crosswalk carries 73 of the legacy framework's 79 pathways.
    expect(sublevels.filter((s) => s.level === 'pathway')).toHaveLength(73);
    expect(sublevels.filter((s) => s.level === 'sub-cluster')).toHaveLength(71);
    for (const c of clusters) {
      const mine = sublevels.filter((s) => s.framework === c.framework && s.cluster === c.cluster);
      const sum = mine.reduce((t, s) => t + Number(s.base_employment), 0);
      // Each row is rounded to cents: allow a cent per row.
      expect(Math.abs(sum - Number(c.base_employment))).toBeLessThanOrEqual(0.01 * mine.length);
      for (const s of mine) expect(s.cluster_approved).toBe(c.approved);
    }
    // The pathway's only occupation is 11-3021, Computer and Information Systems Managers:
    // 102,900 → 121,200 in the workbook.
    expect(sublevels.find((s) => s.name === 'Business Information Management')).toMatchObject({
      cluster: 'Business Management & Administration',
      base_employment: '102900',
      projected_employment: '121200',
      occupations: '1',
    });
    const ranks = sublevels.filter((s) => s.framework === 'acte2024').map((s) => Number(s.rank));
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
  });

  it("sums each framework's split employment to the mapped detailed total, within 1% of the workbook", () => {
    for (const fw of ['legacy16', 'acte2024']) {
      const clusterTotal = clusters
        .filter((c) => c.framework === fw)
        .reduce((s, c) => s + Number(c.base_employment), 0);
      const mapped = new Map<string, number>();
      for (const o of occupations) {
        if (o.framework === fw && o.cluster !== '(unmapped)') {
          mapped.set(o.soc_code as string, Number(o.base_employment));
        }
      }
      const mappedTotal = [...mapped.values()].reduce((a, b) => a + b, 0);
      expect(Math.abs(clusterTotal - mappedTotal)).toBeLessThan(0.5);
      // The workbook's detailed rows add up to 19,378,400 (PROVENANCE.md).
      expect(Math.abs(mappedTotal - 19378400) / 19378400).toBeLessThan(0.01);
      expect(mappedTotal).toBe(19378400);
    }
  });

  it('carries the workbook figures for Registered Nurses, with openings made annual', () => {
    const rn = occupations.filter((o) => o.soc_code === '29-1141');
    expect(rn.map((o) => `${o.framework}:${o.cluster}`)).toEqual([
      'legacy16:Health Science',
      'acte2024:Healthcare & Human Services',
    ]);
    expect(rn[0]).toMatchObject({
      base_employment: '321400',
      projected_employment: '355200',
      change: '33800',
      annual_openings: '20779',
      median_wage: '144143.79',
      allocation_weight: '1',
      source_row: '322',
    });
  });

  it('counts EDD\'s "Postsecondary non-degree award" as a postsecondary award', () => {
    // Nursing Assistants: the workbook spells the BLS category with a hyphen.
    const na = occupations.find((o) => o.soc_code === '31-1131' && o.framework === 'legacy16');
    expect(na).toMatchObject({
      education: 'Postsecondary non-degree award',
      postsecondary: 'true',
    });
    const flagged = new Set(
      occupations.filter((o) => o.postsecondary === 'true').map((o) => o.soc_code as string),
    );
    // 44 + 39 + 161 + 31 + 50 detailed rows have a postsecondary award as typical entry education.
    expect(flagged.size).toBe(325);
  });

  it('maps OEWS aggregate codes through their member codes instead of dropping them', () => {
    const buyers = occupations.filter(
      (o) => o.soc_code === '13-1020' && o.framework === 'legacy16',
    );
    expect(buyers.length).toBeGreaterThan(0);
    expect(buyers.every((o) => o.mapped_via === 'members')).toBe(true);
    expect(buyers.reduce((s, o) => s + Number(o.allocation_weight), 0)).toBeCloseTo(1, 5);
    expect(occupations.filter((o) => o.cluster === '(unmapped)')).toEqual([]);
    for (const code of ['21-1018', '25-2052', '25-9045', '51-2028', '53-1047', '31-1120']) {
      expect(occupations.some((o) => o.soc_code === code && o.framework === 'legacy16')).toBe(true);
    }
  });

  it('approves 12 of 16 legacy and 11 of 14 modern clusters under the default 75% rule', () => {
    expect(
      clusters.filter((c) => c.framework === 'legacy16' && c.approved === 'true'),
    ).toHaveLength(12);
    expect(
      clusters.filter((c) => c.framework === 'acte2024' && c.approved === 'true'),
    ).toHaveLength(11);
    const md = readFileSync(join(out, 'recommendation.md'), 'utf8');
    expect(md).toContain('**Approved: 12 of 16 clusters**');
    for (const c of clusters)
      expect(md).toContain(
        `**${c.cluster}: ${c.approved === 'true' ? 'approved' : 'not approved'}**`,
      );
  });

  it('records inputs with sha256 and rows, the config, versions and stage timings in the manifest', () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const wb = m.inputs.find((i: { file: string }) => i.file === WORKBOOK);
    expect(wb.rows).toBe(793);
    expect(wb.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.stages.map((s: { name: string }) => s.name)).toEqual([
      'ingest',
      'stage',
      'map',
      'score',
      'rank',
      'publish',
    ]);
    expect(m.config.allocation).toBe('split');
    expect(m.versions['@duckdb/node-api']).toBe('1.5.6-r.1');
    expect(m.conversions.some((c: { note: string }) => c.note.includes('divided by 10'))).toBe(
      true,
    );
  });

  it('gives a byte-identical clusters.csv on a second run', async () => {
    const again = tempDir();
    await runPipeline({ outDir: again, dataDir: DEFAULT_DATA_DIR }, captureIO());
    expect(readFileSync(join(again, 'clusters.csv'))).toEqual(
      readFileSync(join(out, 'clusters.csv')),
    );
    expect(readFileSync(join(again, 'occupations.csv'))).toEqual(
      readFileSync(join(out, 'occupations.csv')),
    );
  });

  it('moves employment between clusters under full and primary allocation', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'primary.json');
    writeFileSync(cfg, JSON.stringify({ allocation: 'primary', frameworks: ['legacy16'] }));
    const o = join(dir, 'out');
    await runPipeline({ configFile: cfg, outDir: o, dataDir: DEFAULT_DATA_DIR }, captureIO());
    const rows = readCsv(join(o, 'clusters.csv'));
    expect(rows).toHaveLength(16);
    expect(rows.reduce((s, c) => s + Number(c.base_employment), 0)).toBeCloseTo(19378400, 0);
    writeFileSync(cfg, JSON.stringify({ allocation: 'full', frameworks: ['legacy16'] }));
    await runPipeline({ configFile: cfg, outDir: o, dataDir: DEFAULT_DATA_DIR }, captureIO());
    const full = readCsv(join(o, 'clusters.csv'));
    expect(full.reduce((s, c) => s + Number(c.base_employment), 0)).toBeGreaterThan(19378400);
  });
});

describe('failures leave an earlier output folder untouched (CLI)', () => {
  let out: string;
  let before: Record<string, string>;

  beforeAll(() => {
    out = tempDir();
    const ok = cli(['run', '--out', out], SHIPPED);
    expect(ok.code).toBe(0);
    before = snapshot(out);
  });

  it('stops on a misspelled config key, naming it', () => {
    const cfg = join(tempDir(), 'typo.json');
    writeFileSync(cfg, JSON.stringify({ alocation: 'full' }));
    const r = cli(['run', '--config', cfg, '--out', out], SHIPPED);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "alocation"');
    expect(r.stderr).toContain('Did you mean "allocation"?');
    expect(snapshot(out)).toEqual(before);
  });

  it('stops on a missing input file, naming the file, publisher and where to get it', () => {
    const empty = tempDir();
    const r = cli(['run', '--out', out, '--data-dir', empty]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(WORKBOOK);
    expect(r.stderr).toContain('California Employment Development Department');
    expect(r.stderr).toContain('https://labormarketinfo.edd.ca.gov/');
    expect(snapshot(out)).toEqual(before);
  });

  it('stops on a workbook with a missing column, naming the column', async () => {
    // A copy of the shipped data folder's needed files, with the Exits column deleted from the workbook.
    const data = tempDir();
    for (const f of [
      'career_clusters/onet_all_career_clusters_16.csv',
      'career_clusters/advance_cte_2024/acte_soc_cluster_subcluster.csv',
      'soc/bls_soc_structure_2018.csv',
    ]) {
      mkdirSync(join(data, f, '..'), { recursive: true });
      copyFileSync(shippedFile(f), join(data, f));
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(shippedFile(WORKBOOK));
    const sheet = wb.getWorksheet('Occupational');
    const headerRow = sheet?.getRow(4).values as unknown[];
    const exits = headerRow.findIndex((v) =>
      JSON.stringify(v ?? '').startsWith('{"richText":[{"text":"Exits'),
    );
    expect(exits).toBeGreaterThan(0);
    sheet?.spliceColumns(exits, 1);
    mkdirSync(join(data, WORKBOOK, '..'), { recursive: true });
    await wb.xlsx.writeFile(join(data, WORKBOOK));
    const r = cli(['run', '--out', out, '--data-dir', data]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('required column "Exits" is missing');
    expect(r.stderr).toContain(WORKBOOK);
    expect(snapshot(out)).toEqual(before);
  });

  it('prints help for every command and exits 0', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('run [options]');
    const run = cli(['run', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--data-dir <dir>');
    expect(run.stdout).toContain('--db <file>');
  });

  it('rejects an unknown option with a usage exit code', () => {
    const r = cli(['run', '--outt', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--outt'");
  });
});
