/** Arrow IPC files (.arrow) for R and Python users, built in TypeScript from the table's rows. */
import { writeFileSync } from 'node:fs';
import {
  Bool,
  type DataType,
  Float64,
  Int32,
  Table,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { type ColumnKind, cellValue, type PublishedTable } from './table-schema.ts';

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'utf8':
      return new Utf8();
    case 'float64':
      return new Float64();
    case 'int32':
      return new Int32();
    case 'bool':
      return new Bool();
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
    vectors[c.name] = vectorFromArray(values, arrowType(c.kind));
  }
  return new Table(vectors);
}

/** Writes the table as an Arrow IPC file (the random-access "file" format, not a stream). */
export function writeArrow(path: string, table: PublishedTable): void {
  writeFileSync(path, tableToIPC(toArrowTable(table), 'file'));
}
