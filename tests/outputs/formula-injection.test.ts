import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { captureIO, DATA_DIR, describeWithData, FIXTURES, tempDir } from '../helpers.ts';

const FIXTURE = join(FIXTURES, 'ca-edd', 'longterm-formula-title.csv');
const TITLE = '=HYPERLINK("http://x","y")';

// The crosswalks still come from the shared data folder; only the projections are the fixture.
describeWithData('an occupation title that looks like a formula', () => {
  let dir = '';
  beforeAll(async () => {
    const work = tempDir();
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({ inputs: { 'ca-edd-longterm-2023-2033': FIXTURE } }));
    dir = tempDir('clusterfit-formula-');
    await runPipeline(
      { configFile: config, outDir: dir, dataDir: DATA_DIR, dbPath: join(work, 'db.duckdb') },
      captureIO(),
    );
  });

  it('comes out of results.xlsx as inert text, exactly as published', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'results.xlsx'));
    const ws = wb.getWorksheet('occupations');
    if (!ws) throw new Error('results.xlsx has no occupations sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const titleCol = header.indexOf('soc_title') + 1;
    const codeCol = header.indexOf('soc_code') + 1;
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(codeCol).value === '43-4051') cells.push(row.getCell(titleCol));
    });
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.value).toBe(TITLE);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    }
    // No formula element anywhere in the sheet XML: nothing a spreadsheet would evaluate.
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'results.xlsx')));
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/'))) {
      expect(await zip.file(name)?.async('string')).not.toContain('<f>');
    }
    // The cell's style is text format with Excel's quote prefix, as if typed after an apostrophe.
    const sheet = (await zip.file('xl/worksheets/sheet3.xml')?.async('string')) ?? '';
    const cell = /<c r="[A-Z]+\d+" s="(\d+)" t="inlineStr"><is><t>=HYPERLINK/.exec(sheet);
    const styles = (await zip.file('xl/styles.xml')?.async('string')) ?? '';
    const xfs = [...styles.matchAll(/<xf [^>]*\/>/g)].map((m) => m[0]).slice(1); // skip cellStyleXfs
    expect(xfs[Number(cell?.[1])]).toContain('quotePrefix="1"');
    expect(xfs[Number(cell?.[1])]).toContain('numFmtId="49"');
  });

  it('keeps the same text in the Arrow file as in the CSV', () => {
    const table = tableFromIPC(readFileSync(join(dir, 'occupations.arrow')));
    const titles = table.getChild('soc_title')?.toArray() as string[];
    expect(titles).toContain(TITLE);
    expect(readFileSync(join(dir, 'occupations.csv'), 'utf8')).toContain(
      '"=HYPERLINK(""http://x"",""y"")"',
    );
  });
});
