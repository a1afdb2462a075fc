import { describe, expect, it } from 'vitest';
import { col, Database } from '../../kernel/database.ts';
import { readNullableColumns, readNumberGroups } from '../../kernel/number-groups.ts';

describe('readNumberGroups', () => {
  it('reads the rows in key order, then the given order, with each group’s keys', async () => {
    const db = await Database.open(':memory:');
    await db.load(
      'occ',
      [
        col('area', 'INTEGER'),
        col('part', 'INTEGER'),
        col('soc', 'VARCHAR'),
        col('wage', 'DOUBLE'),
        col('jobs', 'DOUBLE'),
      ],
      [
        { area: 2, part: 0, soc: '2', wage: 20, jobs: 1 },
        { area: 1, part: 1, soc: '9', wage: 90, jobs: 2 },
        { area: 2, part: 0, soc: '1', wage: null, jobs: 3 },
        { area: 1, part: 1, soc: '3', wage: 30, jobs: 4 },
        { area: 1, part: 0, soc: '4', wage: 40, jobs: 5 },
        { area: 3, part: 0, soc: '5', wage: 50, jobs: 0 },
      ],
    );
    const groups = await readNumberGroups(db, {
      from: 'occ',
      where: 'jobs > 0',
      keys: ['area', 'part'],
      order: 'soc',
      columns: { wage: 'wage', twice: 'jobs * 2' },
    });
    expect(groups.count).toBe(3);
    expect(Array.from(groups.start)).toEqual([0, 1, 3, 5]);
    expect(groups.keys).toEqual({ area: [1, 1, 2], part: [0, 1, 0] });
    expect(Array.from(groups.columns.wage ?? [])).toEqual([40, 30, 90, Number.NaN, 20]);
    expect(Array.from(groups.columns.twice ?? [])).toEqual([10, 8, 4, 6, 2]);
    // Only the columns asked for: the keys are read apart.
    expect(Object.keys(groups.columns)).toEqual(['wage', 'twice']);
  });

  it('reads no group from no rows', async () => {
    const db = await Database.open(':memory:');
    const groups = await readNumberGroups(db, {
      from: '(select 1 as area, 2.0 as wage) t',
      where: 'false',
      keys: ['area'],
      order: 'wage',
      columns: { wage: 'wage' },
    });
    expect(groups.count).toBe(0);
    expect(Array.from(groups.start)).toEqual([0]);
    expect(groups.keys).toEqual({ area: [] });
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
