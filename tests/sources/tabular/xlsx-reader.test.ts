/**
 * xlsx-reader.ts against exceljs, the reader it replaced: every sheet of every workbook in the
 * data folder, and a hand-made workbook with the cell kinds publishers use (shared and rich
 * text, numbers, dates, booleans, errors, formulas with and without a cached result, merged
 * titles, styled empty cells, escapes), must give the same rows and cells.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { col, Database } from '../../../kernel/database.ts';
import { publishRows } from '../../../outputs/published-table.ts';
import { writeXlsx } from '../../../outputs/write-xlsx.ts';
import type { Cell } from '../../../sources/tabular/table.ts';
import { readWorkbook, type SheetRow } from '../../../sources/tabular/xlsx-reader.ts';
import { DATA_DIR, describeWithData, HAS_DATA, shippedFile, tempDir } from '../../helpers.ts';

/** Each sheet's rows as exceljs read them, flattened as readXlsxTable flattened them. */
async function viaExceljs(path: string): Promise<Map<string, SheetRow[]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets = new Map<string, SheetRow[]>();
  for (const ws of workbook.worksheets) {
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const values = row.values as unknown[];
      rows.push({
        row: n,
        cells: Array.from({ length: values.length - 1 }, (_, i) => flat(values[i + 1])),
      });
    });
    sheets.set(ws.name, rows);
  }
  return sheets;
}

function flat(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText))
    return (v.richText as { text: string }[]).map((p) => p.text).join('');
  if ('result' in v) return flat(v.result);
  if ('formula' in v || 'sharedFormula' in v) return null;
  if ('error' in v) return String(v.error);
  if ('text' in v) return flat(v.text);
  return String(value);
}

function ours(path: string): Map<string, SheetRow[]> {
  return new Map(readWorkbook(path).worksheets.map((ws) => [ws.name, ws.rows()]));
}

function workbooksUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return workbooksUnder(path);
    return name.endsWith('.xlsx') ? [path] : [];
  });
}

describeWithData('xlsx-reader on the data folder', () => {
  // Listed while collecting, when a skipped suite's body runs too: nothing to list without it.
  const files = HAS_DATA ? workbooksUnder(DATA_DIR) : [];

  it('finds the publishers workbooks', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files.map((f) => [f.slice(DATA_DIR.length + 1), f]))(
    '%s: the same sheets, rows and cells as exceljs',
    async (_, path) => {
      const expected = await viaExceljs(path as string);
      const actual = ours(path as string);
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [name, rows] of expected) expect(actual.get(name), name).toEqual(rows);
    },
    30_000,
  );
});

describe('xlsx-reader on the shipped workbook', () => {
  it('reads a known cell: California 2023-2033, registered nurses', () => {
    const wb = readWorkbook(
      shippedFile(
        'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx',
      ),
    );
    const rows = wb.worksheets.find((w) => w.name === 'Occupational')?.rows() ?? [];
    const nurses = rows.find((r) => r.cells.includes('29-1141'));
    expect(nurses?.cells).toContain('Registered Nurses');
  });
});

describe('xlsx-reader: the plain cells read at once, as the general path reads them', () => {
  it('reads the EDD workbook the same with its cells and strings spelt otherwise', async () => {
    const edd = shippedFile(
      'projections_state/ca_edd_2023_2033/edd_long_term_occ_projections_2023-2033.xlsx',
    );
    // `<c  r=` and `<t >` are the same XML, but not the form the one-pattern reads take:
    // every cell and shared string of the copy goes through the general path.
    const zip = await JSZip.loadAsync(readFileSync(edd));
    const respell = async (part: string, from: string, to: string) => {
      const xml = (await zip.file(part)?.async('string')) ?? '';
      expect(xml.split(from).length).toBeGreaterThan(1000);
      zip.file(part, xml.replaceAll(from, to));
    };
    await respell('xl/worksheets/sheet1.xml', '<c r=', '<c  r=');
    await respell('xl/sharedStrings.xml', '<t>', '<t >');
    const general = join(tempDir('clusterfit-xlsx-'), 'respelt.xlsx');
    writeFileSync(general, await zip.generateAsync({ type: 'nodebuffer' }));
    const rows = ours(edd).get('Occupational') ?? [];
    expect(ours(general).get('Occupational')).toEqual(rows);
    expect(rows).toHaveLength(798);
    expect(rows[3]?.cells.slice(0, 3)).toEqual([
      'SOC Level[1]',
      'SOC Code[2]',
      'Occupational Title[3]',
    ]);
    expect(rows.find((r) => r.cells[1] === '29-1141')).toEqual({
      row: 322,
      cells: [
        4,
        '29-1141',
        'Registered Nurses',
        321400,
        355200,
        33800,
        0.10516490354698195,
        98850,
        75140,
        207790,
        69.3,
        144143.79,
        "Bachelor's degree",
        'None',
        'None',
      ],
    });
  });
});

