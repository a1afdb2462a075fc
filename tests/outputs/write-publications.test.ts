import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../kernel/database.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DEFAULT_DATA_DIR, FIXTURES, tempDir } from '../helpers.ts';
import { expectGolden, normalizeNumbers } from './golden.ts';

const TABLES = ['clusters', 'sublevels', 'occupations', 'data_quality'] as const;

type Value = string | number | boolean | null;

function csv(dir: string, name: string): { fields: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<Record<string, string>>(
    readFileSync(join(dir, `${name}.csv`), 'utf8'),
    {
      header: true,
      skipEmptyLines: true,
    },
  );
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
}

async function parquetRows(dir: string, name: string): Promise<Record<string, Value>[]> {
  const db = await Database.open(':memory:');
  try {
    return await db.all(`select * from read_parquet('${join(dir, `${name}.parquet`)}')`);
  } finally {
    db.close();
  }
}

function arrowRows(dir: string, name: string): Record<string, Value>[] {
  const table = tableFromIPC(readFileSync(join(dir, `${name}.arrow`)));
  return table.toArray().map((r) => r.toJSON() as Record<string, Value>);
}

/** The CSV's text read as the typed value it stands for (a number, a flag, null). */
function csvValue(text: string, typed: Value): Value {
  if (text === '') return null;
  if (typeof typed === 'number') return Number(text);
  if (typeof typed === 'boolean') return text === 'true';
  return text;
}

/** Each typed value equals the value the CSV's text stands for. */
function expectSameAsCsv(typed: Record<string, Value>[], text: ReturnType<typeof csv>): void {
  expect(typed).toHaveLength(text.rows.length);
  typed.forEach((row, i) => {
    expect(Object.keys(row)).toEqual(text.fields);
    const fromCsv = Object.fromEntries(
      text.fields.map((f) => [f, csvValue(text.rows[i]?.[f] ?? '', row[f] ?? null)]),
    );
    expect(row).toEqual(fromCsv);
  });
}

