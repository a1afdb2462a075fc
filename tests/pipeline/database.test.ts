import { describe, expect, it } from 'vitest';
import { col, Database } from '../../pipeline/database.ts';

describe('Database.load and loadColumns', () => {
  const columns = [col('soc_code', 'VARCHAR'), col('jobs', 'DOUBLE'), col('row', 'INTEGER')];

  it('load rows and column arrays into the same table, across chunk boundaries', async () => {
    const db = await Database.open(':memory:');
    // 5,000 rows: three 2,048-row data chunks, the last one partial.
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      soc_code: `15-${String(i).padStart(4, '0')}`,
      jobs: i % 7 === 0 ? null : i * 1.5,
      row: i + 2,
    }));
    expect(await db.load('a', columns, rows)).toBe(5000);
    const values = columns.map((c) => rows.map((r) => r[c.name as keyof (typeof rows)[0]]));
    expect(await db.loadColumns('b', columns, values)).toBe(5000);
    const diff = await db.scalar(
      'select count(*) from (select * from a except all select * from b)',
    );
    expect(diff).toBe(0);
    const last = await db.all('select * from b order by row desc limit 1');
    expect(last).toEqual([{ soc_code: '15-4999', jobs: 4999 * 1.5, row: 5001 }]);
    expect(await db.scalar('select count(*) from b where jobs is null')).toBe(715);
  });

  it('refuses a value of the wrong type, naming the table and column', async () => {
    const db = await Database.open(':memory:');
    await expect(db.loadColumns('t', columns, [['11-1011'], [12], [2.5]])).rejects.toThrow(
      'Loading t.row: expected INTEGER, got 2.5',
    );
  });
});
