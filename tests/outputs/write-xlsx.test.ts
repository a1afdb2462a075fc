import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { col, Database } from '../../kernel/database.ts';
import { type PublishedTable, publishRows } from '../../outputs/published-table.ts';
import { writeXlsx } from '../../outputs/write-xlsx.ts';
import { tempDir } from '../helpers.ts';

const ROWS = [
  {
    cluster: 'Health Science',
    base_employment: 1917900.5,
    pct_change: 17.5139,
    rank: 1,
    approved: true,
  },
  {
    cluster: '=HYPERLINK("http://x","y")',
    base_employment: 10,
    pct_change: null,
    rank: 2,
    approved: false,
  },
  { cluster: '+1+2', base_employment: 0, pct_change: -1.5, rank: 3, approved: false },
];
const COLUMNS = ['cluster', 'base_employment', 'pct_change', 'rank', 'approved'];
const TYPES = [
  col('cluster', 'VARCHAR'),
  col('base_employment', 'DOUBLE'),
  col('pct_change', 'DOUBLE'),
  col('rank', 'INTEGER'),
  col('approved', 'BOOLEAN'),
];

let db: Database;
let table: PublishedTable;
beforeAll(async () => {
  db = await Database.open(':memory:');
  table = await publishRows(db, 'clusters', TYPES, ROWS);
});
afterAll(() => db.close());

/** The workbook of the clusters table, as bytes. */
async function xlsxBuffer(): Promise<Buffer> {
  const path = join(tempDir(), 'results.xlsx');
  await writeXlsx(db, path, [{ title: 'clusters', table }]);
  return readFileSync(path);
}

async function read(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('clusters');
  if (!ws) throw new Error('no clusters sheet');
  return ws;
}

describe('writeXlsx', () => {
  it('writes typed numeric cells with number formats, a frozen header and set widths', async () => {
    const ws = await read(await xlsxBuffer());
    expect(ws.getRow(1).values).toEqual([undefined, ...COLUMNS]);
    const employment = ws.getCell('B2');
    expect(employment.type).toBe(ExcelJS.ValueType.Number);
    expect(employment.value).toBe(1917900.5);
    expect(employment.numFmt).toBe('#,##0');
    expect(ws.getCell('C2').numFmt).toBe('0.0"%"');
    expect(ws.getCell('D2').value).toBe(1);
    expect(ws.getCell('E2').value).toBe(true);
    expect(ws.getCell('C3').value).toBeNull();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBeGreaterThan(20);
  });

  it('stores formula-like text as inert text, exactly as written', async () => {
    const ws = await read(await xlsxBuffer());
    for (const ref of ['A3', 'A4']) {
      const cell = ws.getCell(ref);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    }
    expect(ws.getCell('A3').value).toBe('=HYPERLINK("http://x","y")');
    expect(ws.getCell('A4').value).toBe('+1+2');
    expect(ws.getCell('A2').numFmt).toBeUndefined();
  });

  it('gives byte-identical workbooks for equal tables', async () => {
    // Two different clocks: exceljs would stamp the current time into the zip and properties.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      const a = await xlsxBuffer();
      vi.setSystemTime(new Date('2031-06-15T12:34:56Z'));
      const b = await xlsxBuffer();
      expect(a.equals(b)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
