/**
 * Corrupted copies of the real projections files, built at test time in a temp data folder: each
 * must stop `clusterfit run` with exit 3 and a message naming the place (file, row and/or column,
 * value), leave an earlier output folder byte-for-byte as it was, and be refused by
 * `clusterfit validate` naming the same place. One layout per file, every layout at least once;
 * a BOM + CRLF copy of a good CSV must still run.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import {
  captureIO,
  cli,
  DATA_DIR,
  dataFile,
  describeWithData,
  snapshot,
  tempDir,
} from '../helpers.ts';

const FILES = {
  caXlsx: 'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx',
  caCsv: 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
  caAreas: 'projections_state/ca_edd_2020_2030/ca_edd_longterm_occproj_2020_2030_all_areas.csv',
  ny: 'projections_state/ny_dol_2014_2024/ny_dol_longterm_occproj_statewide2014_2024_regions2012_2022.csv',
  bls2016: 'projections_national/bls_ep_2016_2026_table1_7.csv',
  bls2019: 'projections_national/bls_ep_2019_2029/bls_ep_2019_2029_occupation.xlsx',
  bls2024: 'projections_national/bls_ep_2024_2034_occupations.csv',
};
/** What a run needs besides the projections (SOC 2010 files need the bridge). */
const SUPPORT = [
  'career_clusters/onet_all_career_clusters_16.csv',
  'soc/bls_soc_structure_2018.csv',
  'soc/soc2010_soc2018.csv',
];

type Rows = string[][];
const parse = (path: string): Rows =>
  Papa.parse<string[]>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), {
    skipEmptyLines: true,
  }).data;