describe('xlsx-reader on a hand-made workbook', () => {
  it('reads every kind of cell as exceljs does', async () => {
    const dir = tempDir('clusterfit-xlsx-');
    const path = join(dir, 'kinds.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data & notes');
    ws.getCell('A1').value = 'Long-term projections <2024–2034>';
    ws.mergeCells('A1:D1');
    ws.getCell('A2').style = { font: { bold: true } }; // styled, empty: not a row
    ws.getRow(3).values = ['SOC', 'Title', 'Jobs', 'Share', 'Flag', 'Err'];
    ws.getRow(4).values = ['11-1011', 'Chief Executives', 1234.5, 0.25, true, { error: '#N/A' }];
    ws.getCell('B5').value = {
      richText: [{ text: 'Nurse' }, { font: { vertAlign: 'superscript' }, text: '1' }],
    };
    ws.getCell('C5').value = { formula: 'C4*2', result: 2469 };
    ws.getCell('D5').value = { formula: 'D4*2' };
    ws.getCell('E5').value = { formula: 'B4', result: 'Chief & co' };
    ws.getCell('A6').value = new Date(Date.UTC(2025, 6, 1));
    ws.getCell('B6').value = 'line one\r\nline two';
    ws.getCell('C6').value = 'keep _x0041_ text';
    ws.mergeCells('A7:A8');
    ws.getCell('A7').value = 'Merged down';
    wb.addWorksheet('Second');
    await wb.xlsx.writeFile(path);

    const expected = await viaExceljs(path);
    const actual = ours(path);
    expect([...actual.keys()]).toEqual(['Data & notes', 'Second']);
    expect(actual).toEqual(expected);
    const rows = actual.get('Data & notes') ?? [];
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 5, 6, 7, 8]);
    expect(rows[0]?.cells).toEqual(Array(4).fill('Long-term projections <2024–2034>'));
    expect(rows[2]?.cells).toEqual(['11-1011', 'Chief Executives', 1234.5, 0.25, 'TRUE', '#N/A']);
    expect(rows[3]?.cells).toEqual([null, 'Nurse1', 2469, null, 'Chief & co']);
    // XML reads a line break as LF, and _x0041_ is OOXML's escape for "A".
    expect(rows[4]?.cells).toEqual(['2025-07-01', 'line one\nline two', 'keep A text']);
    expect(rows[6]?.cells).toEqual(['Merged down']);
  });

  it('reads the inline strings of clusterfit workbooks', async () => {
    const dir = tempDir('clusterfit-xlsx-');
    const path = join(dir, 'ours.xlsx');
    const db = await Database.open(':memory:');
    try {
      const table = await publishRows(
        db,
        'clusters',
        [col('cluster', 'VARCHAR'), col('jobs', 'DOUBLE')],
        [
          { cluster: 'Arts, A/V Technology & Communications', jobs: 12.5 },
          { cluster: ' spaced <text> ', jobs: null },
        ],
      );
      await writeXlsx(db, path, [{ title: 'clusters', table }]);
    } finally {
      db.close();
    }
    const expected = await viaExceljs(path);
    expect(ours(path)).toEqual(expected);
    expect(ours(path).get('clusters')?.[2]?.cells).toEqual([' spaced <text> ']);
  });
});
