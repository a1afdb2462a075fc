/** Runs SQL models from transforms/models in the order given. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, sqlString } from '../kernel/database.ts';

// From this file's folder's parent, so the path holds both for transforms/run-models.ts and for
// the bundled dist/clusterfit.mjs (both sit one folder below the repository root).
const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'transforms', 'models');

/** `model` is "<layer>/<name>", e.g. "staging/stg_projections". */
export async function runModels(db: Database, models: readonly string[]): Promise<void> {
  for (const model of models) {
    const sql = readFileSync(join(MODELS_DIR, `${model}.sql`), 'utf8');
    for (const [, name] of sql.matchAll(/^create or replace view (\w+)/gim)) {
      await dropTable(db, name as string);
    }
    await db.exec(sql);
  }
}

/**
 * Runs a model that builds temporary tables (tmp_cluster_facts) unless `table` already exists:
 * one stage builds it and later ones of the same run reuse it, while a finished run's database
 * opened afresh (the stability benchmark) builds it again.
 */
export async function ensureTemporary(db: Database, model: string, table: string): Promise<void> {
  const found = await db.scalar(
    `select count(*) from duckdb_tables() where temporary and table_name = ${sqlString(table)}`,
  );
  if (found === 0) await runModels(db, [model]);
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
