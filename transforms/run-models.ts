/** Runs SQL models from transforms/models in the order given. */
import { type Database, sqlString } from '../kernel/database.ts';
import { modelOf, modelRefs, modelSql } from './model-refs.ts';

/** `model` is "<layer>/<name>", e.g. "staging/stg_projections". */
export async function runModels(db: Database, models: readonly string[]): Promise<void> {
  for (const model of models) {
    const sql = modelSql(model);
    for (const [, name] of sql.matchAll(/^create or replace view (\w+)/gim)) {
      await dropTable(db, name as string);
    }
    await db.exec(sql);
  }
}

/**
 * Runs a model that builds a temporary table (tmp_cluster_facts) unless the table exists, after
 * the temporary tables it reads: the score stage builds them and later stages of the same run
 * reuse them, while a finished run's database opened afresh (explain, the stability benchmark)
 * builds them again.
 */
export async function ensureTemporary(db: Database, model: string): Promise<void> {
  const { creates, reads } = modelRefs(model);
  const found = await db.scalar(
    `select count(*) from duckdb_tables()
     where temporary and table_name = ${sqlString(creates[0] ?? '')}`,
  );
  if (found > 0) return;
  for (const relation of reads) {
    const upstream = modelOf(relation);
    if (upstream && relation.startsWith('tmp_')) await ensureTemporary(db, upstream);
  }
  await runModels(db, [model]);
}

/**
 * Drops a table of that name, so a model can replace it with a view: a database reused with
 * --db may hold it as a table from an earlier version, and DuckDB does not replace one kind of
 * object with the other.
 */
async function dropTable(db: Database, name: string): Promise<void> {
  const tables = await db.scalar(
    `select count(*) from information_schema.tables
     where table_catalog = current_database() and table_schema = current_schema()
       and table_type = 'BASE TABLE' and table_name = ${sqlString(name)}`,
  );
  if (tables > 0) await db.exec(`drop table "${name}"`);
}
