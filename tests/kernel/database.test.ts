import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, Database, duckdbMemoryMb } from '../../kernel/database.ts';

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

describe('Database.numbers', () => {
  it('reads DOUBLE columns into Float64Arrays across chunks, NULL as NaN', async () => {
    const db = await Database.open(':memory:');
    // 5,000 rows: three 2,048-row chunks from the stream, the last one partial.
    const { i, half } = await db.numbers(
      `select cast(range as double) as i,
         case when range % 1000 = 7 then null else range / 2 end as half
       from range(5000) order by range`,
    );
    expect(i).toBeInstanceOf(Float64Array);
    expect(i?.length).toBe(5000);
    expect(i?.[4999]).toBe(4999);
    expect(half?.[3]).toBe(1.5);
    expect(half?.[4007]).toBeNaN();
    expect(Array.from(half ?? []).filter(Number.isNaN)).toHaveLength(5);
  });

  it('refuses a column that is not a DOUBLE', async () => {
    const db = await Database.open(':memory:');
    await expect(db.numbers("select 1 as n, 'x' as s")).rejects.toThrow('column "n" must be');
  });
});

describe('Database.open threads', () => {
  it('opens with the threads asked for, else one per core', async () => {
    const one = await Database.open(':memory:', { threads: 1 });
    const cores = await Database.open(':memory:');
    try {
      expect(await one.scalar("select current_setting('threads')")).toBe(1);
      expect(await cores.scalar("select current_setting('threads')")).toBe(availableParallelism());
    } finally {
      one.close();
      cores.close();
    }
  });
});

describe('Database.open uncompressed', () => {
  it("writes a small run's file without compressing its columns, and the file reads back", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
    const storage = async (path: string, uncompressed: boolean) => {
      const db = await Database.open(path, { uncompressed });
      try {
        await db.exec("create table t as select range % 3 as n, 'same' as s from range(10000)");
        await db.exec('checkpoint');
        return await db.all(
          `select distinct column_name as name, compression from pragma_storage_info('t')
           where segment_type <> 'VALIDITY' order by all`,
        );
      } finally {
        db.close();
      }
    };
    try {
      expect(await storage(join(dir, 'auto.duckdb'), false)).toEqual([
        { name: 'n', compression: 'BitPacking' },
        { name: 's', compression: 'Dictionary' },
      ]);
      const path = join(dir, 'plain.duckdb');
      expect(await storage(path, true)).toEqual([
        { name: 'n', compression: 'Uncompressed' },
        { name: 's', compression: 'Uncompressed' },
      ]);
      // Read by an instance opened without the option, as explain, compare and the notebooks do.
      const reader = await Database.open(path);
      try {
        expect(await reader.scalar('select sum(n) from t')).toBe(9999);
        expect(await reader.scalar("select count(*) from t where s = 'same'")).toBe(10000);
      } finally {
        reader.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Database.open memory limit', () => {
  it('caps a database file at 768 MB unless CLUSTERFIT_DUCKDB_MEMORY_MB says otherwise', async () => {
    expect(duckdbMemoryMb({})).toBe(768);
    expect(duckdbMemoryMb({ CLUSTERFIT_DUCKDB_MEMORY_MB: '4096' })).toBe(4096);
    expect(duckdbMemoryMb({ CLUSTERFIT_DUCKDB_MEMORY_MB: 'lots' })).toBe(768);
    expect(duckdbMemoryMb({ CLUSTERFIT_DUCKDB_MEMORY_MB: '8' })).toBe(768);
    const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
    const file = await Database.open(join(dir, 'run.duckdb'));
    const memory = await Database.open(':memory:');
    try {
      // DuckDB shows the limit in MiB: 768 MB is 732.4 MiB.
      const [fileLimit] = await file.all("select current_setting('memory_limit') as v");
      expect(fileLimit?.v).toBe('732.4 MiB');
      const [memoryLimit] = await memory.all("select current_setting('memory_limit') as v");
      expect(memoryLimit?.v).not.toBe('732.4 MiB');
    } finally {
      file.close();
      memory.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Database.checkpointInBackground', () => {
  it('writes the file while the run goes on with temporary tables, leaving close little to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
    const path = join(dir, 'run.duckdb');
    const db = await Database.open(path);
    try {
      await db.exec(
        'create table marts as select range as n, range * 0.5 as half from range(5000)',
      );
      // The table sits in the write-ahead log until a checkpoint writes it into the file.
      expect(statSync(`${path}.wal`).size).toBeGreaterThan(0);
      const checkpoint = db.checkpointInBackground();
      await db.exec('create temp table pub as select n from marts where n % 2 = 0');
      expect(await db.scalar('select count(*) from pub')).toBe(2500);
      await checkpoint;
      expect(existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0).toBe(0);
    } finally {
      db.close();
    }
    const reopened = await Database.open(path);
    try {
      expect(await reopened.scalar('select sum(half) from marts')).toBe(6248750);
      // Temporary tables stay out of the file.
      expect(await reopened.hasTable('pub')).toBe(false);
    } finally {
      reopened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Database.connect', () => {
  it("opens a second connection that sees what is committed, not the first's temp tables or open transaction", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
    const db = await Database.open(join(dir, 'run.duckdb'), { threads: 1 });
    try {
      await db.exec('create table marts as select range as n from range(5000)');
      await db.exec('create temp table pub as select n from marts where n % 2 = 0');
      await db.exec('begin transaction');
      await db.exec('create table later as select n from marts where n < 10');
      const second = await db.connect();
      expect(await second.scalar('select sum(n) from marts')).toBe(12497500);
      await expect(second.scalar('select count(*) from pub')).rejects.toThrow(
        'Table with name pub does not exist',
      );
      expect(await second.hasTable('later')).toBe(false);
      await db.exec('commit');
      // Both at once, each on its own thread, with one DuckDB thread.
      const [odd, small] = await Promise.all([
        second.scalar('select count(*) from marts where n % 2 = 1'),
        db.scalar('select sum(n) from later'),
      ]);
      expect([odd, small]).toEqual([2500, 45]);
      second.close();
      // Closing the second connection leaves the database open.
      expect(await db.scalar('select count(*) from pub')).toBe(2500);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
