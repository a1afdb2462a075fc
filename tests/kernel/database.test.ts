import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { col, Database, duckdbMemoryMb } from '../../kernel/database.ts';

/**
 * What a file holds when opened as explain, compare and the notebooks open it (no options): the
 * value of `sql`, the reader closed afterwards.
 */
async function readBack(path: string, sql: string): Promise<unknown> {
  const reader = await Database.open(path);
  try {
    return await reader.scalar(sql);
  } finally {
    reader.close();
  }
}

/** Runs `body` in a new temporary folder, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A new file opened with `options`: `create` run and checkpointed, then `query`'s rows. */
async function checkpointed(
  path: string,
  options: Parameters<typeof Database.open>[1],
  create: string,
  query: string,
): Promise<Record<string, unknown>[]> {
  const db = await Database.open(path, options);
  try {
    await db.exec(create);
    await db.exec('checkpoint');
    return await db.all(query);
  } finally {
    db.close();
  }
}

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

  it('writes every column type and its NULLs as SQL computes the same values', async () => {
    const db = await Database.open(':memory:');
    // NULLs at the validity mask's word and chunk edges; strings inline (≤ 12 bytes) and not.
    const nulls = new Set([0, 31, 32, 63, 64, 2047, 2048, 2049, 4095, 4096, 4999]);
    const n = 5000;
    const pick = <T>(i: number, v: T): T | null => (nulls.has(i) ? null : v);
    const loaded = await db.loadColumns(
      'w',
      [
        col('i', 'INTEGER'),
        col('s', 'VARCHAR'),
        col('d', 'DOUBLE'),
        col('k', 'INTEGER'),
        col('b', 'BOOLEAN'),
      ],
      [
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => pick(i, i % 2 ? `é${i}` : `Occupation title ${i}`)),
        Array.from({ length: n }, (_, i) => pick(i, i % 3 ? i / 4 : -0)),
        Array.from({ length: n }, (_, i) => pick(i, -i * 1000)),
        Array.from({ length: n }, (_, i) => pick(i, i % 5 === 0)),
      ],
    );
    expect(loaded).toBe(n);
    const expected = `select i::INTEGER as i,
        case when i in (${[...nulls]}) then null
          when i % 2 = 1 then 'é' || i else 'Occupation title ' || i end as s,
        case when i in (${[...nulls]}) then null when i % 3 = 0 then -0.0 else i / 4 end as d,
        case when i in (${[...nulls]}) then null else (-i * 1000)::INTEGER end as k,
        case when i in (${[...nulls]}) then null else i % 5 = 0 end as b
      from range(${n}) r(i)`;
    const differ = `select count(*) from ((${expected} except all select * from w)
      union all (select * from w except all ${expected}))`;
    expect(await db.scalar(differ)).toBe(0);
    expect(
      await db.scalar('select count(*) from w where s is null and d is null and b is null'),
    ).toBe(nulls.size);
    expect(await db.all('select * from w where i in (2, 63, 65, 2050) order by i')).toEqual([
      { i: 2, s: 'Occupation title 2', d: 0.5, k: -2000, b: false },
      { i: 63, s: null, d: null, k: null, b: null },
      { i: 65, s: 'é65', d: 16.25, k: -65000, b: true },
      { i: 2050, s: 'Occupation title 2050', d: 512.5, k: -2050000, b: true },
    ]);
    // -0 keeps its sign, as DuckDB's own -0.0 does.
    expect(await db.scalar('select count(*) from w where d = 0 and 1 / d < 0')).toBe(
      Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 0 && !nulls.has(i)).length,
    );
  });

  it('refuses a value of the wrong type, naming the table and column', async () => {
    const db = await Database.open(':memory:');
    await expect(db.loadColumns('t', columns, [['11-1011'], [12], [2.5]])).rejects.toThrow(
      'Loading t.row: expected INTEGER, got 2.5',
    );
    // Past the first chunk too, and for each type; undefined loads as NULL.
    const many = (last: unknown) => [...Array.from({ length: 2100 }, () => null), last];
    await expect(db.loadColumns('t', [col('s', 'VARCHAR')], [many(7)])).rejects.toThrow(
      'Loading t.s: expected VARCHAR, got 7',
    );
    await expect(db.loadColumns('t', [col('d', 'DOUBLE')], [many('7')])).rejects.toThrow(
      'Loading t.d: expected DOUBLE, got "7"',
    );
    await expect(db.loadColumns('t', [col('b', 'BOOLEAN')], [many(1)])).rejects.toThrow(
      'Loading t.b: expected BOOLEAN, got 1',
    );
    const mixed = [col('s', 'VARCHAR'), col('b', 'BOOLEAN'), col('k', 'INTEGER')];
    expect(
      await db.loadColumns('u', mixed, [
        ['x', undefined],
        [undefined, true],
        [3, undefined],
      ]),
    ).toBe(2);
    expect(await db.all('select * from u order by s nulls last')).toEqual([
      { s: 'x', b: null, k: 3 },
      { s: null, b: true, k: null },
    ]);
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
    await inTempDir(async (dir) => {
      const create = "create table t as select range % 3 as n, 'same' as s from range(10000)";
      const storage = (path: string, uncompressed: boolean) =>
        checkpointed(
          path,
          { uncompressed },
          create,
          `select distinct column_name as name, compression from pragma_storage_info('t')
           where segment_type <> 'VALIDITY' order by all`,
        );
      expect(await storage(join(dir, 'auto.duckdb'), false)).toEqual([
        { name: 'n', compression: 'BitPacking' },
        { name: 's', compression: 'Dictionary' },
      ]);
      const path = join(dir, 'plain.duckdb');
      expect(await storage(path, true)).toEqual([
        { name: 'n', compression: 'Uncompressed' },
        { name: 's', compression: 'Uncompressed' },
      ]);
      // Read by an instance opened without the option.
      expect(await readBack(path, 'select sum(n) from t')).toBe(9999);
      expect(await readBack(path, "select count(*) from t where s = 'same'")).toBe(10000);
    });
  });
});

