/**
 * The guard kernel/column-chunks.ts promises: it reads fields @duckdb/node-api marks private
 * (a vector's items, data view and validity mask), so every column type it supports is read
 * here through it and through node-api's public getColumnValues, and the two must agree value
 * for value, nulls included. A node-api upgrade that moves or re-lays those fields fails this
 * test (either column-chunks' own "keeps vector … differently" error or a value mismatch)
 * instead of writing wrong Arrow files.
 */
import type { DuckDBBlobValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnChunk, Validity } from '../../kernel/column-chunks.ts';
import { Database } from '../../kernel/database.ts';

// Three DuckDB data chunks (2,048 rows each), the last partial and not a multiple of 8 or 64,
// so the validity bitmap's trimming and word order are both exercised.
const ROWS = 5003;

const SELECT = `select
  case when i % 7 = 0 then null else i * 1.25 - 3000 end::DOUBLE as dbl,
  (i * 1.5)::DOUBLE as dbl_full,
  case when i % 5 = 0 then null else (i - 2500) * 100000 end::INTEGER as int,
  case when i % 11 = 0 then null else i % 3 = 0 end as flag,
  case when i % 13 = 0 then null else ['a', 'b', 'c'][i % 3 + 1] end::small as small_enum,
  case when i % 17 = 0 then null else 'v' || lpad((i % 300)::varchar, 3, '0') end::wide as wide_enum,
  case when i % 19 = 0 then null else ('x' || i)::BLOB end as blob,
  case when i % 23 = 0 then null else 'é' || i end as text
from range(${ROWS}) t(i) order by i`;

const isValid = (valid: Validity, i: number): boolean =>
  valid === null || ((valid[i >> 3] as number) >> (i & 7)) % 2 === 1;

/** A chunk's values as the public API gives them (ENUM as its string, BOOLEAN as boolean). */
function decode(chunk: ColumnChunk, rows: number): unknown[] {
  switch (chunk.kind) {
    case 'float64':
    case 'int32':
      return Array.from({ length: rows }, (_, i) =>
        isValid(chunk.valid, i) ? chunk.values[i] : null,
      );
    case 'bool':
      return Array.from({ length: rows }, (_, i) =>
        isValid(chunk.valid, i) ? chunk.values[i] === 1 : null,
      );
    case 'codes':
      return Array.from({ length: rows }, (_, i) =>
        isValid(chunk.valid, i) ? chunk.dictionary[chunk.values[i] as number] : null,
      );
    case 'text':
      return chunk.values;
    case 'bytes':
      return [chunk.values];
  }
}

describe('columnChunk against node-api public values', () => {
  let db: Database;
  const viaChunks: unknown[][] = [];
  const viaPublic: unknown[][] = [];
  const kinds: string[] = [];

  beforeAll(async () => {
    db = await Database.open(':memory:');
    await db.exec("create type small as enum ('a', 'b', 'c')");
    // 300 values: codes no longer fit a byte, so this ENUM comes back as a Uint16Array.
    await db.exec(
      "create type wide as enum (select 'v' || lpad(i::varchar, 3, '0') from range(300) t(i))",
    );
    for await (const { rows, columns } of db.streamChunks(SELECT)) {
      columns.forEach((c, j) => {
        kinds[j] = c.kind;
        viaChunks[j] = [...(viaChunks[j] ?? []), ...decode(c, rows)];
      });
    }
    for await (const columns of db.streamColumns(SELECT)) {
      columns.forEach((values, j) => {
        viaPublic[j] = [...(viaPublic[j] ?? []), ...values];
      });
    }
  });
  afterAll(() => db.close());

  it('reads each supported type as its own kind', () => {
    expect(kinds).toEqual([
      'float64',
      'float64',
      'int32',
      'bool',
      'codes',
      'codes',
      'bytes',
      'text',
    ]);
  });

  it.each([
    ['DOUBLE with nulls', 0],
    ['DOUBLE without nulls', 1],
    ['INTEGER', 2],
    ['BOOLEAN', 3],
    ['ENUM of 3 values', 4],
    ['ENUM of 300 values', 5],
    ['VARCHAR', 7],
  ])('%s: every value and null as the public API reads it', (_, j) => {
    const expected = viaPublic[j] as unknown[];
    expect(expected).toHaveLength(ROWS);
    expect(viaChunks[j]).toEqual(expected);
  });

  it('reads values the query defines, not only what both paths agree on', () => {
    // Row 4,999 (the last chunk): 4999 * 1.25 - 3000; (4999 - 2500) * 100000; 4999 % 3 ≠ 0.
    const at = (j: number) => (viaChunks[j] as unknown[])[4999];
    expect([at(0), at(2), at(3), at(4), at(5), at(7)]).toEqual([
      3248.75,
      249_900_000,
      false,
      'b',
      'v199',
      'é4999',
    ]);
    // Row 0 is null in every nullable column (0 is a multiple of every modulus).
    expect([0, 2, 3, 4, 5, 7].map((j) => (viaChunks[j] as unknown[])[0])).toEqual(
      Array(6).fill(null),
    );
  });

  it('BLOB: the bytes of the non-null values one after another, in row order', () => {
    const expected = Buffer.concat(
      (viaPublic[6] as (DuckDBBlobValue | null)[])
        .filter((b): b is DuckDBBlobValue => b !== null)
        .map((b) => b.bytes),
    );
    const actual = Buffer.concat(viaChunks[6] as Buffer[]);
    expect(actual.equals(expected)).toBe(true);
    expect(actual.subarray(0, 4).toString()).toBe('x1x2');
  });

  it('refuses a type it does not read, saying what to cast to', async () => {
    const read = async () => {
      for await (const _ of db.streamChunks('select 1::BIGINT as n')) {
        // never reached: the first chunk throws
      }
    };
    await expect(read()).rejects.toThrow('column-chunks: cast BIGINT to DOUBLE, INTEGER');
  });
});
