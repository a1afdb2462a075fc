/**
 * A DuckDB result chunk's columns as typed arrays, for writers that handle millions of values
 * (the Arrow files of a thousand-area run). node-api's getItem builds a JS value per cell and
 * decodes each string on its own; here numbers and flags are copied as arrays, and an ENUM
 * column comes back as its codes and its dictionary, so each distinct string is decoded once.
 *
 * node-api keeps a vector's array and validity mask in fields its typings mark private; they are
 * read here, in one place, and checked, so a node-api upgrade that moves them fails loudly
 * (tests/kernel/column-chunks.test.ts) rather than writing wrong values.
 */
import {
  type DuckDBBlobVector,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBVector,
} from '@duckdb/node-api';

/** A validity bitmap as Arrow lays one out: bit i (LSB first) set when value i is not null. */
export type Validity = Uint8Array | null;

export type ColumnChunk =
  | { kind: 'float64'; values: Float64Array; valid: Validity }
  | { kind: 'int32'; values: Int32Array; valid: Validity }
  | { kind: 'bool'; values: Uint8Array; valid: Validity }
  | {
      kind: 'codes';
      values: Uint8Array | Uint16Array | Uint32Array;
      dictionary: readonly string[];
      valid: Validity;
    }
  | { kind: 'text'; values: (string | null)[] }
  /** A BLOB column: its non-null values' bytes one after another, in row order. */
  | { kind: 'bytes'; values: Buffer };

/** The internals read from node-api vectors (see the module comment). */
interface VectorInternals {
  items?: unknown;
  dataView?: unknown;
  validity?: { data?: unknown; offset?: unknown };
}

function internals(vector: DuckDBVector): VectorInternals {
  return vector as unknown as VectorInternals;
}

/** The vector's validity as a copied Arrow bitmap (null when every value is valid). */
function validity(vector: DuckDBVector, rows: number): Validity {
  const v = internals(vector).validity;
  if (v?.offset !== 0) throw unsupported('validity');
  if (v.data === null) return null;
  if (!(v.data instanceof BigUint64Array)) throw unsupported('validity');
  // Little-endian 64-bit words: the same bit order as Arrow's byte bitmap.
  return new Uint8Array(v.data.buffer, v.data.byteOffset, (rows + 7) >> 3).slice();
}

function items<T extends ArrayBufferView>(
  vector: DuckDBVector,
  type: abstract new (...args: never[]) => T,
): T {
  const a = internals(vector).items;
  if (!(a instanceof type)) throw unsupported('items');
  return a;
}

function unsupported(part: string): Error {
  return new Error(
    `column-chunks: this @duckdb/node-api keeps vector ${part} differently; pin 1.5.6-r.1 or update column-chunks.ts`,
  );
}

/** One column of a chunk of `rows` rows, copied out of DuckDB's memory. */
export function columnChunk(vector: DuckDBVector, type: DuckDBType, rows: number): ColumnChunk {
  switch (type.typeId) {
    case DuckDBTypeId.DOUBLE:
      return {
        kind: 'float64',
        values: items(vector, Float64Array).slice(0, rows),
        valid: validity(vector, rows),
      };
    case DuckDBTypeId.INTEGER:
      return {
        kind: 'int32',
        values: items(vector, Int32Array).slice(0, rows),
        valid: validity(vector, rows),
      };
    case DuckDBTypeId.BOOLEAN: {
      const view = internals(vector).dataView;
      if (!(view instanceof DataView)) throw unsupported('data');
      return {
        kind: 'bool',
        values: new Uint8Array(view.buffer, view.byteOffset, rows).slice(),
        valid: validity(vector, rows),
      };
    }
    case DuckDBTypeId.ENUM: {
      const codes = internals(vector).items;
      if (
        !(
          codes instanceof Uint8Array ||
          codes instanceof Uint16Array ||
          codes instanceof Uint32Array
        )
      ) {
        throw unsupported('items');
      }
      return {
        kind: 'codes',
        values: codes.slice(0, rows),
        dictionary: (type as DuckDBType & { values: readonly string[] }).values,
        valid: validity(vector, rows),
      };
    }
    case DuckDBTypeId.BLOB: {
      // getItemBytes: the bytes without a JS string between (VARCHAR's getItem decodes each).
      const blobs = vector as DuckDBBlobVector;
      const parts: Uint8Array[] = [];
      for (let i = 0; i < rows; i++) {
        const b = blobs.getItemBytes(i);
        if (b !== null) parts.push(b);
      }
      return { kind: 'bytes', values: Buffer.concat(parts) };
    }
    case DuckDBTypeId.VARCHAR:
      return { kind: 'text', values: vector.toArray().slice(0, rows) as (string | null)[] };
    default:
      throw new Error(
        `column-chunks: cast ${type.toString()} to DOUBLE, INTEGER, BOOLEAN or VARCHAR`,
      );
  }
}
