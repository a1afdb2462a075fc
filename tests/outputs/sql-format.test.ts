import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, Database, type TableColumn } from '../../kernel/database.ts';
import { ensureFormatMacros } from '../../outputs/sql-format.ts';
import {
  describeSqlTable,
  type SqlTable,
  writeArrowFromSql,
  writeCsvFromSql,
} from '../../outputs/sql-table.ts';
import { typeColumns } from '../../outputs/table-schema.ts';
import { formatValue, toCsv } from '../../outputs/to-csv.ts';
import { toArrowTable } from '../../outputs/write-arrow.ts';
import { writeXlsx, xlsxBuffer } from '../../outputs/write-xlsx.ts';

// The same rows written by DuckDB (sql-format.ts, sql-table.ts) and by the JS writers must give
// the same bytes: the pipeline uses the first for its DuckDB tables and the second for rows
// built in TypeScript.

const TEXTS = [
  'Health Science',
  'Arts, A/V Technology & Communications',
  'He said "hi"',
  'line one\nline two',
  'carriage\rreturn',
  '=HYPERLINK("http://x","y")',
  '+1+2',
  '-5',
  '@SUM(A1)',
  '\tindented',
  ' leading space',
  'trailing space ',
  'no-break\u00a0',
  '\u2003em space first',
  'zero width\u200b not space',
  'bom\ufeff',
  'ctrl\u0001char',
  '<tag> & "quote"',
  'emoji 🎓 cap',
  'accents: São Paulo, Zürich',
  '',
];

const ROWS = TEXTS.map((text, i) => ({
  name: text,
  value: [0, -0, 1.5, 1e-7, 0.000012, 123456.789, -42, 1e21, 2 ** 60, 0.1 + 0.2][i % 10] ?? null,
  rank: i + 1,
  flag: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
  empty: null,
  // Columns that take the writers' fast paths: codes that need nothing, names that need only
  // CSV quotes and "&" escaped.
  code: i % 4 === 0 ? null : `11-${1000 + i}`,
  cluster: i % 2 ? 'Arts, A/V Technology & Communications' : 'Health Science',
}));
const TABLE_COLUMNS: TableColumn[] = [
  col('name', 'VARCHAR'),
  col('value', 'DOUBLE'),
  col('rank', 'INTEGER'),
  col('flag', 'BOOLEAN'),
  col('empty', 'DOUBLE'),
  col('code', 'VARCHAR'),
  col('cluster', 'VARCHAR'),
];
const COLUMNS = TABLE_COLUMNS.map((c) => c.name);

let db: Database;
let table: SqlTable;
const dir = mkdtempSync(join(tmpdir(), 'clusterfit-sqlfmt-'));

beforeAll(async () => {
  db = await Database.open(':memory:');
  await db.load('pub_test', TABLE_COLUMNS, ROWS);
  table = await describeSqlTable(db, 'test', 'pub_test', COLUMNS);
});
afterAll(() => db.close());

describe('number formatting in SQL', () => {
  it('gives to-csv.ts and String() text for edge and random values', async () => {
    await ensureFormatMacros(db);
    const values = [0, -0, 1, -1, 100, 0.1, 0.000012, -0.000012, 1e-7, 3e-13, -1e-15, 1e15 + 0.5];
    values.push(9100000000000000, 2 ** 53, 2 ** 60, 1.2345678901234568e16, 1e20, 1e21, 1.5e25);
    values.push(0.0001, 0.00009999, 99999.99, 5e-324);
    // A fixed pseudo-random spread over 40 orders of magnitude, rounded as published values are.
    let seed = 7;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const v = (next() - 0.5) * 10 ** (Math.floor(next() * 40) - 15);
      values.push(v, Math.round(v * 100) / 100, Math.round(v), Number(v.toPrecision(1 + (i % 17))));
    }
    await db.loadColumns(
      'numbers',
      [
        { name: 'i', type: 'INTEGER' },
        { name: 'x', type: 'DOUBLE' },
      ],
      [values.map((_, i) => i), values],
    );
    const rows = await db.all<{ i: number; csv: string; js: string }>(
      'select i, cf_num(x) as csv, cf_jsnum(x) as js from numbers order by i',
    );
    const wrong = rows.filter((r) => {
      const v = values[r.i] as number;
      return r.csv !== formatValue(v) || r.js !== String(Object.is(v, -0) ? 0 : v);
    });
    expect(wrong).toEqual([]);
    expect(rows).toHaveLength(values.length);
    // Known values, not just agreement: 0.000012 is spelled out, 1e-7 keeps 12 decimals.
    expect(formatValue(0.000012)).toBe('0.000012');
    expect(rows.find((r) => values[r.i] === 1e-7)?.csv).toBe('0.0000001');
    expect(rows.find((r) => values[r.i] === 1e-7)?.js).toBe('1e-7');
    expect(rows.find((r) => values[r.i] === 2 ** 60)?.csv).toBe('1152921504606847000');
  });
});

