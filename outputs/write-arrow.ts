/** Arrow IPC files (.arrow) for R and Python users, built in TypeScript from the table's rows. */
import { writeFileSync } from 'node:fs';
import {
  Bool,
  type Data,
  Float64,
  Int32,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  Utf8,
  type Vector,
} from 'apache-arrow';
import { type ColumnKind, cellValue, type PublishedTable } from './table-schema.ts';

/**
 * One column's Arrow data, with the buffers filled directly. apache-arrow's `vectorFromArray`
 * goes through a builder value by value and encodes each string on its own; for the 33-area
 * occupations table (30,000 rows × 25 columns) that was a second of the publish stage.
 */
export function columnData(
  kind: ColumnKind,
  values: readonly (string | number | boolean | null)[],
): Data {
  const length = values.length;
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (values[i] === null) nullCount++;
    else validity[i >> 3] = (validity[i >> 3] as number) | (1 << (i & 7));
  }
  const nullBitmap = nullCount > 0 ? validity : undefined;
  switch (kind) {
    case 'float64': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i++) data[i] = (values[i] as number | null) ?? 0;
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data });
    }
    case 'int32': {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i++) data[i] = (values[i] as number | null) ?? 0;
      return makeData({ type: new Int32(), length, nullCount, nullBitmap, data });
    }
    case 'bool': {
      const data = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) {
        if (values[i] === true) data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7));
      }
      return makeData({ type: new Bool(), length, nullCount, nullBitmap, data });
    }
    case 'utf8': {
      // Offsets are byte positions; the text of all values is encoded in one pass.
      const valueOffsets = new Int32Array(length + 1);
      const parts: string[] = new Array(length);
      let bytes = 0;
      for (let i = 0; i < length; i++) {
        const s = (values[i] as string | null) ?? '';
        parts[i] = s;
        bytes += Buffer.byteLength(s, 'utf8');
        valueOffsets[i + 1] = bytes;
      }
      const data = new Uint8Array(Buffer.from(parts.join(''), 'utf8'));
      return makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data });
    }
  }
}

/**
 * Builds the Arrow table with one plainly typed column per CSV column. Types are given
 * explicitly: left to infer, apache-arrow dictionary-encodes strings, which some readers
 * handle differently from plain text columns.
 */
export function toArrowTable(table: PublishedTable): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of table.columns) {
    const values = table.rows.map((r) => cellValue(c.kind, r[c.name]));
    vectors[c.name] = makeVector(columnData(c.kind, values));
  }
  return new Table(vectors);
}

/** Writes the table as an Arrow IPC file (the random-access "file" format, not a stream). */
export function writeArrow(path: string, table: PublishedTable): void {
  writeFileSync(path, tableToIPC(toArrowTable(table), 'file'));
}
