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
import { Database, type Row } from '../kernel/database.ts';
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
    throw new CliError(
      messages.historyUnreadable(path, (error as Error).message.split('\n')[0] ?? ''),
      ExitCode.input,
    );
  }
  try {
    const version = (await db.hasTable('schema_version'))
      ? await db.scalar('select max(version) from schema_version')
      : 0;
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
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Appends one run to the history in `stagingDir`, starting from the output folder's current
 * history (copied, never modified in place). The clusters come from the run's database.
 */
export async function appendRun(
  outDir: string,
  stagingPath: string,
  run: RunFacts,
  inputs: readonly InputFacts[],
  runDb: Database,
): Promise<void> {
  const current = join(outDir, HISTORY_FILE);
  if (existsSync(current)) copyFileSync(current, stagingPath);
  const clusters = await runDb.all(`select area_code as area, vintage, framework, cluster,
      base_employment, pct_change, annual_openings, median_wage, score, rank, approved
    from mart_clusters order by all`);
  const db = await openHistory(stagingPath);
  try {
    await db.exec('begin transaction');
    await db.load('runs_new', RUN_COLUMNS, [run as unknown as Row]);
    await db.exec('insert into runs select * from runs_new; drop table runs_new');
    await db.load(
      'inputs_new',
      INPUT_COLUMNS,
      inputs.map((i) => ({
        run_id: run.run_id,
        source: i.source,
        file: i.file,
        sha256: i.sha256,
        bytes: i.bytes,
        rows_read: i.rows,
      })),
    );
    await db.exec('insert into run_inputs select * from inputs_new; drop table inputs_new');
    await db.load(
      'clusters_new',
      CLUSTER_COLUMNS,
      clusters.map((c) => ({ run_id: run.run_id, ...c })),
    );
    await db.exec('insert into run_clusters select * from clusters_new; drop table clusters_new');
    await db.exec('commit');
  } finally {
    db.close();
  }
}

const RUN_COLUMNS = [
  'run_id',
  'started_at',
  'finished_at',
  'command',
  'clusterfit',
  'config_hash',
  'fingerprint',
  'config_json',
  'recommendation',
].map((name) => ({ name, type: 'VARCHAR' as const }));

const INPUT_COLUMNS = [
  { name: 'run_id', type: 'VARCHAR' as const },
  { name: 'source', type: 'VARCHAR' as const },
  { name: 'file', type: 'VARCHAR' as const },
  { name: 'sha256', type: 'VARCHAR' as const },
  { name: 'bytes', type: 'DOUBLE' as const },
  { name: 'rows_read', type: 'INTEGER' as const },
];

const CLUSTER_COLUMNS = [
  ...['run_id', 'area', 'vintage', 'framework', 'cluster'].map((name) => ({
    name,
    type: 'VARCHAR' as const,
  })),
  ...['base_employment', 'pct_change', 'annual_openings', 'median_wage', 'score'].map((name) => ({
    name,
    type: 'DOUBLE' as const,
  })),
  { name: 'rank', type: 'INTEGER' as const },
  { name: 'approved', type: 'BOOLEAN' as const },
];

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