describe('Database.open storage format', () => {
  it('writes new files, its own and one it attaches, in the v1.2 format, and still reads an older one', async () => {
    await inTempDir(async (dir) => {
      // A v1.0 file, as every clusterfit before stop 30 wrote history.duckdb.
      const old = await Database.open(':memory:');
      await old.exec(
        `attach '${join(dir, 'old.duckdb')}' as old (storage_version 'v1.0.0');
         create table old.runs as select 'r1' as run_id; detach old`,
      );
      old.close();
      const db = await Database.open(join(dir, 'run.duckdb'));
      try {
        await db.exec(
          `create table t as select range as n from range(1000);
           attach '${join(dir, 'history.duckdb')}' as history;
           create table history.runs as select 'r2' as run_id;
           attach '${join(dir, 'old.duckdb')}' as old; insert into old.runs values ('r2')`,
        );
        expect(
          await db.all(
            `select database_name as name, tags['storage_version'] as version
             from duckdb_databases() where not internal and path is not null order by name`,
          ),
        ).toEqual([
          { name: 'history', version: 'v1.2.0+' },
          { name: 'old', version: 'v1.0.0+' },
          { name: 'run', version: 'v1.2.0+' },
        ]);
        expect(await db.scalar('select count(*) from old.runs')).toBe(2);
      } finally {
        db.close();
      }
    });
  });
});

describe('Database.open smallBlocks', () => {
  it("writes a small run's new file in 16 KB blocks, which an instance without the option reads", async () => {
    await inTempDir(async (dir) => {
      const blocks = async (path: string, smallBlocks: boolean) =>
        (
          await checkpointed(
            path,
            { uncompressed: true, smallBlocks },
            "create table t as select range as n, 'row ' || range as s from range(5000)",
            'select block_size as size, total_blocks as blocks from pragma_database_size()',
          )
        )[0];
      const small = join(dir, 'small.duckdb');
      const smallFile = await blocks(small, true);
      const defaultFile = await blocks(join(dir, 'default.duckdb'), false);
      expect([smallFile?.size, defaultFile?.size]).toEqual([16384, 262144]);
      // The same rows: more, smaller blocks, and a file a fraction of the size.
      expect(Number(smallFile?.blocks)).toBeGreaterThan(Number(defaultFile?.blocks));
      expect(statSync(small).size).toBeLessThan(statSync(join(dir, 'default.duckdb')).size / 2);
      expect(await readBack(small, 'select sum(n) from t')).toBe(12497500);
      expect(await readBack(small, "select count(*) from t where s = 'row 4999'")).toBe(1);
    });
  });
});

