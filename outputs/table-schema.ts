/**
 * The column types of a published table, shared by the typed writers (Parquet, Arrow, XLSX) so
 * each writes the same columns, in the same order, as the CSV of that table.
 */
import type { CsvValue } from './to-csv.ts';

export type ColumnKind = 'utf8' | 'float64' | 'int32' | 'bool';

export interface TypedColumn {
  name: string;
  kind: ColumnKind;
}

/** A table ready for the typed writers: its CSV columns with types, and its rows. */
export interface PublishedTable {
  /** File stem and sheet name, e.g. "clusters", "data_quality". */
  name: string;
  columns: TypedColumn[];
  rows: readonly Record<string, CsvValue>[];
}

/** Counts and positions: whole numbers by definition, so they are typed as integers. */
export const INTEGER_COLUMNS = new Set([
  'rank',
  'occupations',
  'row',
  'source_row',
  'rows',
  'bytes',
]);

/**
 * Types each column from its values: flags are bool, counts and positions int32, any other
 * number float64, everything else (and a column with no values at all) utf8.
 */
export function typeColumns(
  columns: readonly string[],
  rows: readonly Record<string, CsvValue>[],
): TypedColumn[] {
  return columns.map((name) => {
    let kind: ColumnKind | undefined;
    for (const row of rows) {
      const v = row[name];
      if (v === null || v === undefined) continue;
      const k: ColumnKind =
        typeof v === 'boolean'
          ? 'bool'
          : typeof v === 'number'
            ? INTEGER_COLUMNS.has(name) && Number.isInteger(v)
              ? 'int32'
              : 'float64'
            : 'utf8';
      if (kind === undefined) kind = k;
      else if (kind !== k) kind = kind === 'int32' && k === 'float64' ? 'float64' : 'utf8';
    }
    return { name, kind: kind ?? (INTEGER_COLUMNS.has(name) ? 'int32' : 'utf8') };
  });
}

/** A value as its column type holds it (a number in a text column becomes its CSV text). */
export function cellValue(kind: ColumnKind, v: CsvValue): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (kind === 'utf8') return typeof v === 'string' ? v : String(v);
  if (kind === 'bool') return typeof v === 'boolean' ? v : v === 'true';
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}
