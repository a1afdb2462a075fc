import { describe, expect, it } from 'vitest';
import { col, Database } from '../../kernel/database.ts';
import { readNullableColumns, readNumberGroups } from '../../kernel/number-groups.ts';

describe('readNumberGroups', () => {
  it('numbers the groups in key order and reads their rows in the given order', async () => {
    const db = await Database.open(':memory:');
    await db.load(
      'occ',
      [col('area', 'VARCHAR'), col('soc', 'VARCHAR'), col('wage', 'DOUBLE'), col('jobs', 'DOUBLE')],
      [
        { area: 'B', soc: '2', wage: 20, jobs: 1 },
        { area: 'A', soc: '9', wage: 90, jobs: 2 },
        { area: 'B', soc: '1', wage: null, jobs: 3 },
        { area: 'A', soc: '3', wage: 30, jobs: 4 },
        { area: 'C', soc: '5', wage: 50, jobs: 0 },
      ],
    );
    const groups = await readNumberGroups(db, {
      table: 'g',
      from: 'occ',
      where: 'jobs > 0',
      keys: ['area'],
      order: 'soc',
      columns: { wage: 'wage', twice: 'jobs * 2' },
    });
    expect(groups.count).toBe(2);
    expect(Array.from(groups.start)).toEqual([0, 2, 4]);
    expect(Array.from(groups.columns.wage ?? [])).toEqual([30, 90, Number.NaN, 20]);
    expect(Array.from(groups.columns.twice ?? [])).toEqual([8, 4, 6, 2]);
    expect(await db.all('select group_id, area, group_rows from g order by group_id')).toEqual([
      { group_id: 0, area: 'A', group_rows: 2 },
      { group_id: 1, area: 'B', group_rows: 2 },
    ]);
  });
});

describe('readNullableColumns', () => {
  it('keeps NULL apart from NaN and reads in the given order', async () => {
    const db = await Database.open(':memory:');
    const columns = await readNullableColumns(
      db,
      `select * from (values (2, 1.5, 7), (1, null, 8), (3, 'NaN'::double, null)) t(row, x, n)`,
      ['x', 'n'],
      'q.row',
    );
    expect(columns.x).toEqual([null, 1.5, Number.NaN]);
    expect(columns.n).toEqual([8, 7, null]);
  });
});