const unparse = (rows: Rows): string => `${Papa.unparse(rows, { newline: '\n' })}\n`;
/** Index of the first record whose cells include `code` (NY writes "' 29-1141"). */
const rowOf = (rows: Rows, code: string): number =>
  rows.findIndex((r) => r.some((c) => c.replace(/^'\s*/, '') === code));

interface Case {
  name: string;
  source: string;
  /** File name under corrupt/ in the temp data folder. */
  file: string;
  build(path: string): Promise<void> | void;
  /** Texts the message must contain, besides the file name. */
  expect: string[];
}

describeWithData('corrupted inputs stop the run and leave the output folder untouched', () => {
  let data: string;
  let out: string;
  let before: Record<string, string>;

  beforeAll(() => {
    data = tempDir();
    for (const f of SUPPORT) {
      mkdirSync(join(data, f, '..'), { recursive: true });
      copyFileSync(dataFile(f), join(data, f));
    }
    mkdirSync(join(data, 'corrupt'));
    out = tempDir();
    const ok = cli(['run', '--out', out, '--data-dir', DATA_DIR]);
    expect(ok.code, ok.stderr).toBe(0);
    before = snapshot(out);
  });

  const cases: Case[] = [
    {
      name: 'a dropped required column (NY DOL)',
      source: 'ny-dol-longterm-2014-2024',
      file: 'ny_dropped_column.csv',
      build(path) {
        const rows = parse(dataFile(FILES.ny));
        const at = rows[0]?.indexOf('Growth Annual Openings') ?? -1;
        expect(at).toBeGreaterThan(0);
        writeFileSync(path, unparse(rows.map((r) => r.filter((_, i) => i !== at))));
      },
      expect: ['required column "Growth Annual Openings" is missing'],
    },
    {
      name: 'text "12O" in a number cell (BLS 2024-34)',
      source: 'bls-ep-2024-2034',
      file: 'bls2024_text_in_number.csv',
      build(path) {
        const rows = parse(dataFile(FILES.bls2024));
        const i = rowOf(rows, '29-1141');
        const col = rows[0]?.indexOf('Employment 2034') ?? -1;
        (rows[i] as string[])[col] = '12O';
        writeFileSync(path, unparse(rows));
        this.expect = [
          `row ${i + 1}`,
          'column "Employment 2034"',
          'value "12O"',
          'expected a number',
        ];
      },
      expect: [],
    },
    {
      name: 'text "n/a-ish" in a number cell (CA EDD 2023-33 CSV)',
      source: 'ca-edd-longterm-2023-2033',
      file: 'ca_text_in_number.csv',
      build(path) {
        const rows = parse(dataFile(FILES.caCsv));
        const i = rowOf(rows, '29-1141');
        (rows[i] as string[])[7] = 'n/a-ish';
        writeFileSync(path, unparse(rows));
        this.expect = [
          `row ${i + 1}`,
          'column "Exits [7]"',
          'value "n/a-ish"',
          'expected a number',
        ];
      },
      expect: [],
    },
    {
      name: 'a duplicated detailed row (BLS 2016-26)',
      source: 'bls-ep-2016-2026',
      file: 'bls2016_duplicate.csv',
      build(path) {
        const rows = parse(dataFile(FILES.bls2016));
        const i = rowOf(rows, '29-1141');
        rows.splice(i + 1, 0, [...(rows[i] as string[])]);
        writeFileSync(path, unparse(rows));
        // Both rows are named: the copy, and the first one it repeats.
        this.expect = [`row ${i + 2}`, 'value "29-1141"', `appears again (first at row ${i + 1})`];
      },
      expect: [],
    },
    {
      name: 'a file truncated mid-row (CA EDD 2020-30 all areas)',
      source: 'ca-edd-longterm-2020-2030-areas',
      file: 'ca_areas_truncated.csv',
      build(path) {
        const text = readFileSync(dataFile(FILES.caAreas), 'utf8');
        const lines = text.split('\n').slice(0, 400);
        const last = lines[399] as string;
        // Cut after the sixth field: the area, period, level, code and title survive.
        const cut = last.split(',').slice(0, 6).join(',');
        writeFileSync(path, `${lines.slice(0, 399).join('\n')}\n${cut}`);
        this.expect = ['row 400', 'may be truncated'];
      },
      expect: [],
    },
    {
      name: 'a truncated workbook (BLS 2019-29)',
      source: 'bls-ep-2019-2029',
      file: 'bls2019_truncated.xlsx',
      build(path) {
        const bytes = readFileSync(dataFile(FILES.bls2019));
        writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      },
      expect: ['as an Excel workbook'],
    },
    {
      name: 'an HTML page saved as .xlsx (CA EDD 2023-33 workbook)',
      source: 'ca-edd-longterm-2023-2033',
      file: 'ca_html.xlsx',
      build(path) {
        writeFileSync(path, '<!DOCTYPE html>\n<html><body>Session expired</body></html>\n');
      },
      expect: ['as an Excel workbook', 'not an HTML page', '"<!DO"'],
    },
    {
      name: 'an empty file (NY DOL)',
      source: 'ny-dol-longterm-2014-2024',
      file: 'ny_empty.csv',
      build(path) {
        writeFileSync(path, '');
      },
      expect: ['the file is empty'],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: run exits 3 naming the place; validate agrees`, async () => {
      const path = join(data, 'corrupt', c.file);
      await c.build.call(c, path);
      const cfg = join(data, `${c.file}.json`);
      writeFileSync(
        cfg,
        JSON.stringify({
          projections: c.source,
          inputs: { [c.source]: `corrupt/${c.file}` },
          frameworks: ['legacy16'],
        }),
      );
      const r = cli(['run', '--config', cfg, '--out', out, '--data-dir', data]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(`corrupt/${c.file}`);
      for (const text of c.expect) expect(r.stderr).toContain(text);
      expect(snapshot(out)).toEqual(before);

      const io = captureIO();
      const v = await main(['validate', path, '--data-dir', data], io);
      expect(v, io.stderr).toBe(3);
      const report = io.stdout + io.stderr;
      expect(report).toContain(path);
      for (const text of c.expect) expect(report).toContain(text);
    });
  }

  it('runs a BOM + CRLF copy of a good CSV (BLS 2024-34) and validate trusts it', async () => {
    const path = join(data, 'corrupt', 'bls2024_bom_crlf.csv');
    const text = readFileSync(dataFile(FILES.bls2024), 'utf8').replace(/\r?\n/g, '\r\n');
    writeFileSync(path, `\uFEFF${text}`);
    const cfg = join(data, 'bom.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        projections: 'bls-ep-2024-2034',
        inputs: { 'bls-ep-2024-2034': 'corrupt/bls2024_bom_crlf.csv' },
        frameworks: ['legacy16'],
      }),
    );
    const good = tempDir();
    const r = cli(['run', '--config', cfg, '--out', good, '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(good)).toContain('clusters.csv');
    const io = captureIO();
    expect(await main(['validate', path, '--data-dir', data], io)).toBe(0);
    expect(io.stdout).toContain('rows:    832');
    expect(snapshot(out)).toEqual(before);
  });
});
