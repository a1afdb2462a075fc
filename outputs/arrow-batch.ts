/**
 * One Arrow column of a record batch built from DuckDB chunks (kernel/column-chunks.ts) with
 * array copies: no JS value per cell. A null number is 0 under a cleared validity bit (so equal
 * tables give equal bytes, whatever DuckDB left in a null slot), a non-finite number is null, a
 * null string is empty.
 */
import { Bool, type Data, Float64, Int32, makeData, Utf8 } from 'apache-arrow';
import type { ColumnChunk, Validity } from '../kernel/column-chunks.ts';
import type { ColumnType } from '../kernel/database.ts';

/** The Arrow type of each published DuckDB type. */
export const ARROW_TYPES = {
  VARCHAR: () => new Utf8(),
  DOUBLE: () => new Float64(),
  INTEGER: () => new Int32(),
  BOOLEAN: () => new Bool(),
} as const;

/** A dictionary's strings as UTF-8, encoded once for every batch that uses it. */
const encoded = new WeakMap<readonly string[], Uint8Array[]>();

function encodedDictionary(dictionary: readonly string[]): Uint8Array[] {
  let bytes = encoded.get(dictionary);
  if (!bytes) {
    bytes = dictionary.map((s) => new Uint8Array(Buffer.from(s, 'utf8')));
    encoded.set(dictionary, bytes);
  }
  return bytes;
}

const isValid = (valid: Validity, i: number): boolean =>
  valid === null || ((valid[i >> 3] as number) & (1 << (i & 7))) !== 0;

/** The batch's validity bitmap and null count, from its parts'. */
class BatchValidity {
  readonly bits: Uint8Array;
  nulls = 0;
  constructor(length: number) {
    this.bits = new Uint8Array((length + 7) >> 3);
  }
  set(at: number, valid: boolean): void {
    if (valid) this.bits[at >> 3] = (this.bits[at >> 3] as number) | (1 << (at & 7));
    else this.nulls++;
  }
  /** For makeData: no bitmap when nothing is null, as columnData does. */
  get bitmap(): Uint8Array | undefined {
    return this.nulls > 0 ? this.bits : undefined;
  }
}

/** The column of type `type` of a batch made of these chunk columns, `length` rows in all. */
export function batchColumn(type: ColumnType, parts: readonly ColumnChunk[], length: number): Data {
  const validity = new BatchValidity(length);
  switch (type) {
    case 'DOUBLE': {
      const data = new Float64Array(length);
      copyNumbers('float64', parts, data, validity);
      const nullBitmap = validity.bitmap;
      return makeData({ type: new Float64(), length, nullCount: validity.nulls, nullBitmap, data });
    }
    case 'INTEGER': {
      const data = new Int32Array(length);
      copyNumbers('int32', parts, data, validity);
      const nullBitmap = validity.bitmap;
      return makeData({ type: new Int32(), length, nullCount: validity.nulls, nullBitmap, data });
    }
    case 'BOOLEAN': {
      const data = new Uint8Array((length + 7) >> 3);
      let at = 0;
      for (const part of parts) {
        if (part.kind !== 'bool') throw mismatch(type, part);
        const { values, valid } = part;
        for (let i = 0; i < values.length; i++, at++) {
          const ok = isValid(valid, i);
          validity.set(at, ok);
          if (ok && values[i] !== 0) data[at >> 3] = (data[at >> 3] as number) | (1 << (at & 7));
        }
      }
      return makeData({
        type: new Bool(),
        length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap,
        data,
      });
    }
    case 'VARCHAR': {
      const valueOffsets = new Int32Array(length + 1);
      const pieces: Uint8Array[] = new Array(length);
      const empty = new Uint8Array(0);
      let at = 0;
      let bytes = 0;
      const add = (piece: Uint8Array | null) => {
        validity.set(at, piece !== null);
        pieces[at] = piece ?? empty;
        bytes += piece?.length ?? 0;
        valueOffsets[++at] = bytes;
      };
      for (const part of parts) {
        if (part.kind === 'text') {
          for (const s of part.values) add(s === null ? null : Buffer.from(s, 'utf8'));
          continue;
        }
        if (part.kind !== 'codes') throw mismatch(type, part);
        const dictionary = encodedDictionary(part.dictionary);
        const { values, valid } = part;
        for (let i = 0; i < values.length; i++) {
          add(isValid(valid, i) ? (dictionary[values[i] as number] as Uint8Array) : null);
        }
      }
      const data = new Uint8Array(bytes);
      for (let i = 0; i < length; i++) data.set(pieces[i] as Uint8Array, valueOffsets[i]);
      return makeData({
        type: new Utf8(),
        length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap,
        valueOffsets,
        data,
      });
    }
  }
}

function copyNumbers(
  kind: 'float64' | 'int32',
  parts: readonly ColumnChunk[],
  data: Float64Array | Int32Array,
  validity: BatchValidity,
): void {
  let at = 0;
  for (const part of parts) {
    if (part.kind !== kind) throw mismatch(kind === 'float64' ? 'DOUBLE' : 'INTEGER', part);
    const { values, valid } = part;
    for (let i = 0; i < values.length; i++, at++) {
      const v = values[i] as number;
      const ok = isValid(valid, i) && Number.isFinite(v);
      validity.set(at, ok);
      if (ok) data[at] = v;
    }
  }
}

function mismatch(type: ColumnType, part: ColumnChunk): Error {
  return new Error(`arrow batch: a ${type} column was read as ${part.kind}`);
}
