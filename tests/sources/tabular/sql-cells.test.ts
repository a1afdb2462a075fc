import { describe, expect, it } from 'vitest';
import { Database, sqlString } from '../../../kernel/database.ts';
import { type ResolvedColumn, RowReader } from '../../../sources/tabular/columns.ts';
import {
  type CellRead,
  sqlNumber,
  sqlRowReadable,
  sqlText,
  sqlTextValueReadable,
} from '../../../sources/tabular/sql-cells.ts';
import type { RawTable } from '../../../sources/tabular/table.ts';

const NO_VALUE = ['N/A', 'NA', '—', '-', '*'];

/** Cells as publishers write them, and as they arrive broken. */
const CELLS = [
  ...['0', '12', '-12', '007', '3.5', '-0', '-0.0', '0.00', '-0.6', '49858.00', '17785900'],
  ...['9007199254740993', '0.1', '1.2345678901234567890123', '123456789012345678901234567890'],
  ...['1,234', '$93,600', '12%', '+5', '.5', '5.', '1e5', '1E5', 'Infinity', 'NaN', '0x10'],
  ...['1_000', ' 12', '12 ', '\t12', '1 2', '--1', '1-2', '1.2.3', '', ' ', '  '],
  ...['N/A', 'NA', '—', '-', '*', ' N/A', 'n/a', '--', '- ', '**'],
  ...['Registered Nurses', 'Total, All Occupations', "Bachelor's degree", 'Café'],
  ...['Some college, no degree', 'A  B', ' A', 'A ', 'A\tB', 'A\u00a0B', 'A\u2003B', 'A\u200bB'],
  ...['A\u2028B', 'A\ufeffB', 'A\u0085B', 'A\u000bB', '\u3000A', 'A\nB', 'A\rB'],
  ...['=1+1', '+1', '-2+3', '@SUM(A1)', ' =1', '\t=1', '-', '=', 'x=1', '5 years or more'],
  ...['15-1256', '15-1256.00', "' 15-1256", '15-125', '151256', 'A\u0001B'],
];

const READS: [string, CellRead][] = [
  ['requiredNumber', { read: 'requiredNumber' }],
  ['number', { read: 'number', nullTokens: NO_VALUE }],
  ['requiredText', { read: 'requiredText' }],
  ['text', { read: 'text', nullTokens: NO_VALUE }],
];

const COLUMN: ResolvedColumn = { index: 0, header: 'Cell', captures: [] };
const TABLE: RawTable = {
  file: 'cells.csv',
  preamble: [],
  headerRow: 1,
  headers: ['Cell'],
  rows: [],
};

/** What RowReader makes of a cell, or that it refuses it. */
function rowReader(cell: string | null, how: CellRead): { value: unknown } | 'error' {
  const r = new RowReader(TABLE, { row: 2, cells: [cell] });
  try {
    switch (how.read) {
      case 'requiredNumber':
        return { value: r.requiredNumber(COLUMN) };
      case 'number':
        return { value: r.number(COLUMN, how.nullTokens) };
      case 'requiredText':
        return { value: r.requiredText(COLUMN) };
      case 'text':
        return { value: r.text(COLUMN, how.nullTokens) };
      case 'pattern':
        return 'error';
    }
  } catch {
    return 'error';
  }
}

