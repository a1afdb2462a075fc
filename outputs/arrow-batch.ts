/**
 * One Arrow column of a record batch built from DuckDB chunks (kernel/column-chunks.ts) with
 * array copies: no JS value per cell. Values are what write-arrow.ts's columnData gives the same
 * rows: a null number is 0 under a cleared validity bit (so equal tables give equal bytes,
 * whatever DuckDB left in a null slot), a non-finite number is null, a null string is empty.
 */
import { Bool, type Data, Float64, Int32, makeData, Utf8 } from 'apache-arrow';
import type { ColumnChunk, Validity } from '../kernel/column-chunks.ts';
import type { ColumnKind } from './table-schema.ts';
import { columnData } from './write-arrow.ts';

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

/** The column `kind` of a batch made of these chunk columns, `length` rows in all. */
export function batchColumn(kind: ColumnKind, parts: readonly ColumnChunk[], length: number): Data {
  const validity = new BatchValidity(length);
  switch (kind) {
    case 'float64': {
      const data = new Float64Array(length);
      copyNumbers(kind, parts, data, validity);
      const nullBitmap = validity.bitmap;
      return makeData({ type: new Float64(), length, nullCount: validity.nulls, nullBitmap, data });
    }
    case 'int32': {
      const data = new Int32Array(length);
      copyNumbers(kind, parts, data, validity);
      const nullBitmap = validity.bitmap;
      return makeData({ type: new Int32(), length, nullCount: validity.nulls, nullBitmap, data });
    }
    case 'bool': {
      const data = new Uint8Array((length + 7) >> 3);
      let at = 0;
      for (const part of parts) {
        if (part.kind !== 'bool') throw mismatch(kind, part);
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
    case 'utf8': {
      if (parts.every((p) => p.kind === 'text')) {
        return columnData(
          'utf8',
          parts.flatMap((p) => p.values),
        );
      }
      const valueOffsets = new Int32Array(length + 1);
      const pieces: Uint8Array[] = new Array(length);
      const empty = new Uint8Array(0);
      let at = 0;
      let bytes = 0;
      for (const part of parts) {
        if (part.kind !== 'codes') throw mismatch(kind, part);
        const dictionary = encodedDictionary(part.dictionary);
        const { values, valid } = part;
        for (let i = 0; i < values.length; i++, at++) {
          const ok = isValid(valid, i);
          validity.set(at, ok);
          const piece = ok ? (dictionary[values[i] as number] as Uint8Array) : empty;
          pieces[at] = piece;
          bytes += piece.length;
          valueOffsets[at + 1] = bytes;
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
    if (part.kind !== kind) throw mismatch(kind, part);
    const { values, valid } = part;
    for (let i = 0; i < values.length; i++, at++) {
      const v = values[i] as number;
      const ok = isValid(valid, i) && Number.isFinite(v);
      validity.set(at, ok);
      if (ok) data[at] = v;
    }
  }
}

function mismatch(kind: ColumnKind, part: ColumnChunk): Error {
  return new Error(`arrow batch: a ${kind} column was read as ${part.kind}`);
}
