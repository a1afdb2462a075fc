/**
 * Numbers checked, not trusted: what parseNumberText reads and refuses, a percent sign only in a
 * percent column, the field length bound, and the duplicate-key scanner for JSON pages.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../kernel/cli-error.ts';
import { parseNumberText, readRows, resolveColumns } from '../../../sources/tabular/columns.ts';
import { MAX_FIELD_CHARS } from '../../../sources/tabular/input-guards.ts';
import { findDuplicateKey } from '../../../sources/tabular/json-duplicate-keys.ts';
import type { RawTable } from '../../../sources/tabular/table.ts';

describe('parseNumberText', () => {
  it.each([
    ['302500', 302500],
    ['3,391.00', 3391],
    ['1,234,567', 1234567],
    ['$93,600', 93600],
    ['-12', -12],
    ['+12', 12],
    // A typeset minus (U+2212) is a minus: publishers' workbooks print negatives with it.
    ['\u22124,200', -4200],
    ['.5', 0.5],
    ['0.079395085066162566', 0.079395085066162566],
    ['  166400 ', 166400],
    ['0176', 176],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumberText(text)).toBe(value);
  });

  it.each([
    '302500abc',
    '0,176', // a decimal comma, not 176 thousand
    '1,23,456',
    '12,34',
    '1.2.3',
    '--5',
    '-+5',
    '1e999',
    '1e3',
    'Infinity',
    '-Infinity',
    'NaN',
    '0x10',
    '1 234',
    '5.',
    '$',
    '-',
    '17.55%', // no percent sign outside a percent column
  ])('refuses %j', (text) => {
    expect(parseNumberText(text)).toBeUndefined();
  });

  it('reads a percent sign only where the column holds percents, as percent', () => {
    expect(parseNumberText('17.55%', { percent: true })).toBe(17.55);
    expect(parseNumberText('-16.7%', { percent: true })).toBe(-16.7);
    expect(parseNumberText('%', { percent: true })).toBeUndefined();
  });
});

describe('RowReader', () => {
  const table = (cells: string[]): RawTable => ({
    file: 'x.csv',
    preamble: [],
    headerRow: 1,
    headers: ['Title', 'Percent', 'Share'],
    rows: [{ row: 2, cells }],
  });
  const specs = {
    title: { label: 'Title', match: /^title$/, required: true },
    pct: { label: 'Percent', match: /^percent$/, required: true, percent: true },
    share: { label: 'Share', match: /^share$/, required: true },
  };
  const error = (f: () => unknown): CliError => {
    try {
      f();
    } catch (e) {
      if (e instanceof CliError) return e;
      throw e;
    }
    throw new Error('expected a CliError');
  };

  it('reads "16.7%" in a percent column as 16.7 and refuses "17.55%" in a column of fractions', () => {
    const t = table(['Nurses', '16.7%', '17.55%']);
    const cols = resolveColumns(t, specs);
    const [r] = [...readRows(t)];
    expect(r?.number(cols.pct)).toBe(16.7);
    const e = error(() => r?.number(cols.share));
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe(
      'x.csv, row 2, column "Share", value "17.55%": a percent sign in a column that does not hold percents; the value\'s unit is unclear, so it is not read.',
    );
  });

  it(`refuses a cell longer than ${MAX_FIELD_CHARS} characters, naming row and column`, () => {
    const t = table(['x'.repeat(MAX_FIELD_CHARS + 1), '1', '0.1']);
    const cols = resolveColumns(t, specs);
    const [r] = [...readRows(t)];
    const e = error(() => r?.text(cols.title));
    expect(e.message).toContain('x.csv, row 2, column "Title"');
    expect(e.message).toContain('the cell holds 10,001 characters, over the limit of 10,000');
    // One character less is a (long) title.
    const ok = table(['x'.repeat(MAX_FIELD_CHARS), '1', '0.1']);
    const [r2] = [...readRows(ok)];
    expect(r2?.text(resolveColumns(ok, specs).title)?.length).toBe(MAX_FIELD_CHARS);
  });
});

describe('findDuplicateKey', () => {
  it('finds a key twice in one row, with its row and line', () => {
    const text = '{"rows": [\n{"Base": "1", "Title": "A"},\n{"Base": "2",\n "Base": "3"}\n]}';
    expect(findDuplicateKey(text)).toEqual({ key: 'Base', line: 4, element: 2 });
  });

  it('tells keys apart by their decoded text, and ignores equal keys in different objects', () => {
    expect(findDuplicateKey('[{"a": 1, "b": {"a": 2}}, {"a": 3}]')).toBeUndefined();
    expect(findDuplicateKey('{"k": "x\\"y", "\\u006b": 2}')).toEqual({ key: 'k', line: 1 });
    expect(findDuplicateKey('{"a,b": 1, "a": 2, "b": ["a", "a"]}')).toBeUndefined();
  });
});