describe('RowReader in SQL', () => {
  it('a readable cell is one RowReader reads, to the same value', async () => {
    const db = await Database.open(':memory:');
    const values = CELLS.map((c) => `(${sqlString(c)})`).join(', ');
    // DuckDB reads an empty CSV cell as NULL: the SQL must treat it as RowReader treats ''.
    await db.exec(`create table cells as select * from (values ${values}, (null)) t(cell)`);
    let readable = 0;
    for (const [name, how] of READS) {
      const value =
        how.read === 'requiredNumber' || how.read === 'number'
          ? sqlNumber('cell', how.read === 'number' ? how.nullTokens : [])
          : sqlText('cell', how.read === 'text' ? how.nullTokens : []);
      const rows = await db.firstRow(
        `select list(cell order by cell nulls last),
           list(${sqlRowReadable([{ sql: 'cell', how }])} order by cell nulls last),
           list(case when ${sqlRowReadable([{ sql: 'cell', how }])} then ${value} end
             order by cell nulls last)
         from cells`,
      );
      const [cells, ok, sqlValues] = rows as [(string | null)[], boolean[], unknown[]];
      cells.forEach((cell, i) => {
        if (!ok[i]) return;
        readable++;
        const js = rowReader(cell === null ? '' : cell, how);
        expect(js, `${name} ${JSON.stringify(cell)}`).not.toBe('error');
        if (js === 'error') return;
        expect(Object.is(js.value, sqlValues[i]), `${name} ${JSON.stringify(cell)}`).toBe(true);
      });
    }
    // The plain forms are readable: the SQL path is not refusing everything.
    expect(readable).toBeGreaterThan(60);
    db.close();
  });

  it('a text value checked alone (its distinct values) is readable as its cell in a row', async () => {
    const db = await Database.open(':memory:');
    const values = CELLS.map((c) => `(${sqlString(c)})`).join(', ');
    await db.exec(`create table cells as select * from (values ${values}, (null)) t(cell)`);
    const [cells, inRow, alone, requiredInRow, requiredAlone] = (await db.firstRow(
      `select list(cell order by cell nulls last),
         list(${sqlRowReadable([{ sql: 'cell', how: READS[3]?.[1] as CellRead }])} order by cell nulls last),
         list(coalesce(${sqlTextValueReadable(sqlText('cell', NO_VALUE))}, true) order by cell nulls last),
         list(${sqlRowReadable([{ sql: 'cell', how: { read: 'requiredText' } }])} order by cell nulls last),
         list(coalesce(${sqlTextValueReadable(sqlText('cell'))}, false) order by cell nulls last)
       from cells`,
    )) as [(string | null)[], boolean[], boolean[], boolean[], boolean[]];
    expect(alone).toEqual(inRow);
    expect(requiredAlone).toEqual(requiredInRow);
    // Both kinds of answer are there: "A  B" is refused, "-" is no value, "Café" is text.
    const answer = (cell: string) => [
      alone[cells.indexOf(cell)],
      requiredAlone[cells.indexOf(cell)],
    ];
    expect([answer('A  B'), answer('-'), answer('Café'), answer('')]).toEqual([
      [false, false],
      [true, false],
      [true, true],
      [true, false],
    ]);
    db.close();
  });

  it('refuses what RowReader would refuse or read differently', async () => {
    const db = await Database.open(':memory:');
    const readable = async (cell: string, how: CellRead) =>
      (await db.firstRow(`select ${sqlRowReadable([{ sql: sqlString(cell), how }])}`))[0];
    for (const cell of ['1,234', '$5', '12%', ' 12', '.5', '5.', '1e5', 'N/A', '']) {
      expect(await readable(cell, { read: 'requiredNumber' }), cell).toBe(false);
    }
    for (const cell of ['A  B', ' A', 'A\u00a0B', '=1+1', '-2+3', '@x', '', 'A\u0001B']) {
      expect(await readable(cell, { read: 'requiredText' }), cell).toBe(false);
    }
    expect(await readable('N/A', { read: 'number', nullTokens: NO_VALUE })).toBe(true);
    expect(await readable('-', { read: 'text', nullTokens: NO_VALUE })).toBe(true);
    // Cells joined into one pattern stay apart: a separator inside a cell does not shift them.
    const two = sqlRowReadable([
      { sql: sqlString('1\u00012'), how: { read: 'requiredNumber' } },
      { sql: sqlString('3'), how: { read: 'number', nullTokens: [] } },
    ]);
    expect((await db.firstRow(`select ${two}`))[0]).toBe(false);
    db.close();
  });
});
