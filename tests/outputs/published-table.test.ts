/**
 * The one publish path on edge values: a table loaded into DuckDB (publishRows), written to CSV
 * by DuckDB's COPY, to Parquet, to Arrow from DuckDB's chunks and to the workbook's sheet XML,
 * each read back and compared with the values it was given.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { col, Database, type TableColumn } from '../../kernel/database.ts';
import {
  type PublishedTable,
  publishRelation,
  publishRows,
  sheetMeasures,
} from '../../outputs/published-table.ts';
import { writeArrow } from '../../outputs/write-arrow.ts';
import { writeCsv, writeQueryCsv } from '../../outputs/write-csv.ts';
import { writeParquet } from '../../outputs/write-parquet.ts';
import { writeXlsx } from '../../outputs/write-xlsx.ts';

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
  'ctrl\u0001char',
  '<tag> & "quote"',
  'emoji 🎓 cap',
  'accents: São Paulo, Zürich',
  '-',
];

const VALUES = [0, 1.5, 0.000012, 123456.789, -42, 100, 1e21, 0.1 + 0.2, 1917900, 0.292621];

const ROWS = TEXTS.map((text, i) => ({
  name: text,
  value: VALUES[i % VALUES.length] ?? null,
  rank: i + 1,
  flag: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
  empty: null,
  // A null and an empty string: the CSV writes both as an empty field, the typed files keep them.
  code: i % 4 === 0 ? null : i === 2 ? '' : `11-${1000 + i}`,
  cluster: i % 2 ? 'Arts, A/V Technology & Communications' : 'Health Science',
}));
const COLUMNS: TableColumn[] = [
  col('name', 'VARCHAR'),
  col('value', 'DOUBLE'),
  col('rank', 'INTEGER'),
  col('flag', 'BOOLEAN'),
  col('empty', 'DOUBLE'),
  col('code', 'VARCHAR'),
  col('cluster', 'VARCHAR'),
];

let db: Database;
let table: PublishedTable;
const dir = mkdtempSync(join(tmpdir(), 'clusterfit-publish-path-'));

beforeAll(async () => {
  db = await Database.open(':memory:');
  table = await publishRows(db, 'test', COLUMNS, ROWS);
});
afterAll(() => db.close());

describe('a published table', () => {
  it('keeps its types and rows', async () => {
    expect(table.rows).toBe(TEXTS.length);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['name', 'VARCHAR'],
      ['value', 'DOUBLE'],
      ['rank', 'INTEGER'],
      ['flag', 'BOOLEAN'],
      ['empty', 'DOUBLE'],
      ['code', 'VARCHAR'],
      ['cluster', 'VARCHAR'],
    ]);
    // A temporary table: nothing of it is kept in a run's database file.
    expect(
      await db.all(
        "select table_name, temporary from duckdb_tables() where table_name like 'pub_test%'",
      ),
    ).toEqual([{ table_name: 'pub_test', temporary: true }]);
  });

  it('measures for the workbook and Arrow once, when one of them asks', async () => {
    const measures = await sheetMeasures(db, table);
    expect(measures).toEqual([
      { longest: 37, xml: 'full', distinct: TEXTS.length },
      { longest: 12, xml: 'plain', distinct: 0 },
      { longest: 2, xml: 'plain', distinct: 0 },
      { longest: 5, xml: 'plain', distinct: 0 },
      { longest: 12, xml: 'plain', distinct: 0 },
      { longest: 7, xml: 'plain', distinct: 13 },
      { longest: 37, xml: 'amp', distinct: 2 },
    ]);
    // The same promise for the second writer: measured once.
    expect(sheetMeasures(db, table)).toBe(sheetMeasures(db, table));
    // Text columns are measured together: one without a value counts nothing, beside one with.
    const sparse = await publishRows(
      db,
      'sparse',
      [col('none', 'VARCHAR'), col('n', 'INTEGER'), col('some', 'VARCHAR')],
      [
        { none: null, n: 12345, some: 'a & b' },
        { none: null, n: 7, some: 'a & b' },
      ],
    );
    expect(await sheetMeasures(db, sparse)).toEqual([
      { longest: 0, xml: 'plain', distinct: 0 },
      { longest: 5, xml: 'plain', distinct: 0 },
      { longest: 5, xml: 'amp', distinct: 1 },
    ]);
  });

  it('casts a query to the published types, keeping its order', async () => {
    const t = await publishRelation(
      db,
      'cast',
      ['n', 'x', 'd'],
      'select count(*) over () as n, 1.25 as x, i as d from range(3) r(i) order by i desc',
    );
    expect(t.columns.map((c) => c.type)).toEqual(['INTEGER', 'DOUBLE', 'INTEGER']);
    expect(await db.all('select * from pub_cast')).toEqual([
      { n: 3, x: 1.25, d: 2 },
      { n: 3, x: 1.25, d: 1 },
      { n: 3, x: 1.25, d: 0 },
    ]);
    // A column the query selects beyond `columns` is dropped; one it lacks is an error.
    const kept = await publishRelation(db, 'kept', ['b', 'c'], 'select 1 as a, 2 as b, 3 as c');
    expect(kept.columns.map((c) => c.name)).toEqual(['b', 'c']);
    expect(await db.all('select * from pub_kept')).toEqual([{ b: 2, c: 3 }]);
    await expect(publishRelation(db, 'bad', ['x'], 'select 1 as y')).rejects.toThrow(/not x/);
  });
});

describe('its CSV, written by DuckDB', () => {
  it('quotes where needed, writes formula text inert and numbers as numberTextSql writes them', async () => {
    const path = join(dir, 'test.csv');
    await writeCsv(db, path, table);
    const csv = readFileSync(path, 'utf8');
    const lines = csv.split('\n');
    expect(lines[0]).toBe('name,value,rank,flag,empty,code,cluster');
    expect(lines[1]).toBe('Health Science,0,1,true,,,Health Science');
    expect(lines[2]).toBe(
      '"Arts, A/V Technology & Communications",1.5,2,false,,11-1001,"Arts, A/V Technology & Communications"',
    );
    expect(lines[3]).toBe('"He said ""hi""",1.2e-05,3,,,,Health Science');
    expect(csv).toContain('"\'=HYPERLINK(""http://x"",""y"")",100,6,');
    expect(csv).toContain("'+1+2,1e+21,7,");
    expect(csv).toContain('\n-5,0.30000000000000004,8,');
    expect(csv).toContain("'@SUM(A1),1917900,9,");
    expect(csv).toContain('\n-,0.30000000000000004,18,');
    // Every reader gets the values back: text (with the inert "'"), numbers and flags.
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => r.name)).toEqual(
      TEXTS.map((t) => (/^[=+@]/.test(t) ? `'${t}` : t)),
    );
    expect(parsed.data.map((r) => Number(r.value))).toEqual(ROWS.map((r) => r.value));
  });

  it("keeps a large table's row order across DuckDB's threads, guarding every text value", async () => {
    // The guard is in the COPY's select; an IN list there (a join to DuckDB) moved rows.
    const t = await publishRelation(
      db,
      'ordered',
      ['i', 'a', 'b', 'c', 'd'],
      `select i, 'a' || (i % 97) as a, case when i % 100000 = 7 then '=A' || i else 'b' end as b,
         'c' as c, '-' as d
       from range(500000) r(i) order by i`,
    );
    const path = join(dir, 'ordered.csv');
    await writeCsv(db, path, t);
    const lines = readFileSync(path, 'utf8').split('\n').slice(1, -1);
    expect(lines).toHaveLength(500000);
    // Counted rather than compared whole: a diff of half a million numbers takes minutes.
    const moved = lines.filter((l, i) => Number(l.split(',')[0]) !== i).length;
    expect(moved).toBe(0);
    expect(lines[100007]).toBe("100007,a0,'=A100007,c,-");
  });

  it("a small run's database guards the text columns together: the same bytes, the same order", async () => {
    // Database.smallData: one lambda over each row's text values instead of a guard a column.
    const small = await Database.open(':memory:', { smallData: true });
    try {
      expect([db.smallData, small.smallData]).toEqual([false, true]);
      expect((await small.connect()).smallData).toBe(true);
      const compact = await publishRows(small, 'test', COLUMNS, ROWS);
      await writeCsv(small, join(dir, 'compact.csv'), compact);
      await writeCsv(db, join(dir, 'each.csv'), table);
      const csv = readFileSync(join(dir, 'compact.csv'), 'utf8');
      expect(csv).toBe(readFileSync(join(dir, 'each.csv'), 'utf8'));
      expect(csv).toContain("'+1+2,1e+21,7,");
      // Straight from a sorted query, formula text and empty strings among the rows.
      const sql = `select i, case when i % 997 = 5 then '=A' || i when i % 991 = 3 then '' else 'a' || (i % 97) end as a,
          case when i % 13 = 0 then null else '-' end as b from range(20000) r(i) order by i desc`;
      const both = [small, db].map((d, k) =>
        writeQueryCsv(d, join(dir, `query-${k}.csv`), 'query', ['i', 'a', 'b'], sql),
      );
      await Promise.all(both);
      const lines = readFileSync(join(dir, 'query-0.csv'), 'utf8');
      expect(lines).toBe(readFileSync(join(dir, 'query-1.csv'), 'utf8'));
      expect(lines.split('\n').slice(1, 4)).toEqual(['19999,a17,-', '19998,a16,-', '19997,a15,-']);
      expect(lines).toContain("\n19945,'=A19945,-\n");
      expect(lines).toContain('\n19823,,-\n');
      expect(lines).toContain('\n19994,a12,\n');
    } finally {
      small.close();
    }
  });

  it('writes a table straight from its sorted query with the bytes of its published table', async () => {
    // Sorted by a key the rows do not come in, with a column to leave out and two to cast
    // (BIGINT to INTEGER, DECIMAL to DOUBLE), as occupations.csv's query has.
    const sql = `select i, i % 1000 as k, 'a' || (i % 97) as a,
        case when i % 100000 = 7 then '=A' || i else '' end as b, (i % 8) * 0.25 as d, 'x' as extra
      from range(300000) r(i) order by k desc, i`;
    const columns = ['i', 'k', 'a', 'b', 'd'];
    const direct = await writeQueryCsv(db, join(dir, 'direct.csv'), 'direct', columns, sql);
    expect(direct.rows).toBe(300000);
    expect(direct.columns).toEqual([
      { name: 'i', type: 'INTEGER' },
      { name: 'k', type: 'INTEGER' },
      { name: 'a', type: 'VARCHAR' },
      { name: 'b', type: 'VARCHAR' },
      { name: 'd', type: 'DOUBLE' },
    ]);
    await writeCsv(db, join(dir, 'table.csv'), await publishRelation(db, 'direct', columns, sql));
    const csv = readFileSync(join(dir, 'direct.csv'), 'utf8');
    expect(csv).toBe(readFileSync(join(dir, 'table.csv'), 'utf8'));
    const lines = csv.split('\n');
    expect(lines.slice(0, 3)).toEqual(['i,k,a,b,d', '999,999,a29,,1.75', '1999,999,a59,,1.75']);
    // k = 7 is the 993rd key (999 down), 100007 its 101st row.
    expect(lines[1 + 992 * 300 + 100]).toBe("100007,7,a0,'=A100007,1.75");
    // The query's own rows, its ORDER BY's order: none moved.
    // (k descending, i ascending) as one number that must grow from row to row.
    const keys = lines.slice(1, -1).map((l) => {
      const [i = '', k = ''] = l.split(',');
      return (999 - Number(k)) * 1e6 + Number(i);
    });
    const moved = keys.filter((key, n) => n > 0 && key <= (keys[n - 1] as number)).length;
    expect(moved).toBe(0);
    await expect(writeQueryCsv(db, join(dir, 'bad.csv'), 'bad', ['x'], sql)).rejects.toThrow(
      /not x/,
    );
  });
});

describe('its Parquet and Arrow files', () => {
  it('hold the same values with the same types', async () => {
    await writeParquet(db, join(dir, 'test.parquet'), table);
    const parquet = await db.all(`select * from read_parquet('${join(dir, 'test.parquet')}')`);
    expect(parquet).toEqual(ROWS);
    await writeArrow(db, join(dir, 'test.arrow'), table);
    const arrow = tableFromIPC(readFileSync(join(dir, 'test.arrow')));
    expect(arrow.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'name: Utf8',
      'value: Float64',
      'rank: Int32',
      'flag: Bool',
      'empty: Float64',
      'code: Utf8',
      'cluster: Utf8',
    ]);
    expect(arrow.toArray().map((r) => r.toJSON())).toEqual(ROWS);
  });

  it('a large table goes to Arrow through ENUM codes and typed arrays, the same bytes each time', async () => {
    // Past 20,000 rows, repeated text is read as codes and numbers as arrays, across several
    // DuckDB chunks and two record batches, with nulls in every kind of column.
    const n = 70_000;
    const big = Array.from({ length: n }, (_, i) => ({
      name: i % 11 === 0 ? null : (TEXTS[i % TEXTS.length] as string),
      value: i % 13 === 0 ? null : (i * 0.37) % 1000,
      rank: i % 7 === 0 ? null : i,
      flag: i % 5 === 0 ? null : i % 3 === 0,
      empty: null,
      code: `11-${1000 + (i % 900)}`,
      cluster: i % 2 ? 'Arts, A/V Technology & Communications' : 'Health Science',
    }));
    const bigTable = await publishRows(db, 'big', COLUMNS, big);
    const path = join(dir, 'big.arrow');
    await writeArrow(db, path, bigTable);
    const bytes = readFileSync(path);
    const arrow = tableFromIPC(bytes);
    expect(arrow.batches.length).toBe(2);
    expect(arrow.toArray().map((r) => r.toJSON())).toEqual(big);
    expect(arrow.get(16)?.toJSON()).toMatchObject({
      name: 'accents: São Paulo, Zürich',
      rank: 16,
      flag: false,
      code: '11-1016',
    });
    expect(arrow.getChild('name')?.nullCount).toBe(Math.ceil(n / 11));
    // Equal tables, equal bytes: nothing of DuckDB's null slots reaches the file.
    await writeArrow(db, path, bigTable);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});

describe('its workbook sheet', () => {
  it('escapes text, keeps edge spaces and stores formula text inert', async () => {
    const path = join(dir, 'test.xlsx');
    await writeXlsx(db, path, [{ title: 'test', table }]);
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    expect(sheet).toContain('<t xml:space="preserve"> leading space</t>');
    expect(sheet).toContain(
      '<c r="F5" t="inlineStr"><is><t>11-1003</t></is></c><c r="G5" t="inlineStr"><is><t>Arts, A/V Technology &amp; Communications</t></is></c></row>',
    );
    expect(sheet).toContain(
      '<c r="A7" s="2" t="inlineStr"><is><t>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)',
    );
    // A signed number or a lone dash is not formula text (input-guards.ts's looksLikeFormula).
    expect(sheet).toContain('<c r="A9" t="inlineStr"><is><t>-5</t></is></c>');
    expect(sheet).toContain('<c r="B10" s="3"><v>1917900</v></c>');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('test');
    expect(ws?.getCell('A15').value).toBe('ctrlchar');
    expect(ws?.getCell('B4').value).toBe(0.000012);
    expect(ws?.getCell('B10').value).toBe(1917900);
  });
});
