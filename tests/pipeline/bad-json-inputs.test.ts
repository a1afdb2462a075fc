/**
 * The JSON reader (Projections Central API pages) goes through the same guards as every other
 * reader: size, NUL, UTF-8, field length, strict numbers, and duplicate keys. Each bad copy of
 * the hand-written page (tests/fixtures/projections-central) makes `clusterfit validate` exit 3
 * with a message naming the file and the place, and no stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { captureIO, FIXTURES, tempDir } from '../helpers.ts';

const PAGE = join(FIXTURES, 'projections-central', 'longterm-29-1141-page1.json');
const page = () => readFileSync(PAGE, 'utf8');
/** California's row (the third) with one field's JSON text replaced by `json`. */
function withCalifornia(field: string, json: string): string {
  const parsed = JSON.parse(page()) as { rows: Record<string, string>[] };
  (parsed.rows[2] as Record<string, string>)[field] = '@@value@@';
  return JSON.stringify(parsed, null, 1).replace('"@@value@@"', json);
}

interface Case {
  name: string;
  build(): string | Buffer;
  says: string[];
  env?: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'a key twice in one row',
    build: () => page().replace('"Base": "344100",', '"Base": "344100",\n   "Base": "1",'),
    says: ['row 3', 'column "Base"', 'the key appears twice in one object'],
  },
  {
    name: 'a NUL byte',
    build: () => Buffer.concat([Buffer.from(page()), Buffer.from([0])]),
    says: ['NUL byte'],
  },
  {
    name: 'Windows-1252 bytes in a title',
    build: () => Buffer.from(page().replace('"Alabama"', '"Alabàma"'), 'latin1'),
    says: ['byte 0xE0 is not UTF-8'],
  },
  {
    name: 'a file over the input size limit',
    build: () => `${page()}${' '.repeat(2000)}`,
    env: { CLUSTERFIT_MAX_INPUT_MB: '0.001' },
    says: ['over the input limit of 1,048 bytes'],
  },
  {
    name: '"302500abc" as base employment',
    build: () => withCalifornia('Base', '"302500abc"'),
    says: ['row 3', 'column "Base"', 'value "302500abc"', 'expected a number'],
  },
  {
    name: 'a number too large for a double (1e999)',
    build: () => withCalifornia('Base', '1e999'),
    says: ['row 3', 'column "Base"', 'expected a number'],
  },
  {
    name: 'a title of a megabyte',
    build: () => withCalifornia('Title', JSON.stringify('Nurse '.repeat(174_763))),
    says: ['row 3', 'column "Title"', 'over the limit of 10,000'],
  },
];

describe('bad JSON pages: validate exits 3 naming file and place', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('clusterfit-json-');
  });

  it('the good page is trusted', async () => {
    const io = captureIO();
    expect(await main(['validate', PAGE], io), io.stderr).toBe(0);
  });

  for (const [i, c] of CASES.entries()) {
    it(c.name, async () => {
      const path = join(dir, `case-${i}.json`);
      writeFileSync(path, c.build());
      const saved = { ...process.env };
      Object.assign(process.env, c.env ?? {});
      const io = captureIO();
      let code: number;
      try {
        code = await main(['validate', path], io);
      } finally {
        for (const k of Object.keys(c.env ?? {})) delete process.env[k];
        Object.assign(process.env, saved);
      }
      const said = io.stdout + io.stderr;
      expect(code, said).toBe(3);
      expect(said).toContain(`case-${i}.json`);
      for (const s of c.says) expect(said).toContain(s);
      expect(said).not.toMatch(/\n\s+at /);
    });
  }
});
