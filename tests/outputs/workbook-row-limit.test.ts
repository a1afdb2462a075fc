/**
 * results.xlsx within Excel's limits: a table longer than a worksheet holds is left out of the
 * workbook, with a notes sheet and a warning naming the files that hold it. The limit is lowered
 * through the test-only CLUSTERFIT_XLSX_ROW_LIMIT, so the default run on the shipped files
 * (1,524 occupation rows) passes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, DEFAULT_DATA_DIR, tempDir } from '../helpers.ts';

const NOTE =
  'The occupations table has 1,524 rows, more than a worksheet holds (1,000 below its header), so results.xlsx leaves it out: open occupations.parquet or occupations.csv, which hold every row.';

async function sheets(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('results.xlsx past the row limit', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('leaves the occupations sheet out and says where its rows are', async () => {
    vi.stubEnv('CLUSTERFIT_XLSX_ROW_LIMIT', '1000');
    const run = (out: string, formats: string, io = captureIO()) =>
      main(
        ['run', '--data-dir', DEFAULT_DATA_DIR, '--out', out, '--draws', '0', '--formats', formats],
        io,
      );
    const out = tempDir();
    const io = captureIO();
    expect(await run(out, 'csv,parquet,xlsx', io)).toBe(0);
    const wb = await sheets(join(out, 'results.xlsx'));
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['notes', 2],
      ['clusters', 31],
      ['sub-levels', 145],
      ['stability', 31],
      ['data quality', 2],
      ['sources', 5],
    ]);
    const notes = wb.getWorksheet('notes');
    expect(notes?.getCell('A1').value).toBe('note');
    expect(notes?.getCell('A2').value).toBe(NOTE);
    // The files it names hold every row.
    expect(readFileSync(join(out, 'occupations.csv'), 'utf8').trim().split('\n')).toHaveLength(
      1525,
    );
    // The warning is printed and kept in the manifest.
    expect(io.stderr).toContain(NOTE);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.warnings).toContain(NOTE);

    // Without Parquet it names the CSV alone; under the limit nothing is left out.
    const csvOnly = tempDir();
    expect(await run(csvOnly, 'csv,xlsx')).toBe(0);
    const one = await sheets(join(csvOnly, 'results.xlsx'));
    expect(one.getWorksheet('notes')?.getCell('A2').value).toBe(
      NOTE.replace(
        'occupations.parquet or occupations.csv, which hold',
        'occupations.csv, which holds',
      ),
    );
    vi.stubEnv('CLUSTERFIT_XLSX_ROW_LIMIT', '1524');
    const whole = tempDir();
    expect(await run(whole, 'xlsx')).toBe(0);
    const all = await sheets(join(whole, 'results.xlsx'));
    expect(all.worksheets.map((w) => w.name)).toEqual([
      'clusters',
      'sub-levels',
      'occupations',
      'stability',
      'data quality',
      'sources',
    ]);
    expect(all.getWorksheet('occupations')?.rowCount).toBe(1525);
  }, 120_000);
});
