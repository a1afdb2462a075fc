/**
 * Per-occupation rows, grouped, for the few per-group computations SQL cannot do exactly (the
 * weighted median adds weights in one fixed order; a parallel SQL sum does not promise any). The
 * groups are named by integer key columns (area_id, cluster_id); the rows come back as numbers
 * only, in key order, with their keys, so no string or object per row reaches JS, and each
 * group's keys are read off where they change. A caller loads its results with those keys, which
 * the models join. (Numbering the groups in a temporary table first cost two statements more per
 * read, and at 1,000 areas a GROUP BY of 1.4 million rows, 30-50 ms.)
 */
import type { Database } from './database.ts';

export interface NumberGroupsQuery {
  from: string;
  where: string;
  /** The integer columns that make a group, in key order. */
  keys: readonly string[];
  /** The order of rows within a group (the ORDER BY after the keys). */
  order: string;
  /** Output name → SQL expression; each is read as a DOUBLE, NULL as NaN. */
  columns: Readonly<Record<string, string>>;
}

export interface NumberGroups {
  count: number;
  /** Group g's rows are start[g] up to start[g + 1] in every column. */
  start: Int32Array;
  /** Each group's value of each key column, by the key's name. */
  keys: Record<string, number[]>;
  columns: Record<string, Float64Array>;
}

/**
 * An occupation measure (base_employment, annual_openings) as each allocation policy gives it
 * to a cluster, one column per policy, for NumberGroupsQuery.columns.
 */
export function allocatedColumns(measure: string): Record<'split' | 'full' | 'primary', string> {
  return {
    split: `weight_split * ${measure}`,
    full: `weight_full * ${measure}`,
    primary: `weight_primary * ${measure}`,
  };
}

export async function readNumberGroups(db: Database, q: NumberGroupsQuery): Promise<NumberGroups> {
  const select = [
    ...q.keys.map((key, k) => `cast(${key} as double) as "key ${k}"`),
    ...Object.entries(q.columns).map(([name, sql]) => `cast(${sql} as double) as "${name}"`),
  ].join(', ');
  const read = await db.numbers(
    `select ${select} from ${q.from} where ${q.where} order by ${q.keys.join(', ')}, ${q.order}`,
  );
  const keyColumns = q.keys.map((_, k) => read[`key ${k}`] as Float64Array);
  const rows = keyColumns[0]?.length ?? 0;
  const starts: number[] = [];
  for (let row = 0; row < rows; row++) {
    if (row === 0 || keyColumns.some((column) => column[row] !== column[row - 1])) {
      starts.push(row);
    }
  }
  starts.push(rows);
  const columns: Record<string, Float64Array> = {};
  for (const name of Object.keys(q.columns)) columns[name] = read[name] as Float64Array;
  return {
    count: starts.length - 1,
    start: Int32Array.from(starts),
    keys: Object.fromEntries(
      q.keys.map((key, k) => [
        key,
        starts.slice(0, -1).map((row) => (keyColumns[k] as Float64Array)[row] as number),
      ]),
    ),
    columns,
  };
}

/**
 * Columns of a query (each listed one castable to DOUBLE) as arrays of number | null, through
 * Database.numbers: each column is read beside an is-null flag, so a NULL (neutral in a score)
 * stays apart from a NaN. For per-cluster rows too many to read as objects cheaply.
 */
export async function readNullableColumns(
  db: Database,
  sql: string,
  names: readonly string[],
  /** ORDER BY over the query's columns (q."name"). */
  order: string,
): Promise<Record<string, (number | null)[]>> {
  const read = await db.numbers(
    `select ${names
      .map((n, i) => `cast(q."${n}" as double) as v${i}, (q."${n}" is null)::double as n${i}`)
      .join(', ')} from (${sql}) q order by ${order}`,
  );
  return Object.fromEntries(
    names.map((name, i) => {
      const values = read[`v${i}`] as Float64Array;
      const nulls = read[`n${i}`] as Float64Array;
      return [name, Array.from(values, (v, row) => (nulls[row] === 1 ? null : v))];
    }),
  );
}
