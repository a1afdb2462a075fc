/**
 * The policy for a title a spreadsheet would run as a formula (sources/tabular/input-guards.ts):
 * one odd title does not cost a state its run. It is kept, reported as a formula_title warning
 * naming file, row, column and value, and written inert: with a "'" before it in every CSV,
 * as text in results.xlsx. A code or sub-level that looks like a formula still stops the run
 * (bad-input-corpus.test.ts). Checked on the hand-written fixture, on the mini fixture with the
 * classic payloads, and on a copy of the real California file with two titles edited.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { col, Database } from '../../kernel/database.ts';
import { publishRows } from '../../outputs/published-table.ts';
import { writeCsv } from '../../outputs/write-csv.ts';
import { main } from '../../pipeline/cli.ts';
import { looksLikeFormula } from '../../sources/tabular/input-guards.ts';
import {
  captureIO,
  DATA_DIR,
  dataFile,
  describeWithData,
  FIXTURES,
  readCsv,
  tempDir,
} from '../helpers.ts';

const CA = 'projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv';

async function run(projections: string, dataDir: string, config: object = {}) {
  const work = tempDir();
  const file = join(work, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({ ...config, inputs: { 'ca-edd-longterm-2023-2033': projections } }),
  );
  const out = join(work, 'out');
  const io = captureIO();
  const code = await main(
    ['run', '--config', file, '--out', out, '--data-dir', dataDir, '--draws', '0'],
    io,
  );
  return { code, io, out };
}

const titleOf = (out: string, code: string) =>
  readCsv(join(out, 'occupations.csv')).find((o) => o.soc_code === code)?.soc_title;

it('the CSV writer puts a "\'" before formula text, and nothing before a number or a dash', async () => {
  const texts = [
    '=SUM(A1)',
    '-Other',
    '@x',
    '=HYPERLINK("http://x","y")',
    '-5',
    '-',
    'Health Science',
  ];
  const db = await Database.open(':memory:');
  try {
    const table = await publishRows(
      db,
      'titles',
      [col('title', 'VARCHAR')],
      texts.map((title) => ({ title })),
    );
    const path = join(tempDir(), 'titles.csv');
    await writeCsv(db, path, table);
    expect(readFileSync(path, 'utf8').split('\n')).toEqual([
      'title',
      "'=SUM(A1)",
      "'-Other",
      "'@x",
      '"\'=HYPERLINK(""http://x"",""y"")"',
      '-5',
      '-',
      'Health Science',
      '',
    ]);
  } finally {
    db.close();
  }
});

it('an input cell is formula text by its start, after any tab, return or space', () => {
  const formulas = ['=SUM(A1)', '+1+cmd', '-Other', '@x', '\t=A1', ' -2+3+cmd', '\r@x', '-1e3x'];
  expect(formulas.filter(looksLikeFormula)).toEqual(formulas);
  const plain = [
    '',
    'Health Science',
    '-',
    '---',
    ' - ',
    '-5',
    '+2.5%',
    '1e-3',
    'x=1',
    '\u00a0=A1',
  ];
  expect(plain.filter(looksLikeFormula)).toEqual([]);
});

describe('titles that start like a formula on the mini fixture', () => {
  const MINI = join(FIXTURES, 'mini-data');
  const source = readFileSync(join(MINI, CA), 'utf8');
  for (const payload of [
    '=HYPERLINK("http://x","y")',
    '@SUM(A1:A9)',
    "-2+3+cmd|' /C calc'!A0",
    '+Other',
  ]) {
    it(JSON.stringify(payload), async () => {
      const rows = Papa.parse<string[]>(source, { skipEmptyLines: true }).data;
      const row = rows.findIndex((r) => r[1] === '15-1252');
      (rows[row] as string[])[2] = payload;
      const file = join(tempDir(), 'projections.csv');
      writeFileSync(file, `${Papa.unparse(rows, { newline: '\n' })}\n`);
      const { code, io, out } = await run(file, MINI, { selection: { method: 'top_n', top_n: 3 } });
      expect(code, io.stderr).toBe(0);
      // Read back as CSV, the cell is the title with the inert "'" before it.
      expect(titleOf(out, '15-1252')).toBe(`'${payload}`);
      const warning = readCsv(join(out, 'data_quality.csv')).filter(
        (f) => f.check === 'formula_title',
      );
      expect(warning).toHaveLength(1);
      expect(warning[0]).toMatchObject({
        severity: 'warning',
        row: String(row + 1),
        // data_quality.csv is a CSV too: the value in it is inert as well.
        value: `'${payload}`,
      });
      expect(warning[0]?.message).toContain('published as text');
    });
  }
});

describeWithData('a copy of the real California 2023-2033 file with two titles edited', () => {
  it('runs, warns about each title with its place, and writes them inert', async () => {
    const rows = Papa.parse<string[]>(readFileSync(dataFile(CA), 'utf8'), {
      skipEmptyLines: true,
    }).data;
    const at = (code: string) => rows.findIndex((r) => r[1] === code);
    const developers = at('15-1252');
    const cooks = at('35-2014');
    const base = (rows[developers] as string[])[3];
    (rows[developers] as string[])[2] = '=SUM(1,2)';
    (rows[cooks] as string[])[2] = '-Other cooks';
    const file = join(tempDir(), 'ca_edited.csv');
    writeFileSync(file, `${Papa.unparse(rows, { newline: '\n' })}\n`);
    const { code, io, out } = await run(file, DATA_DIR);
    expect(code, io.stderr).toBe(0);
    const warnings = readCsv(join(out, 'data_quality.csv')).filter(
      (f) => f.check === 'formula_title',
    );
    expect(warnings.map((w) => [w.row, w.value])).toEqual([
      [String(developers + 1), "'=SUM(1,2)"],
      [String(cooks + 1), "'-Other cooks"],
    ]);
    expect(titleOf(out, '15-1252')).toBe("'=SUM(1,2)");
    expect(titleOf(out, '35-2014')).toBe("'-Other cooks");
    // The figures are the file's: software developers' base-year employment as published.
    const developer = readCsv(join(out, 'occupations.csv')).find(
      (o) => o.soc_code === '15-1252' && o.framework === 'legacy16',
    );
    expect(Number(developer?.base_employment)).toBe(Number(base));
    expect(readFileSync(join(out, 'occupations.csv'), 'utf8')).not.toMatch(/(^|,)=SUM/m);
  }, 120_000);
});
