import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS } from '../../../sources/tabular/input-guards.ts';
import { inspectPlainCsv } from '../../../sources/tabular/plain-csv.ts';
import { tempDir } from '../../helpers.ts';

const dir = tempDir();
let files = 0;
function inspect(content: string | Buffer) {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  return inspectPlainCsv(path);
}

describe('inspectPlainCsv', () => {
  it('counts the lines of a plain file, with or without a last line ending', () => {
    expect(inspect('a,b\n1,2\n3,4\n')).toMatchObject({ lines: 3 });
    expect(inspect('a,b\n1,2\n3,4')).toMatchObject({ lines: 3 });
    expect(inspect('a,b\r\n1,2\r\n3,4\r\n')).toMatchObject({ lines: 3 });
    expect(inspect('\uFEFFa,b\n1,2\n')?.head.toString()).toBe('\uFEFFa,b\n1,2\n');
  });

  it('takes quoted fields that close on their line, with doubled quotes inside', () => {
    expect(inspect('a,b\n"x, y",2\n"",""\n"say ""hi""","""q"""\n1,"z"\n')?.lines).toBe(5);
    expect(inspect('a,b\r\n"x, y",2\r\n1,"z"\r\n')?.lines).toBe(3);
    // A line of exactly the bound is still plain.
    expect(inspect(`a\n${'x'.repeat(MAX_FIELD_CHARS)}\n`)?.lines).toBe(2);
  });

  it('leaves to the row-by-row reader what papaparse and DuckDB might read apart', () => {
    const notPlain = [
      '', // empty
      'a,b\n\n1,2\n', // a blank line
      'a,b\n1,2\n\n', // a blank line at the end
      'a,b\r\n1,2\n', // mixed line endings
      'a,b\n1,2\r3,4\n', // a CR alone
      'a,b\n1,"2\n3"\n', // a field over two lines
      'a,b\n1,"2\n', // a quote left open
      'a,b\n1,5\'10"\n', // a quote inside a field
      'a,b\n1,"2"3\n', // text after a closing quote
      'a,b\n1,"2" \n', // a space after a closing quote
      'a,b\n1,2\u0000\n', // a NUL byte
      `a,b\n1,${'x'.repeat(MAX_FIELD_CHARS)}\n2,3\n`, // a line that could hold too long a field
      `a,b\n1,${'x'.repeat(MAX_FIELD_CHARS)}`, // the same as the last line
    ];
    for (const text of notPlain) expect(inspect(text), JSON.stringify(text)).toBeUndefined();
    expect(inspect(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a]))).toBeUndefined();
    expect(inspect(Buffer.from('\ufeffa,b\n1,2\n', 'utf16le'))).toBeUndefined();
  });

  it('reads a file larger than its piece size, quotes and line counts across pieces', () => {
    const row =
      'Metropolitan Area,"Napa MSA (Napa, County)",2020-2030,4,29-1141,"Nurses ""RN""",1\n';
    const rows = 200_000; // about 16 MB: two pieces and a line cut between them
    const csv = inspect(`Area Type,Name,Period,Level,Code,Title,Jobs\n${row.repeat(rows)}`);
    expect(csv?.lines).toBe(rows + 1);
    expect(inspect(`h\n${row.repeat(rows)}1,"open\n`)).toBeUndefined();
  });
});
