/**
 * Run history: every published run's id, time, config hash, input checksums, cluster results and
 * recommendation, in `history.duckdb` in the output folder. Each run appends; none rewrites
 * another's rows. The run copies the previous history into its staging folder and appends there,
 * so the history is committed with the outputs it describes, or not at all.
 *
 * The schema carries a version; migrations run in one transaction, so a database is never left
 * half-migrated.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import { Database, sqlIdent, sqlString } from '../kernel/database.ts';
import { messages } from '../kernel/messages.ts';

export const HISTORY_FILE = 'history.duckdb';

/** Each entry takes the schema from version i to i + 1. */
const MIGRATIONS: readonly string[] = [
  `create table schema_version (version integer not null);
   insert into schema_version values (0);
   create table runs (
     run_id varchar primary key, started_at varchar not null, finished_at varchar not null,
     command varchar, clusterfit varchar not null, config_hash varchar not null,
     fingerprint varchar not null, config_json varchar not null, recommendation varchar not null);
   create table run_inputs (
     run_id varchar not null, source varchar not null, file varchar not null,
     sha256 varchar not null, bytes bigint not null, rows_read integer not null);
   create table run_clusters (
     run_id varchar not null, area varchar not null, vintage varchar not null,
     framework varchar not null, cluster varchar not null, base_employment double,
     pct_change double, annual_openings double, median_wage double, score double,
     rank integer, approved boolean);`,
];

export interface RunFacts {
  run_id: string;
  started_at: string;
  finished_at: string;
  command: string | null;
  clusterfit: string;
  config_hash: string;
  fingerprint: string;
  config_json: string;
  recommendation: string;
}

export interface InputFacts {
  source: string;
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
}

