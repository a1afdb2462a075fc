/**
 * The California EDD layout on the hand-written fixture (tests/fixtures/mini-data), through both
 * the CSV path and a workbook built here in the publisher's layout: title rows, the header on
 * row 4 with footnote markers set in superscript rich text, data from column B.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../../kernel/cli-error.ts';
import { readCaEddLongterm } from '../../../sources/ca-edd/read-longterm.ts';
import { FIXTURES, tempDir } from '../../helpers.ts';

const CSV = join(
  FIXTURES,
  'mini-data/projections_state/ca_edd_2023_2033/ca_edd_longterm_2023_2033_statewide.csv',
);

async function writeWorkbook(path: string, rows: string[][], mutate?: (header: string[]) => void) {
  const [header = [], ...body] = rows;
  mutate?.(header);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Occupational');
  ws.getCell('B1').value = '2023-2033 Occupational Employment Projections';
  ws.getCell('B2').value = 'California';
  ws.getCell('B3').value = 'Statewide';
  header.forEach((h, i) => {
    const m = /^(.*?)(\s*(\[\d+\])+)$/.exec(h);
    ws.getRow(4).getCell(i + 2).value = m
      ? {
          richText: [
            { text: `${m[1]}\n` },
            { font: { vertAlign: 'superscript' }, text: (m[2] ?? '').trim() },
          ],
        }
      : h;
  });
  body.forEach((r, j) => {
    r.forEach((v, i) => {
      const n = Number(v);
      ws.getRow(5 + j).getCell(i + 2).value = v !== '' && Number.isFinite(n) && i !== 1 ? n : v;
    });
  });
  ws.getCell(`B${5 + body.length}`).value = 'End of worksheet.';
  wb.addWorksheet('Notes').getCell('A1').value = 'Employment Development Department';
  await wb.xlsx.writeFile(path);
}

function errorOf(p: Promise<unknown>): Promise<CliError> {
  return p.then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => {
      if (e instanceof CliError) return e;
      throw e;
    },
  );
}

describe('California EDD layout (fixtures)', () => {
  let rows: string[][];
  let dir: string;
  beforeAll(() => {
    rows = Papa.parse<string[]>(readFileSync(CSV, 'utf8'), { skipEmptyLines: true }).data;
    dir = tempDir();
  });

  it('reads the CSV export: total, detail flags, years, wage 0 as missing', async () => {
    const [t] = await readCaEddLongterm(CSV, 'fixture.csv');
    if (!t) throw new Error('no table');
    expect([t.base_year, t.proj_year]).toEqual([2023, 2033]);
    expect(t.records.filter((r) => r.is_detail).map((r) => r.soc_code)).toEqual([
      '29-1141',
      '31-1120',
      '15-1252',
      '35-2014',
      '13-1020',
      '47-2111',
    ]);
    expect(t.records.find((r) => r.is_total)?.base_employment).toBe(10000);
    const elec = t.records.find((r) => r.soc_code === '47-2111');
    expect(elec).toMatchObject({
      median_annual_wage: null,
      median_hourly_wage: null,
      openings: 590,
    });
    expect(t.notes.join(' ')).toContain('1 detailed rows with annual wage 0');
  });

  it('reads the same records from a workbook with title rows and rich-text headers', async () => {
    const path = join(dir, 'edd.xlsx');
    await writeWorkbook(path, rows);
    const [fromXlsx] = await readCaEddLongterm(path, 'edd.xlsx');
    const [fromCsv] = await readCaEddLongterm(CSV, 'fixture.csv');
    if (!fromXlsx || !fromCsv) throw new Error('no table');
    const strip = (r: typeof fromCsv.records) => r.map(({ source_row: _, ...rest }) => rest);
    expect(strip(fromXlsx.records)).toEqual(strip(fromCsv.records));
    expect(fromXlsx.records[0]?.source_row).toBe(5);
    expect(fromCsv.records[0]?.source_row).toBe(2);
  });

  it('names the file, sheet and column when a required column is missing', async () => {
    const path = join(dir, 'no-openings.xlsx');
    await writeWorkbook(
      path,
      rows.map((r) => r.filter((_, i) => i !== 9)),
    );
    const e = await errorOf(readCaEddLongterm(path, 'no-openings.xlsx'));
    expect(e.message).toMatch(
      /^no-openings\.xlsx \(sheet "Occupational"\): required column "Total Job Openings" is missing/,
    );
  });

  it('names file, row, column and value for text in a number column', async () => {
    const text = readFileSync(CSV, 'utf8').replace(
      '4,15-1252,Software Developers,800',
      '4,15-1252,Software Developers,8O0',
    );
    const path = join(dir, 'typo.csv');
    writeFileSync(path, text);
    const e = await errorOf(readCaEddLongterm(path, 'typo.csv'));
    expect(e.message).toBe(
      'typo.csv, row 6, column "Base Year Employment Estimate 2023[4][5]", value "8O0": expected a number.',
    );
  });

  it('refuses a truncated CSV, an empty file and an HTML page saved as .xlsx', async () => {
    const full = readFileSync(CSV, 'utf8');
    const truncated = join(dir, 'truncated.csv');
    writeFileSync(truncated, full.slice(0, full.indexOf('Cooks') + 30));
    expect((await errorOf(readCaEddLongterm(truncated, 'truncated.csv'))).message).toMatch(
      /^truncated\.csv, row 7: the row has \d+ fields but the header has 15/,
    );
    // Cut inside the quoted title "Cooks, Restaurant": the quote never closes.
    writeFileSync(truncated, full.slice(0, full.indexOf('Cooks') + 3));
    expect((await errorOf(readCaEddLongterm(truncated, 'truncated.csv'))).message).toBe(
      'truncated.csv, row 7: the file ends inside a quoted field; it may be truncated (an interrupted download or copy).',
    );
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await errorOf(readCaEddLongterm(empty, 'empty.csv'))).message).toBe(
      'empty.csv: the file is empty.',
    );
    const html = join(dir, 'page.xlsx');
    writeFileSync(html, '<!DOCTYPE html><html><body>Not found</body></html>');
    expect((await errorOf(readCaEddLongterm(html, 'page.xlsx'))).message).toContain(
      'Cannot read page.xlsx as an Excel workbook',
    );
  });

  it('refuses a bad SOC code and a wrong extension', async () => {
    const path = join(dir, 'badcode.csv');
    writeFileSync(path, readFileSync(CSV, 'utf8').replace('4,35-2014', '4,35-201X'));
    expect((await errorOf(readCaEddLongterm(path, 'badcode.csv'))).message).toContain(
      'badcode.csv, row 7, column "SOC Code[2]", value "35-201X": expected a SOC code',
    );
    const txt = join(dir, 'data.txt');
    writeFileSync(txt, 'x');
    expect((await errorOf(readCaEddLongterm(txt, 'data.txt'))).message).toContain('.xlsx or .csv');
  });
});