describe('tables written from DuckDB', () => {
  it('types columns as typeColumns does from the rows', () => {
    expect(table.columns).toEqual(typeColumns(COLUMNS, ROWS));
    expect(table.rows).toBe(TEXTS.length);
    expect(table.text).toEqual([
      { csvQuote: true, csvInert: true, xml: 'full' },
      null,
      null,
      null,
      null,
      { csvQuote: false, csvInert: false, xml: 'plain' },
      { csvQuote: true, csvInert: false, xml: 'amp' },
    ]);
  });

  it('writes the same CSV bytes as toCsv', async () => {
    const path = join(dir, 'test.csv');
    await writeCsvFromSql(db, path, table);
    expect(readFileSync(path, 'utf8')).toBe(toCsv(COLUMNS, ROWS));
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain('"He said ""hi""",1.5,3,,,11-1002,Health Science\n');
    expect(csv).toContain(',11-1003,"Arts, A/V Technology & Communications"\n');
  });

  it('writes the same Arrow values as the JS writer', async () => {
    const path = join(dir, 'test.arrow');
    await writeArrowFromSql(db, path, table);
    const fromSql = tableFromIPC(readFileSync(path));
    const fromJs = toArrowTable({ name: 'test', columns: typeColumns(COLUMNS, ROWS), rows: ROWS });
    expect(String(fromSql.schema)).toBe(String(fromJs.schema));
    expect(fromSql.toArray().map((r) => r.toJSON())).toEqual(
      fromJs.toArray().map((r) => r.toJSON()),
    );
    expect(fromSql.getChild('name')?.get(19)).toBe('accents: São Paulo, Zürich');
  });

  it('writes the same worksheet XML as the JS writer', async () => {
    const path = join(dir, 'sql.xlsx');
    await writeXlsx(path, [{ title: 'test', sql: table }], db);
    const js = xlsxBuffer([
      { title: 'test', table: { name: 'test', columns: table.columns, rows: ROWS } },
    ]);
    const a = await JSZip.loadAsync(readFileSync(path));
    const b = await JSZip.loadAsync(js);
    for (const part of Object.keys(b.files)) {
      expect(await a.file(part)?.async('string'), part).toBe(await b.file(part)?.async('string'));
    }
    const sheet = (await a.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    expect(sheet).toContain('<t xml:space="preserve"> leading space</t>');
    expect(sheet).toContain(
      '<c r="F5" t="inlineStr"><is><t>11-1003</t></is></c><c r="G5" t="inlineStr"><is><t>Arts, A/V Technology &amp; Communications</t></is></c></row>',
    );
    expect(sheet).toContain(
      's="2" t="inlineStr"><is><t>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)',
    );
  });

  it('writes a large table as CSV and, through ENUM codes and typed arrays, as Arrow', async () => {
    // Past DICTIONARY_MIN_ROWS, repeated text is read as codes and numbers as arrays, across
    // several DuckDB chunks and two record batches, with nulls in every kind of column.
    const n = 70_000;
    const big = Array.from({ length: n }, (_, i) => ({
      name: i % 11 === 0 ? null : (TEXTS[i % TEXTS.length] as string),
      value: i % 13 === 0 ? null : i % 17 === 0 ? -0 : (i * 0.37) % 1000,
      rank: i % 7 === 0 ? null : i,
      flag: i % 5 === 0 ? null : i % 3 === 0,
      empty: null,
      code: `11-${1000 + (i % 900)}`,
      cluster: i % 2 ? 'Arts, A/V Technology & Communications' : 'Health Science',
    }));
    await db.load('pub_big', TABLE_COLUMNS, big);
    const bigTable = await describeSqlTable(db, 'big', 'pub_big', COLUMNS);
    expect(bigTable.distinct).toEqual([TEXTS.length, 0, 0, 0, 0, 900, 2]);
    const path = join(dir, 'big.arrow');
    await writeArrowFromSql(db, path, bigTable);
    const bytes = readFileSync(path);
    const fromSql = tableFromIPC(bytes);
    const fromJs = toArrowTable({ name: 'big', columns: bigTable.columns, rows: big });
    expect(String(fromSql.schema)).toBe(String(fromJs.schema));
    expect(fromSql.batches.length).toBe(2);
    expect(fromSql.toArray().map((r) => r.toJSON())).toEqual(
      fromJs.toArray().map((r) => r.toJSON()),
    );
    expect(fromSql.get(19)?.toJSON()).toMatchObject({
      name: 'accents: São Paulo, Zürich',
      rank: 19,
      flag: false,
      code: '11-1019',
    });
    expect(fromSql.getChild('name')?.nullCount).toBe(Math.ceil(n / 11));
    // Equal tables, equal bytes: nothing of DuckDB's null slots reaches the file.
    await writeArrowFromSql(db, path, bigTable);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    // DuckDB writes the CSV itself, in parallel, and in row order.
    const csvPath = join(dir, 'big.csv');
    await writeCsvFromSql(db, csvPath, bigTable);
    expect(readFileSync(csvPath, 'utf8')).toBe(toCsv(COLUMNS, big));
  });
});