describe('publish: charts, brief, workbook, Parquet and Arrow (real files)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = tempDir('clusterfit-publish-');
    await runPipeline(
      { outDir: dir, dataDir: DEFAULT_DATA_DIR, dbPath: join(tempDir(), 'db.duckdb') },
      captureIO(),
    );
  });

  it('writes four charts per framework (with stability) and the bridge, each as spec, SVG and PNG, and the brief', () => {
    const charts = readdirSync(join(dir, 'charts')).sort();
    expect(charts).toHaveLength(27);
    expect(charts).toContain('stability-CA-2023-2033-legacy16.png');
    expect(charts).toContain('scores-CA-2023-2033-legacy16.png');
    expect(charts).toContain('growth-wage-CA-2023-2033-acte2024.svg');
    expect(charts).toContain('contributions-CA-2023-2033-acte2024.vl.json');
    const spec = JSON.parse(
      readFileSync(join(dir, 'charts/scores-CA-2023-2033-legacy16.vl.json'), 'utf8'),
    );
    expect(spec.config.font).toBe('DejaVu Sans');
    expect(spec.title.subtitle).toBe(
      'California · 2023–2033 · National Career Clusters Framework, legacy 16 clusters',
    );
    // Data inlined, so the spec embeds as is.
    expect(spec.vconcat[0].data.values[0]).toMatchObject({
      rank: 1,
      cluster: 'Information Technology',
    });
    const md = readFileSync(join(dir, 'brief.md'), 'utf8');
    expect(md).toContain(
      '![Composite score by Career Cluster, ranked](charts/scores-CA-2023-2033-legacy16.png)',
    );
    expect(md).toContain('## Data sources');
    expect(md).toContain(
      '![How stable is each cluster’s approval?](charts/stability-CA-2023-2033-legacy16.png)',
    );
    expect(md).not.toContain('no stability output');
    expect(md).toContain('](charts/bridge-CA-2023-2033-bridge.png)');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const files = manifest.outputs.map((o: { file: string }) => o.file);
    expect(files).toContain('results.xlsx');
    expect(files).toContain('charts/scores-CA-2023-2033-legacy16.png');
    // The files written before the charts are hashed while they are drawn, the charts' and the
    // brief's after: every entry is the published file's, bytes and rows.
    for (const o of manifest.outputs as { file: string; sha256: string; rows: number | null }[]) {
      const bytes = readFileSync(join(dir, o.file));
      expect(createHash('sha256').update(bytes).digest('hex'), o.file).toBe(o.sha256);
      const lines = o.file.endsWith('.csv') ? bytes.toString('utf8').split('\n').length - 2 : null;
      expect(o.rows, o.file).toBe(lines);
    }
    expect(files).toContain('changes.json');
    expect(files).toContain('brief.html');
    expect(manifest.outputs.find((o: { file: string }) => o.file === 'clusters.csv').rows).toBe(
      csv(dir, 'clusters').rows.length,
    );
  });

  it('bridges legacy to 2024 clusters with the jobs occupations.csv gives each pair', () => {
    const spec = JSON.parse(
      readFileSync(join(dir, 'charts/bridge-CA-2023-2033-bridge.vl.json'), 'utf8'),
    );
    const cells = spec.vconcat[0].data.values as { legacy: string; modern: string; jobs: number }[];
    // Recomputed from occupations.csv: each occupation's jobs × its split weight in each framework.
    const occ = csv(dir, 'occupations').rows.filter((r) => r.cluster !== '(unmapped)');
    const byCode = (fw: string) => {
      const m = new Map<string, { cluster: string; w: number; jobs: number }[]>();
      for (const r of occ.filter((o) => o.framework === fw)) {
        const list = m.get(r.soc_code as string) ?? [];
        list.push({
          cluster: r.cluster as string,
          w: Number(r.allocation_weight),
          jobs: Number(r.base_employment),
        });
        m.set(r.soc_code as string, list);
      }
      return m;
    };
    const modern = byCode('acte2024');
    let nurses = 0;
    let total = 0;
    for (const [code, legacy] of byCode('legacy16')) {
      for (const l of legacy)
        for (const m of modern.get(code) ?? []) {
          total += l.jobs * l.w * m.w;
          if (l.cluster === 'Health Science' && m.cluster === 'Healthcare & Human Services')
            nurses += l.jobs * l.w * m.w;
        }
    }
    const cell = cells.find(
      (c) => c.legacy === 'Health Science ✓' && c.modern === 'Healthcare & Human Services ✓',
    );
    expect(cell?.jobs).toBe(Math.round(nurses));
    expect(nurses).toBeGreaterThan(1_000_000);
    const sum = cells.reduce((s, c) => s + c.jobs, 0);
    // Cells are rounded to whole jobs and pairs under half a job are left out.
    expect(Math.abs(sum - total)).toBeLessThan(cells.length);
    expect(cells.some((c) => c.legacy === 'Marketing' && c.modern === 'Marketing & Sales')).toBe(
      true,
    );

    // bridge.csv: the same cells, and each legacy cluster's row is all of its employment.
    const bridge = csv(dir, 'bridge').rows;
    expect(
      Number(
        bridge.find(
          (b) =>
            b.from_cluster === 'Health Science' && b.to_cluster === 'Healthcare & Human Services',
        )?.employment,
      ),
    ).toBeCloseTo(nurses, 1);
    const legacy = csv(dir, 'clusters').rows.filter((c) => c.framework === 'legacy16');
    expect(new Set(bridge.map((b) => b.from_cluster)).size).toBe(16);
    for (const c of legacy) {
      const row = bridge.filter((b) => b.from_cluster === c.cluster);
      const share = row.reduce((t, b) => t + Number(b.share), 0);
      const jobs = row.reduce((t, b) => t + Number(b.employment), 0);
      expect(Math.abs(share - 1)).toBeLessThan(1e-5 * row.length);
      expect(Math.abs(jobs - Number(c.base_employment))).toBeLessThan(0.01 * (row.length + 1));
    }

    // recommendation.md says what happens to the approved list, from the same rows.
    const md = readFileSync(join(dir, 'recommendation.md'), 'utf8');
    expect(md).toContain('## From the legacy list to the 2024 framework');
    const approved = new Set(
      csv(dir, 'clusters')
        .rows.filter((c) => c.framework === 'acte2024' && c.approved === 'true')
        .map((c) => c.cluster),
    );
    const health = bridge
      .filter((b) => b.from_cluster === 'Health Science')
      .sort((a, b) => Number(b.employment) - Number(a.employment));
    const kept = health
      .filter((b) => approved.has(b.to_cluster as string))
      .reduce((t, b) => t + Number(b.share), 0);
    const top = health[0] as Record<string, string>;
    expect(md).toContain(
      `| Health Science | yes | ${(kept * 100).toFixed(1)}% | ${top.to_cluster} ✓ ${(Number(top.share) * 100).toFixed(1)}%;`,
    );
  });

  it('Parquet and Arrow files hold the same columns, rows and values as the CSVs', async () => {
    for (const name of TABLES) {
      const text = csv(dir, name);
      expectSameAsCsv(await parquetRows(dir, name), text);
      expectSameAsCsv(arrowRows(dir, name), text);
    }
    const rn = (await parquetRows(dir, 'occupations')).filter((r) => r.soc_code === '29-1141');
    expect(rn.length).toBeGreaterThan(0);
    expect(rn[0]?.base_employment).toBe(321400);
    const rnArrow = arrowRows(dir, 'occupations').find((r) => r.soc_code === '29-1141');
    expect(rnArrow?.base_employment).toBe(321400);
  });

  it("clusters.csv's Health Science row holds the same values in CSV, Parquet, Arrow and the workbook", async () => {
    // CA EDD 2023-2033 statewide, legacy 16 clusters: the shipped data's values, rounded once.
    const line = readFileSync(join(dir, 'clusters.csv'), 'utf8')
      .split('\n')
      .find((l) => l.includes(',legacy16,Health Science,'));
    expect(line).toBe(
      'CA,California,2023-2033,legacy16,Health Science,1917900,2253800,335900,17.5139,232384.5,56841.37,0.292621,0.488768,73,0.427117,3,true,0.267198,0.285895,66437.5',
    );
    const expected = {
      area: 'CA',
      framework: 'legacy16',
      cluster: 'Health Science',
      base_employment: 1917900,
      change: 335900,
      pct_change: 17.5139,
      annual_openings: 232384.5,
      median_wage: 56841.37,
      high_wage_share: 0.292621,
      occupations: 73,
      score: 0.427117,
      rank: 3,
      approved: true,
      middle_skill_openings: 66437.5,
    };
    const health = (rows: Record<string, Value>[]) =>
      rows.find((r) => r.framework === 'legacy16' && r.cluster === 'Health Science');
    expect(health(await parquetRows(dir, 'clusters'))).toMatchObject(expected);
    expect(health(arrowRows(dir, 'clusters'))).toMatchObject(expected);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'results.xlsx'));
    const ws = wb.getWorksheet('clusters');
    if (!ws) throw new Error('results.xlsx has no clusters sheet');
    const header = (ws.getRow(1).values as string[]).slice(1);
    const sheetRows: Record<string, Value>[] = [];
    ws.eachRow((row, n) => {
      if (n > 1)
        sheetRows.push(
          Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value as Value])),
        );
    });
    expect(health(sheetRows)).toMatchObject(expected);
  });

  it('results.xlsx has a sheet per table with numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'results.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'clusters',
      'sub-levels',
      'occupations',
      'stability',
      'data quality',
      'sources',
    ]);
    const ws = wb.getWorksheet('clusters');
    if (!ws) throw new Error('results.xlsx has no clusters sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const text = csv(dir, 'clusters');
    const hsCsv = text.rows.find((r) => r.cluster === 'Health Science');
    let found = false;
    ws.eachRow((row, n) => {
      if (n === 1 || row.getCell(col('cluster')).value !== 'Health Science') return;
      const cell = row.getCell(col('base_employment'));
      expect(cell.type).toBe(ExcelJS.ValueType.Number);
      expect(cell.value).toBe(Number(hsCsv?.base_employment));
      expect(cell.value).toBe(1917900);
      expect(row.getCell(col('approved')).value).toBe(true);
      found = true;
    });
    expect(found).toBe(true);
    expect(ws.rowCount).toBe(text.rows.length + 1);
    expect(wb.getWorksheet('occupations')?.rowCount).toBe(csv(dir, 'occupations').rows.length + 1);
  });

  it('matches the golden table files (schemas and the clusters table, normalized)', async () => {
    const schemas: string[] = [];
    for (const name of TABLES) {
      const table = tableFromIPC(readFileSync(join(dir, `${name}.arrow`)));
      schemas.push(`${name}: ${table.numRows} rows`);
      for (const f of table.schema.fields) schemas.push(`  ${f.name}: ${f.type}`);
    }
    expectGolden('tables/schemas.txt', `${schemas.join('\n')}\n`);
    const rows = await parquetRows(dir, 'clusters');
    const lines = Papa.unparse(rows.map(Object.values), { newline: '\n' });
    expectGolden('tables/clusters.parquet.csv', `${normalizeNumbers(lines, 4)}\n`);
    // The workbook's clusters sheet as stored: cell types, styles and values.
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'results.xlsx')));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    expectGolden(
      'tables/results-clusters-sheet.xml',
      `${normalizeNumbers(sheet, 4).replace(/<row /g, '\n<row ')}\n`,
    );
  });

  it('leaves the previous charts and tables untouched when a later run fails', async () => {
    const before = readFileSync(join(dir, 'charts/scores-CA-2023-2033-legacy16.svg'));
    const work = tempDir();
    // The formula fixture with one broken identity (projected − base ≠ change) stops the run.
    const broken = readFileSync(join(FIXTURES, 'ca-edd', 'longterm-formula-title.csv'), 'utf8')
      .replace('"=HYPERLINK(""http://x"",""y"")"', 'Bill and Account Collectors')
      .replace(
        ',Software Developers,173600,203800,30200,',
        ',Software Developers,173600,203800,30250,',
      );
    writeFileSync(join(work, 'broken.csv'), broken);
    writeFileSync(
      join(work, 'config.json'),
      JSON.stringify({ inputs: { 'ca-edd-longterm-2023-2033': join(work, 'broken.csv') } }),
    );
    await expect(
      runPipeline(
        {
          configFile: join(work, 'config.json'),
          outDir: dir,
          dataDir: DEFAULT_DATA_DIR,
          dbPath: join(work, 'db.duckdb'),
        },
        captureIO(),
      ),
    ).rejects.toThrow(/does not hold/);
    expect(readFileSync(join(dir, 'charts/scores-CA-2023-2033-legacy16.svg')).equals(before)).toBe(
      true,
    );
    expect(readdirSync(join(dir, 'charts'))).toHaveLength(27);
    expect(readdirSync(dir).filter((n) => n.startsWith('.staging-'))).toEqual([]);
  });

  const RUN_RECORDS = ['manifest.json', 'history.duckdb', 'changes.json', 'changes.md'];

  it('gives byte-identical outputs on a rerun, except the records of the run itself', async () => {
    const again = tempDir('clusterfit-publish-');
    await runPipeline(
      { outDir: again, dataDir: DEFAULT_DATA_DIR, dbPath: join(tempDir(), 'db.duckdb') },
      captureIO(),
    );
    const list = (d: string): string[] =>
      readdirSync(d, { recursive: true, withFileTypes: true })
        // The manifest, history and changes name the run (its id and times); nothing else may.
        .filter((e) => e.isFile() && !RUN_RECORDS.includes(e.name))
        .map((e) => join(e.parentPath, e.name).slice(d.length + 1))
        .sort();
    expect(list(again)).toEqual(list(dir));
    for (const name of list(dir)) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(dir, name))), name).toBe(
        true,
      );
    }
  });
});
