/**
 * Per-occupation rows, grouped, for the few per-group computations SQL cannot do exactly (the
 * weighted median adds weights in one fixed order; a parallel SQL sum does not promise any). The
 * groups are numbered in SQL, in a temp table holding each group's number and key columns; the
 * rows come back as numbers only, in group order, so no string or object per row reaches JS. A
 * caller loads its results by group number and joins them to the keys in SQL.
 */
import type { Database } from './database.ts';

export interface NumberGroupsQuery {
  /** The temp table to create: group_id (0, 1, …, in key order), the keys and group_rows. */
  table: string;
  from: string;
  where: string;
  /** The columns that make a group. */
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
  const keys = q.keys.join(', ');
  await db.exec(`create or replace temp table ${q.table} as
    select row_number() over (order by ${keys}) - 1 as group_id, ${keys}, count(*) as group_rows
    from ${q.from} where ${q.where} group by ${keys}`);
  const { rows = new Float64Array(0) } = await db.numbers(
    `select cast(group_rows as double) as rows from ${q.table} order by group_id`,
  );
  const start = new Int32Array(rows.length + 1);
  rows.forEach((n, g) => {
    start[g + 1] = (start[g] as number) + n;
  });
  const select = Object.entries(q.columns)
    .map(([name, sql]) => `cast(${sql} as double) as "${name}"`)
    .join(', ');
  // Ordered by the keys themselves, the order the groups are numbered in: no join back to the
  // group numbers.
  const columns = await db.numbers(
    `select ${select} from ${q.from} where ${q.where} order by ${keys}, ${q.order}`,
  );
  const read = Object.values(columns)[0]?.length ?? 0;
  if (read !== start[rows.length]) {
    throw new Error(`${q.table}: ${read} rows read back for ${start[rows.length]} grouped`);
  }
  return { count: rows.length, start, columns };
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
