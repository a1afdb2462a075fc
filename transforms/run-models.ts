/** Runs SQL models from transforms/models in the order given. */
import { type Database, sqlIdent, sqlString } from '../kernel/database.ts';
import { modelOf, modelRefs, modelSql, modelViews } from './model-refs.ts';

/**
 * The views a small run also builds once as temporary tables of the same name, on the connection
 * that made them (materializeViews). A connection finds a temporary table before the database's
 * relation of that name, so the run's later statements read the rows instead of planning and
 * running the view again, while the database file keeps the views (a large run's 750,000
 * projections are not copied). int_projections is read by eight statements (through
 * mart_occupations, int_area_context and int_occupation_facts too), each binding and running its
 * bridge and merges. The stages of the tables-only default job replayed, 16 pairs: 19 ms less
 * CPU (14 of 16). mart_occupations copied too: 40 more pairs, no gain (paired -1.5 ms of CPU, 23
 * of 40); every view copied: 3-6 ms, the copies costing what their readers saved.
 */
const MATERIALIZED = new Set(['int_projections']);
const materializing = new WeakSet<Database>();

/** A small run's connection: runModels builds the MATERIALIZED view as a temporary table too. */
export function materializeViews(db: Database): void {
  materializing.add(db);
}

/** Per connection, the model views whose same-named tables were dropped already (dropTables). */
const viewsFreed = new WeakMap<Database, Set<string>>();

/** `model` is "<layer>/<name>", e.g. "staging/stg_projections". */
export async function runModels(db: Database, models: readonly string[]): Promise<void> {
  // Only a database file that was there before can hold a table where a model makes a view. In
  // a new one the first await is the first statement, which run.ts's work beside a stage's first
  // statement overlaps; an await of a drop with nothing to do put that work before it, and read
  // every model's text for the views' names (4 ms).
  if (db.reused) await dropTables(db, models);
  for (const model of models) {
    const sql = modelSql(model);
    await db.exec(sql);
    const name = model.slice(model.lastIndexOf('/') + 1);
    if (materializing.has(db) && MATERIALIZED.has(name)) {
      const view = `create or replace view ${name} as`;
      // The model's own text, so the copy cannot drift from the view; a model no longer written
      // this way fails here instead of leaving the run reading the view again.
      if (!sql.includes(view)) throw new Error(`${model}.sql does not say "${view}"`);
      await db.exec(sql.replace(view, `create or replace temp table ${name} as`));
    }
  }
  for (const model of models) {
    const name = model.slice(model.lastIndexOf('/') + 1);
    if (name.startsWith('tmp_')) temporaryOf(db).add(name);
  }
}

/**
 * The temporary tables (tmp_*) runModels built on this connection, so ensureTemporary asks the
 * catalog only on a database opened afresh (one query each time: three a run). A temporary table
 * some code drops (tmp_sublevel_facts, tmp_stability_clusters) is never ensured.
 */
const temporary = new WeakMap<Database, Set<string>>();
function temporaryOf(db: Database): Set<string> {
  let names = temporary.get(db);
  if (!names) {
    names = new Set();
    temporary.set(db, names);
  }
  return names;
}

/**
 * Runs a model that builds a temporary table (tmp_cluster_facts) unless the table exists, after
 * the temporary tables it reads: the score stage builds them and later stages of the same run
 * reuse them, while a finished run's database opened afresh (explain, the stability benchmark)
 * builds them again.
 */
export async function ensureTemporary(db: Database, model: string): Promise<void> {
  const { creates, reads } = modelRefs(model);
  if (temporaryOf(db).has(creates[0] ?? '')) return;
  const found = await db.scalar(
    `select count(*) from duckdb_tables()
     where temporary and table_name = ${sqlString(creates[0] ?? '')}`,
  );
  if (found > 0) {
    temporaryOf(db).add(creates[0] ?? '');
    return;
  }
  for (const relation of reads) {
    const upstream = modelOf(relation);
    if (upstream && relation.startsWith('tmp_')) await ensureTemporary(db, upstream);
  }
  await runModels(db, [model]);
}

/**
 * Drops the tables named as the views these models create, so the models can replace them: a
 * database reused with --db may hold one as a table from an earlier version, and DuckDB does not
 * replace one kind of object with the other. Each view once a connection, in one catalog query
 * for every view, not one per view. A model creates the relation it is named for; a table of
 * another name (a test's stand-in for a view it does not run) stays.
 */
async function dropTables(db: Database, models: readonly string[]): Promise<void> {
  let freed = viewsFreed.get(db);
  if (!freed) {
    freed = new Set();
    viewsFreed.set(db, freed);
  }
  const views = new Set(modelViews());
  const names = models
    .map((model) => model.slice(model.lastIndexOf('/') + 1))
    .filter((name) => views.has(name) && !freed.has(name));
  if (names.length === 0) return;
  const tables = await db.all<{ name: string }>(
    `select table_name as name from duckdb_tables()
     where not temporary and database_name = current_database()
       and schema_name = current_schema() and table_name in (${names.map(sqlString).join(', ')})`,
  );
  for (const { name } of tables) await db.exec(`drop table ${sqlIdent(name)}`);
  for (const name of names) freed.add(name);
}