describe('Database.open smallData', () => {
  it("plans a small run's statements without the two large-input optimizers, to the same rows", async () => {
    const sql = `with k as (select range % 97 as key, range as n from range(20000))
      select a.key, count(*) as rows, sum(b.n) as total
      from k a join (select key, max(n) as n from k group by key) b using (key)
      group by a.key order by total desc limit 3`;
    const rows = async (smallData: boolean) => {
      const db = await Database.open(':memory:', { threads: 1, smallData });
      try {
        return {
          disabled: await db.all("select current_setting('disabled_optimizers') as names"),
          rows: await db.all(sql),
        };
      } finally {
        db.close();
      }
    };
    const small = await rows(true);
    const usual = await rows(false);
    expect(small.disabled).toEqual([{ names: 'compressed_materialization,join_filter_pushdown' }]);
    expect(usual.disabled).toEqual([{ names: '' }]);
    // 20,000 = 97 × 206 + 18: keys 0-17 have 207 rows; key 17's largest n is 17 + 97 × 206.
    expect(small.rows[0]).toEqual({ key: 17, rows: 207, total: 207 * 19999 });
    expect(small.rows).toEqual(usual.rows);
  });
});

describe('Database.open noWal', () => {
  it('commits without a log, names the database after its file for every connection, and close() writes what was committed', async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, 'run.duckdb');
      const db = await Database.open(path, { noWal: true });
      try {
        await db.exec('begin transaction');
        await db.exec('create table t as select range as n from range(1000)');
        await db.exec('commit');
        expect(existsSync(`${path}.wal`)).toBe(false);
        const other = await db.connect();
        try {
          expect(await other.all('select current_database() as name, sum(n) as s from t')).toEqual([
            { name: 'run', s: 499500 },
          ]);
        } finally {
          other.close();
        }
      } finally {
        // No checkpoint was asked for: closing writes the committed table.
        db.close();
      }
      expect(await readBack(path, 'select sum(n) from t')).toBe(499500);
    });
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
      expect(await checkpoint).toBe(true);
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

  it('says when DuckDB declines it (a write in progress beside it), for a later call to make', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
    const path = join(dir, 'run.duckdb');
    const db = await Database.open(path);
    try {
      await db.exec('create table marts as select range as n from range(5000)');
      const writer = await db.connect();
      // A table made in a transaction not yet committed: DuckDB will not checkpoint beside it.
      await writer.exec('begin transaction; create table later as select 1 as n');
      expect(await db.checkpointInBackground()).toBe(false);
      expect(statSync(`${path}.wal`).size).toBeGreaterThan(0);
      await writer.exec('commit');
      writer.close();
      expect(await db.checkpointInBackground()).toBe(true);
      expect(existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0).toBe(0);
      expect(await db.scalar('select count(*) from later')).toBe(1);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Database.beside', () => {
  it("runs on a second connection: the committed tables, not this one's temporary ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-db-'));
    const db = await Database.open(join(dir, 'run.duckdb'));
    try {
      await db.exec('create table marts as select range as n from range(5000)');
      await db.exec('create temp table pub as select n from marts where n < 10');
      // Started first, it runs while this connection answers its own statement.
      const beside = db.beside(async (other) => ({
        sum: await other.scalar('select sum(n) from marts'),
        pub: await other.hasTable('pub'),
      }));
      expect(await db.scalar('select sum(n) from pub')).toBe(45);
      expect(await beside).toEqual({ sum: 12497500, pub: false });
      // A failure on the second connection is the caller's to handle; this one goes on.
      await expect(db.beside((other) => other.exec('select * from pub'))).rejects.toThrow(/pub/);
      expect(await db.scalar('select count(*) from pub')).toBe(10);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
