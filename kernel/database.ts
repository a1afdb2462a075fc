/**
 * The one embedded DuckDB database a run works in. Thin on purpose: SQL models do the relational
 * work; this class runs them, loads typed rows through DuckDB's Appender, and returns plain JS
 * values (BIGINT comes back as bigint, which JSON cannot hold, so it is turned into number).
 */

import { existsSync } from 'node:fs';
import {
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBDoubleVector,
  DuckDBInstance,
  DuckDBTypeId,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { type ColumnChunk, columnChunk } from './column-chunks.ts';

/**
 * A string as a SQL literal: single-quoted, inner quotes doubled. With sqlIdent, the one way a
 * string from a config or a file enters SQL text (or it goes in as a bound parameter): DuckDB
 * reads no escapes inside '…', so doubling the quote is the whole of it.
 */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A name as a SQL identifier: double-quoted, inner double quotes doubled. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'INTEGER' | 'BOOLEAN';
export type Row = Record<string, string | number | boolean | null>;

export interface TableColumn {
  name: string;
  type: ColumnType;
}

/** A column for Database.load: col('soc_code', 'VARCHAR'). */
export const col = (name: string, type: ColumnType): TableColumn => ({ name, type });

/**
 * Values of a column as a SQL list literal of its type, each checked as the Appender checks it.
 * A DOUBLE goes through its shortest decimal text, which DuckDB reads back as the same double.
 */
export function sqlList(column: TableColumn, values: readonly unknown[]): string {
  const items = values.map((v) => {
    const value = checked(column.type, v, 'a SQL list', column.name);
    if (value === null) return 'null';
    if (typeof value === 'string') return sqlString(value);
    if (typeof value === 'number' && column.type === 'DOUBLE') {
      return sqlString(Object.is(value, -0) ? '-0' : String(value));
    }
    return String(value);
  });
  return `[${items.join(', ')}]::${column.type}[]`;
}

/** The storage format of the files a run creates (Database.open). */
const STORAGE_VERSION = 'v1.2.0';

/** The block size of a small run's new database files (Database.open smallBlocks). */
const SMALL_BLOCK_BYTES = 16 * 1024;

export class Database {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** Whether the file was there before open (a --db reused): it may hold an earlier run's relations. */
    readonly reused = false,
    /** Whether close() closes the instance too (not for a connection from connect()). */
    private readonly ownsInstance = true,
    /** The attached database each new connection uses (open's noWal), or null: the instance's. */
    private readonly attached: string | null = null,
    /** Opened for a small run's data (open's smallData): statements may be planned for it. */
    readonly smallData = false,
  ) {}

  /**
   * `threads`: DuckDB's worker threads; without, DuckDB's default (one per core).
   * `uncompressed`: the file's columns written as they are, without DuckDB choosing and applying
   * a compression per column segment when it checkpoints: for a small run's database (~10 MB),
   * less CPU for ~10 % more bytes (pipeline/run.ts smallRun says what was measured). Any DuckDB
   * instance reads the file as it reads a compressed one.
   * `smallBlocks`: a new file is written in 16 KB blocks, not DuckDB's 256 KB, for a small run's
   * database and history: each table's columns start blocks of their own, so the default job's 44
   * tables (1.8 MB of rows) took 36 blocks, 9.4 MB, which the checkpoint wrote, checksummed and
   * synced; in 16 KB blocks 2.5 MB, and the checkpoint of a copy of those tables 28 -> 17 ms of
   * CPU (3 runs each); history.duckdb of one run 1.5 MB -> 127 KB. A file's block size is kept
   * in it: such a file needs DuckDB 1.2 or later, as the v1.2 storage format already does.
   * `noWal`: commits write no log (DuckDB's recovery_mode no_wal_writes, a setting of an attached
   * database only: the file is attached to an in-memory instance and made every connection's
   * current database); what they committed is in the file once it is checkpointed, which a
   * small run starts as soon as its one transaction has committed, and close() does for anything
   * left. A process killed in between leaves the file as its last checkpoint left it. The small
   * run's commit wrote its 1.8 MB of tables to clusterfit.duckdb.wal and synced it first: 8 ms
   * of CPU, and a sync that took 1-80 ms here.
   * `smallData`: the plans leave out two of DuckDB's optimizers that pay only on large inputs
   * (SMALL_DATA_DISABLED_OPTIMIZERS). An optimizer chooses how a plan runs, never its result.
   */
  static async open(
    path: string,
    {
      threads,
      uncompressed = false,
      smallBlocks = false,
      noWal = false,
      smallData = false,
    }: {
      threads?: number;
      uncompressed?: boolean;
      smallBlocks?: boolean;
      noWal?: boolean;
      smallData?: boolean;
    } = {},
  ): Promise<Database> {
    // No extension is ever fetched or loaded on demand: the ones a run uses (parquet, json) are
    // built in, and a URL where a path belongs must fail, not make DuckDB reach the network.
    const options: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // A new file is written in the v1.2 storage format, not DuckDB's default (v0.10.2, readable
      // by every DuckDB since): that format stores each column's distinct-count sketch as its
      // 64 registers, where the old one spells out 16,384, which took 40 % of a small run's
      // checkpoint (407 columns; 58 -> 30 ms). DuckDB 1.2 (February 2025) and later read it.
      storage_compatibility_version: STORAGE_VERSION,
      ...(path === ':memory:' ? {} : { memory_limit: `${duckdbMemoryMb()}MB` }),
      ...(threads === undefined ? {} : { threads: String(threads) }),
      ...(uncompressed ? { force_compression: 'uncompressed' } : {}),
      ...(smallBlocks ? { default_block_size: String(SMALL_BLOCK_BYTES) } : {}),
      ...(smallData ? { disabled_optimizers: SMALL_DATA_DISABLED_OPTIMIZERS.join(',') } : {}),
    };
    const reused = path !== ':memory:' && existsSync(path);
    if (noWal) {
      // Spills (never in a small run) go beside the file, as an opened file's do.
      const instance = await DuckDBInstance.create(':memory:', {
        ...options,
        temp_directory: `${path}.tmp`,
      });
      const connection = await instance.connect();
      try {
        // DuckDB names it after the file, as the database of an instance opened on it. One call
        // for both statements: each step of the open waits for a turn of the main thread, which
        // parses the run's files meanwhile (ingest.ts readAhead).
        const reader = await connection.runAndReadAll(
          `attach ${sqlString(path)} (recovery_mode no_wal_writes);
           select database_name from duckdb_databases() where path = ${sqlString(path)}`,
        );
        const name = String(reader.getRowsJS()[0]?.[0]);
        await connection.run(`use ${sqlIdent(name)}`);
        return new Database(instance, connection, reused, true, name, smallData);
      } catch (error) {
        connection.closeSync();
        instance.closeSync();
        throw error;
      }
    }
    const instance = await DuckDBInstance.create(path, options);
    const connection = await instance.connect();
    return new Database(instance, connection, reused, true, null, smallData);
  }

  /**
   * An in-memory database that cannot reach outside the process, for SQL a config supplies (rule
   * expressions): no file or network access (read_*, COPY, ATTACH, glob, http URLs), no extension
   * installed or loaded, and the settings locked, all fixed when the instance is created, so no
   * statement run in it can turn them back on.
   */
  static async openLocked(): Promise<Database> {
    const instance = await DuckDBInstance.create(':memory:', LOCKED_OPTIONS);
    const connection = await instance.connect();
    return new Database(instance, connection);
  }

  /**
   * Copies a query's result into a new table (created or replaced) of another database, a data
   * chunk at a time through the target's Appender, the column types kept: no JS value per cell.
   */
  async copyTo(target: Database, sql: string, table: string): Promise<number> {
    const started = performance.now();
    const result = await this.connection.stream(sql);
    const types = result.columnTypes();
    const ddl = result
      .columnNames()
      .map((name, j) => `${sqlIdent(name)} ${String(types[j])}`)
      .join(', ');
    await target.exec(`create or replace table ${sqlIdent(table)} (${ddl})`);
    const appender = await target.connection.createAppender(table);
    let rows = 0;
    try {
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        appender.appendDataChunk(chunk);
        rows += chunk.rowCount;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    trace(`[${rows} rows copied to ${table}] ${sql}`, started);
    return rows;
  }

  async exec(sql: string, params?: (string | number | boolean | null)[]): Promise<void> {
    const started = performance.now();
    if (params === undefined) await this.connection.run(sql);
    else await this.connection.run(sql, params);
    trace(sql, started);
  }

  async all<T extends Row = Row>(sql: string): Promise<T[]> {
    const started = performance.now();
    const reader = await this.connection.runAndReadAll(sql);
    // Column by column: one conversion pass per column instead of an object per row read back
    // and copied (a 33-area run reads back ~100,000 rows).
    const names = reader.columnNames();
    const columns = reader.getColumnsJS().map((values) => values.map(plain));
    const count = columns[0]?.length ?? 0;
    const rows = new Array<T>(count);
    for (let i = 0; i < count; i++) {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) {
        row[names[c] as string] = (columns[c] as Row[string][])[i] as Row[string];
      }
      rows[i] = row as T;
    }
    trace(`[${count} rows] ${sql}`, started);
    return rows;
  }

  /**
   * The first row's values as DuckDB's JS conversion gives them (BIGINT as bigint, a LIST as an
   * array), for one-row aggregates read by position.
   */
  async firstRow(sql: string): Promise<unknown[]> {
    const started = performance.now();
    const reader = await this.connection.runAndReadAll(sql);
    trace(sql, started);
    return reader.getRowsJS()[0] ?? [];
  }

  /**
   * A query's result one DuckDB data chunk (2,048 rows) at a time, column by column, so a large
   * result is never held whole. Values as DuckDB's JS conversion gives them (BIGINT as bigint).
   */
  async *streamColumns(sql: string): AsyncGenerator<unknown[][]> {
    const started = performance.now();
    const result = await this.connection.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      yield Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnValues(i));
    }
    trace(`[streamed] ${sql}`, started);
  }

  /**
   * A query's result a chunk at a time as typed arrays (column-chunks.ts): DOUBLE, INTEGER and
   * BOOLEAN columns as arrays, ENUM columns as codes and dictionary, VARCHAR as strings.
   */
  async *streamChunks(sql: string): AsyncGenerator<{ rows: number; columns: ColumnChunk[] }> {
    const started = performance.now();
    const result = await this.connection.stream(sql);
    const types = Array.from({ length: result.columnCount }, (_, j) => result.columnType(j));
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const rows = chunk.rowCount;
      const columns = types.map((type, j) => columnChunk(chunk.getColumnVector(j), type, rows));
      yield { rows, columns };
    }
    trace(`[streamed chunks] ${sql}`, started);
  }

  /**
   * A query's columns as Float64Arrays by name, NULL read as NaN, streamed a chunk at a time: no
   * JS value per cell and no object per row, for reads of one row per occupation (1.4 million
   * at 1,000 areas, where all() spends seconds decoding strings and building objects). Every
   * column must be DOUBLE (cast in the query), so a caller never gets a bigint or a string.
   */
  async numbers(sql: string): Promise<Record<string, Float64Array>> {
    const started = performance.now();
    const result = await this.connection.stream(sql);
    const names = result.columnNames();
    names.forEach((name, j) => {
      if (result.columnTypeId(j) !== DuckDBTypeId.DOUBLE || names.indexOf(name) !== j) {
        throw new Error(`Database.numbers: column "${name}" must be a DOUBLE with its own name`);
      }
    });
    const parts: Float64Array[][] = names.map(() => []);
    let count = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const size = chunk.rowCount;
      names.forEach((_, j) => {
        const vector = chunk.getColumnVector(j) as DuckDBDoubleVector;
        const part = new Float64Array(size);
        for (let i = 0; i < size; i++) part[i] = vector.getItem(i) ?? Number.NaN;
        (parts[j] as Float64Array[]).push(part);
      });
      count += size;
    }
    const columns: Record<string, Float64Array> = {};
    names.forEach((name, j) => {
      const column = new Float64Array(count);
      let offset = 0;
      for (const part of parts[j] as Float64Array[]) {
        column.set(part, offset);
        offset += part.length;
      }
      columns[name] = column;
    });
    trace(`[${count} rows, numbers] ${sql}`, started);
    return columns;
  }

  async scalar(sql: string): Promise<number> {
    const rows = await this.all(sql);
    const first = rows[0];
    const value = first ? Object.values(first)[0] : null;
    return typeof value === 'number' ? value : Number(value ?? 0);
  }

  /** Whether a table (or view) of that name exists. */
  async hasTable(name: string): Promise<boolean> {
    const n = await this.scalar(
      `select count(*) from information_schema.tables where table_name = ${sqlString(name)}`,
    );
    return n > 0;
  }

  /** Creates (or replaces) a table and fills it with rows through the Appender. */
  async load(
    table: string,
    columns: readonly TableColumn[],
    rows: readonly object[],
    options: { temporary?: boolean } = {},
  ): Promise<number> {
    const records = rows as readonly Record<string, unknown>[];
    return this.loadColumns(
      table,
      columns,
      columns.map((c) => records.map((r) => r[c.name])),
      options,
    );
  }

  /**
   * Creates (or replaces) an empty table with these columns; `temporary`: a temp table, which
   * never waits on the database file (its checkpoint) and is not kept in it.
   */
  async createTable(
    table: string,
    columns: readonly TableColumn[],
    options: { temporary?: boolean } = {},
  ): Promise<void> {
    const ddl = columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ');
    await this.exec(`create or replace ${options.temporary ? 'temp ' : ''}table ${table} (${ddl})`);
  }

  /**
   * Creates (or replaces) a table from column arrays (values[j] holds column j, all of one
   * length). Callers with many rows build columns directly: an object per row, spread from a
   * reader's record, cost more than the load itself (a 33-area file: 0.4 s of 0.9 s).
   */
  async loadColumns(
    table: string,
    columns: readonly TableColumn[],
    values: readonly (readonly unknown[])[],
    options: { temporary?: boolean } = {},
  ): Promise<number> {
    const length = values[0]?.length ?? 0;
    await this.createTable(table, columns, options);
    const started = performance.now();
    const appender = await this.connection.createAppender(table);
    const types = columns.map((c) => DUCKDB_TYPES[c.type]);
    try {
      // A data chunk per 2,048 rows (DuckDB's vector size), each column written by writeColumn.
      for (let start = 0; start < length; start += CHUNK_ROWS) {
        const size = Math.min(CHUNK_ROWS, length - start);
        const chunk = DuckDBDataChunk.create(types, size);
        columns.forEach((c, j) => {
          const column = values[j] as readonly unknown[];
          writeColumn(chunk, j, c.type, column, start, size, (v) =>
            checked(c.type, v, table, c.name),
          );
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    trace(`[${length} rows appended] ${table}`, started);
    return length;
  }

  /**
   * Starts writing the database file's pages (a checkpoint) on a second connection, while this
   * one goes on with temporary tables and reads: close() then has only what changed since to
   * write. Closing a run's database spent 0.1-0.3 s in its checkpoint (37 tables, 378 columns
   * compressed one by one) with both cores otherwise idle. Never rejects: false when DuckDB
   * declines the checkpoint (another write in progress), which is then left to close() or to a
   * later call. Await it before close().
   */
  async checkpointInBackground(): Promise<boolean> {
    const started = performance.now();
    const connection = await this.instance.connect();
    try {
      if (this.attached !== null) await connection.run(`use ${sqlIdent(this.attached)}`);
      await connection.run('checkpoint');
      trace('checkpoint (in the background)', started);
      return true;
    } catch {
      trace('checkpoint declined: left to close', started);
      return false;
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Another connection to this database, for work beside this connection's that outlives one
   * call (the run's history, attached at the start and detached at the end): each connection's
   * statements run on a thread of their own. It sees what is committed, none of this one's
   * temporary tables or open transaction. Close it before this one.
   */
  async connect(): Promise<Database> {
    const connection = await this.instance.connect();
    if (this.attached !== null) await connection.run(`use ${sqlIdent(this.attached)}`);
    return new Database(
      this.instance,
      connection,
      this.reused,
      false,
      this.attached,
      this.smallData,
    );
  }

  /**
   * Runs `work` on a second connection of this database's instance (connect), while this
   * connection goes on with other statements. Await it before close().
   */
  async beside<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const db = await this.connect();
    try {
      return await work(db);
    } finally {
      db.close();
    }
  }

  close(): void {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

const CHUNK_ROWS = 2048;

/**
 * DuckDB's optimizers a small run's plans go without (Database.open smallData). Compressed
 * materialization narrows the keys and payloads a sort, aggregate or join holds, to keep less
 * memory; join filter pushdown builds min/max filters from a join's build side for the probe
 * side's scan, to skip its row groups. A small run's ~170 statements read a few thousand rows
 * each, in one row group: both were planning and run time only. The tables-only default job, 30
 * interleaved pairs twice: paired -0.04 s by the clock and -0.05 s of CPU (faster in 18 of 30
 * each time); each alone -0.01 to -0.02 s. Four more (late materialization, sampling pushdown,
 * row-group pruning, common subplans) and statistics propagation on top: no further gain.
 */
const SMALL_DATA_DISABLED_OPTIMIZERS = ['compressed_materialization', 'join_filter_pushdown'];

/** Database.openLocked's settings, given at creation (lock_configuration last in effect). */
const LOCKED_OPTIONS: Record<string, string> = {
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  lock_configuration: 'true',
};

/**
 * DuckDB's memory limit for a run's database file, in MB (CLUSTERFIT_DUCKDB_MEMORY_MB, default
 * 768). DuckDB's own default is 80% of RAM, and it keeps pages it will not read again up to that
 * limit: at 1,000 areas (1.4 million occupation rows) that alone took the process past 2 GiB.
 * Over the limit DuckDB writes pages to clusterfit.duckdb.tmp beside the file (removed when it
 * closes); at 768 MB the 1,000-area run is no slower (bench/README.md). Small runs never reach
 * it. In-memory databases (compare, validate) are small and keep DuckDB's default, which would
 * otherwise spill into the working directory.
 */
export function duckdbMemoryMb(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CLUSTERFIT_DUCKDB_MEMORY_MB ?? Number.NaN);
  return Number.isFinite(n) && n >= 64 ? Math.floor(n) : 768;
}

// CLUSTERFIT_TRACE_SQL=1: each statement's milliseconds, and the seconds since the process
// started when it ended, on stderr, for profiling at scale.
const TRACE_SQL = process.env.CLUSTERFIT_TRACE_SQL === '1';
function trace(sql: string, started: number): void {
  if (!TRACE_SQL) return;
  const now = performance.now();
  const at = (now / 1000).toFixed(3).padStart(6);
  const ms = (now - started).toFixed(0).padStart(6);
  process.stderr.write(`sql ${at} s ${ms} ms  ${sql.replace(/\s+/g, ' ').slice(0, 140)}\n`);
}

const DUCKDB_TYPES = { VARCHAR, DOUBLE, INTEGER, BOOLEAN } as const;

/**
 * Writes a chunk's column from `values[start]` … `values[start + size - 1]` straight through
 * DuckDB's C API (@duckdb/node-bindings, which @duckdb/node-api wraps): a fixed-width column as
 * one typed array copied into the vector, the NULLs as one validity mask, each string with one
 * native call. node-api's setColumnValues keeps a cache per value and sets each validity bit with
 * BigInt arithmetic, which allocates on every cell: the default job's raw_projections (793 rows ×
 * 35 columns) took 37-40 ms to set cold and now 5-7 ms, the same rows (a test reads them back).
 * A value of the column's type is taken in the loop itself; anything else goes through `check`,
 * which gives null for null or undefined and throws for a value of another type. A call per
 * cell through a closure was most of the rest: these loops run cold, in V8's interpreter, at a
 * run's start (raw_projections' shape and the crosswalk's, 43,000 cells, in fresh processes, 16
 * runs each: 31 -> 23 ms of CPU, medians).
 */
function writeColumn(
  chunk: DuckDBDataChunk,
  column: number,
  type: ColumnType,
  values: readonly unknown[],
  start: number,
  size: number,
  check: (value: unknown) => string | number | boolean | null,
): void {
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
  // DuckDB's validity mask: a bit per row, 1 for a value, in 64-bit words (little-endian here).
  let validity: Uint32Array<ArrayBuffer> | undefined;
  const setNull = (row: number) => {
    validity ??= new Uint32Array(Math.ceil(size / 64) * 2).fill(0xffffffff);
    validity[row >>> 5] = (validity[row >>> 5] as number) & ~(1 << (row & 31));
  };
  if (type === 'VARCHAR') {
    for (let i = 0; i < size; i++) {
      const v = values[start + i];
      if (typeof v === 'string') duckdb.vector_assign_string_element(vector, i, v);
      else if (check(v) === null) setNull(i);
    }
  } else {
    const data =
      type === 'DOUBLE'
        ? new Float64Array(size)
        : type === 'INTEGER'
          ? new Int32Array(size)
          : new Uint8Array(size);
    const js = JS_TYPE[type];
    for (let i = 0; i < size; i++) {
      const v = values[start + i];
      if (typeof v === js && (type !== 'INTEGER' || Number.isInteger(v))) data[i] = Number(v);
      else if (check(v) === null) setNull(i);
    }
    duckdb.copy_data_to_vector(vector, 0, data.buffer, 0, data.byteLength);
  }
  if (validity) {
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, validity.byteLength);
  }
}

const JS_TYPE: Record<ColumnType, string> = {
  VARCHAR: 'string',
  DOUBLE: 'number',
  INTEGER: 'number',
  BOOLEAN: 'boolean',
};

/** The value for a column of `type`, or an error naming the table and column. */
function checked(
  type: ColumnType,
  v: unknown,
  table: string,
  col: string,
): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === JS_TYPE[type] && (type !== 'INTEGER' || Number.isInteger(v))) {
    return v as string | number | boolean;
  }
  throw new Error(`Loading ${table}.${col}: expected ${type}, got ${JSON.stringify(v)}`);
}

function plain(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}