/** Opens (creating or migrating) a history database; a file that is not one is an input error. */
export async function openHistory(path: string): Promise<Database> {
  let db: Database;
  try {
    db = await Database.open(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    await migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const unreadable = (path: string, error: unknown): CliError =>
  new CliError(
    messages.historyUnreadable(path, (error as Error).message.split('\n')[0] ?? ''),
    ExitCode.input,
  );

/** Brings the history that is the connection's current database to the schema's version. */
async function migrate(db: Database, path: string): Promise<void> {
  const hasVersion = await db.scalar(
    `select count(*) from duckdb_tables()
     where database_name = current_database() and table_name = 'schema_version'`,
  );
  const version = hasVersion > 0 ? await db.scalar('select max(version) from schema_version') : 0;
  if (version > MIGRATIONS.length) {
    throw new CliError(messages.historyTooNew(path, version, MIGRATIONS.length), ExitCode.input);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    await db.exec('begin transaction');
    try {
      await db.exec(MIGRATIONS[v] as string);
      await db.exec(`update schema_version set version = ${v + 1}`);
      await db.exec('commit');
    } catch (error) {
      await db.exec('rollback');
      throw error;
    }
  }
}

/**
 * The folder's history for a run to append to: `stagingPath` (a copy of the output folder's,
 * never modified in place, or a new one) attached to the run's database on a connection of its
 * own, made that connection's current database, so the history's tables are read and written by
 * their names and the run's by `runDatabase`'s. Attached rather than opened as a second DuckDB
 * instance: the tables-only job opened history.duckdb three times, ~0.14 s of a 1.1 s run (an
 * instance, its schema probes, and a checkpoint as it closed, each time). On a connection of its
 * own so that the run attaches, migrates and reads it while ingest works, appends the run's
 * inputs and clusters while publish works, and at its end only adds the run's row and detaches:
 * there the history's ~18 statements, one after another on the run's connection, were the
 * longest wait of the run's ending.
 */
export class RunHistory {
  private constructor(
    /** The history's connection, its current database the history (for diffHistory). */
    readonly db: Database,
    private readonly alias: string,
    /** The run database's name, to read the run's tables by. */
    readonly runDatabase: string,
    /** The history's last run before this one, or null. */
    readonly last: RunFacts | null,
  ) {}

  static async attach(runDb: Database, outDir: string, stagingPath: string): Promise<RunHistory> {
    const path = join(outDir, HISTORY_FILE);
    if (existsSync(path)) copyFileSync(path, stagingPath);
    const db = await runDb.connect();
    try {
      const [runDatabase] = (await db.firstRow('select current_database()')) as [string];
      // An alias no run database has (its name is its file's): `--db history.duckdb` is allowed.
      const alias = runDatabase === 'run_history' ? 'run_history_' : 'run_history';
      try {
        // Without a write-ahead log: the history is staging's copy, which a run that dies
        // leaves to be removed, so its commits need none. Each of them wrote and synced
        // history.duckdb.wal (a sync took 1-80 ms here); the file is now written once, when it
        // is detached (close).
        await db.exec(
          `attach ${sqlString(stagingPath)} as ${alias} (recovery_mode no_wal_writes); use ${alias}`,
        );
      } catch (error) {
        throw unreadable(path, error);
      }
      await migrate(db, path);
      return new RunHistory(db, alias, runDatabase, await lastRun(db));
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The run's inputs and clusters appended (appendResults), or nothing. */
  private pending: Promise<void> = Promise.resolve();

  /**
   * Appends the run's inputs and clusters, once its stages have committed them, in one
   * transaction, while the run publishes: they do not depend on what publish writes. Its clusters
   * come from the run's own tables, without passing through JS; its inputs are literals, not
   * bound parameters (binding run_inputs' 54 parameters took 2-20 ms). A failure is append's.
   */
  appendResults(runId: string, inputs: readonly InputFacts[], after: Promise<unknown>): void {
    const values = inputs.map(
      (i) =>
        `(${[runId, i.source, i.file, i.sha256].map(sqlString).join(', ')}, ${i.bytes}, ${i.rows})`,
    );
    this.pending = after
      .then(() =>
        this.db.exec(
          `begin transaction;
         ${values.length > 0 ? `insert into run_inputs (run_id, source, file, sha256, bytes, rows_read) values ${values.join(', ')};` : ''}
         insert into run_clusters
         select ${sqlString(runId)}, area_code, vintage, framework, cluster, base_employment,
           pct_change, annual_openings, median_wage, score, rank, approved
         from ${sqlIdent(this.runDatabase)}.main.mart_clusters order by all;
         commit`,
        ),
      )
      .catch(async (error: unknown) => {
        // A failed commit has ended the transaction already.
        await this.db.exec('rollback').catch(() => undefined);
        throw error;
      });
    this.pending.catch(() => undefined);
  }

  /**
   * Appends the run itself, with its recommendation read by DuckDB from `recommendationFile`
   * (the run's recommendation.md), once its inputs and clusters are in: the history never holds
   * a run's row without them. (A run that fails before this publishes no history: the history is
   * its staging folder's copy.) At 1,000 areas the recommendation is 32 MB: read back into a
   * JavaScript string and bound as a parameter, it held ~60 MB more of the heap at the run's
   * peak memory (1,275 -> 1,405 MB in a sampled run) and the main thread for the insert.
   * read_text takes a glob pattern: the path's `*`, `?` and `[` are each matched as themselves,
   * in a bracket of their own.
   */
  async append(run: Omit<RunFacts, 'recommendation'>, recommendationFile: string): Promise<void> {
    await this.pending;
    const fields = RUN_FIELDS.filter((c) => c !== 'recommendation');
    await this.db.exec(
      `insert into runs (${fields.join(', ')}, recommendation)
       select ${fields.map(() => '?').join(', ')}, content from read_text(?)`,
      [...fields.map((c) => run[c]), recommendationFile.replace(/[*?[]/g, (c) => `[${c}]`)],
    );
  }

  private closing: Promise<void> | undefined;

  /**
   * Detaches the history, which writes its file whole (a checkpoint), and ends the connection;
   * once, however often it is asked (the run's ending, then a failed run's cleanup).
   */
  close(): Promise<void> {
    this.closing ??= this.pending
      .catch(() => undefined)
      .then(() => this.db.exec(`use ${sqlIdent(this.runDatabase)}; detach ${this.alias}`))
      .finally(() => this.db.close());
    return this.closing;
  }
}

/** The history's last run (of the connection's current database), or null. */
export async function lastRun(db: Database): Promise<RunFacts | null> {
  const rows = await db.all('select * from runs order by started_at desc, run_id desc limit 1');
  return (rows[0] as unknown as RunFacts | undefined) ?? null;
}

const RUN_FIELDS: readonly (keyof RunFacts)[] = [
  'run_id',
  'started_at',
  'finished_at',
  'command',
  'clusterfit',
  'config_hash',
  'fingerprint',
  'config_json',
  'recommendation',
];

/** The last run in an output folder's history, or null (no history, or no run in it). */
export async function previousRun(outDir: string): Promise<RunFacts | null> {
  const path = join(outDir, HISTORY_FILE);
  if (!existsSync(path)) return null;
  const db = await openHistory(path);
  try {
    return await lastRun(db);
  } finally {
    db.close();
  }
}

/** The runs in an output folder's history, oldest first. */
export async function listRuns(outDir: string): Promise<RunFacts[]> {
  const path = join(outDir, HISTORY_FILE);
  if (!existsSync(path)) return [];
  const db = await openHistory(path);
  try {
    return (await db.all(
      'select * from runs order by started_at, run_id',
    )) as unknown as RunFacts[];
  } finally {
    db.close();
  }
}
